package io.gitbridge.crypto;

import io.gitbridge.crypto.internal.AesGcm;
import io.gitbridge.crypto.internal.DataKey;
import io.gitbridge.crypto.internal.Envelope;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Envelope encryption under an AWS KMS key. Data keys come from {@code GenerateDataKey} (AES-256) and are unwrapped
 * with {@code Decrypt}, both with the fixed KMS encryption context {@link #KMS_CONTEXT}, which the key policy
 * requires; the per-token context (hook id, field) is bound by AES-GCM.
 *
 * <p>To keep KMS calls few, a container reuses one generated data key for {@link #DEFAULT_KEY_REUSE} or
 * {@link #DEFAULT_MAX_USES} seals, whichever ends first, and remembers unwrapped data keys for the same time, so
 * opening many tokens sealed in the same period costs one {@code Decrypt}. Plaintext data keys live only in memory.
 */
public final class KmsTokenCipher implements TokenCipher {

    /** The KMS encryption context of every data key; the key policy allows token use only with it. */
    public static final Map<String, String> KMS_CONTEXT = Map.of("purpose", "gitbridge-token");
    /** How long a data key is used for sealing, and an unwrapped one is remembered. */
    public static final Duration DEFAULT_KEY_REUSE = Duration.ofMinutes(5);
    /** How many tokens one data key seals at most. */
    public static final int DEFAULT_MAX_USES = 1_000;

    private static final int MAX_REMEMBERED_KEYS = 256;

    private final KmsClient kms;
    private final String keyId;
    private final Clock clock;
    private final Duration keyReuse;
    private final int maxUses;
    private final Map<ByteBuffer, Remembered> opened = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Remembered> eldest) {
            return size() > MAX_REMEMBERED_KEYS;
        }
    };
    private DataKey sealing;
    private Instant sealingExpires = Instant.MIN;
    private int sealingUses;

    /** A cipher under the KMS key {@code keyId} (key id, key ARN or alias), with the default reuse limits. */
    public KmsTokenCipher(KmsClient kms, String keyId) {
        this(kms, keyId, Clock.systemUTC(), DEFAULT_KEY_REUSE, DEFAULT_MAX_USES);
    }

    /**
     * A cipher under the KMS key {@code keyId}.
     *
     * @param keyReuse how long one generated data key seals tokens, and an unwrapped one is remembered
     * @param maxUses how many tokens one generated data key seals at most
     */
    public KmsTokenCipher(KmsClient kms, String keyId, Clock clock, Duration keyReuse, int maxUses) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.clock = clock;
        this.keyReuse = keyReuse;
        this.maxUses = maxUses;
    }

    @Override
    public synchronized byte[] seal(String plaintext, Map<String, String> context) {
        Instant now = clock.instant();
        if (sealing == null || !now.isBefore(sealingExpires) || sealingUses >= maxUses) {
            sealing = generateDataKey();
            sealingExpires = now.plus(keyReuse);
            sealingUses = 0;
            opened.put(ByteBuffer.wrap(sealing.wrapped()), new Remembered(sealing.key(), sealingExpires));
        }
        sealingUses++;
        return Envelope.seal(Envelope.KMS, sealing, plaintext, context);
    }

    @Override
    public String open(byte[] sealed, Map<String, String> context) {
        Envelope envelope = Envelope.parse(sealed, Envelope.KMS);
        return envelope.open(dataKey(envelope.wrappedKey()), context);
    }

    private synchronized SecretKey dataKey(byte[] wrapped) {
        Instant now = clock.instant();
        ByteBuffer cacheKey = ByteBuffer.wrap(wrapped);
        Remembered remembered = opened.get(cacheKey);
        if (remembered != null && now.isBefore(remembered.expires())) {
            return remembered.key();
        }
        SecretKey key = decrypt(wrapped);
        opened.put(cacheKey, new Remembered(key, now.plus(keyReuse)));
        return key;
    }

    private DataKey generateDataKey() {
        GenerateDataKeyResponse response;
        try {
            response = kms.generateDataKey(g -> g.keyId(keyId).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(KMS_CONTEXT));
        } catch (SdkException e) {
            throw new TokenKeyUnavailableException("KMS key " + keyId + " did not generate a data key: "
                    + e.getMessage(), e);
        }
        byte[] plaintext = response.plaintext().asByteArray();
        try {
            return new DataKey(AesGcm.key(plaintext), response.ciphertextBlob().asByteArray());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private SecretKey decrypt(byte[] wrapped) {
        byte[] plaintext;
        try {
            plaintext = kms.decrypt(d -> d.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                    .encryptionContext(KMS_CONTEXT)).plaintext().asByteArray();
        } catch (InvalidCiphertextException | IncorrectKeyException e) {
            throw new SealedTokenRejectedException("sealed token's data key does not open with KMS key " + keyId
                    + ": it was sealed under another key, or tampered with", e);
        } catch (SdkException e) {
            throw new TokenKeyUnavailableException("KMS key " + keyId + " did not unwrap a data key: "
                    + e.getMessage(), e);
        }
        try {
            return AesGcm.key(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private record Remembered(SecretKey key, Instant expires) {
    }
}
