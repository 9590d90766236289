package io.gitbridge.crypto.internal;

import io.gitbridge.crypto.SealedTokenRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;

/**
 * A sealed token, stored as one binary value:
 *
 * <pre>
 * version (1 byte, 1) | key source (1 byte) | wrapped key length (2 bytes, big-endian) | wrapped data key
 *   | IV (12 bytes) | AES-256-GCM ciphertext with its 16-byte tag
 * </pre>
 *
 * The GCM additional data is the version, the key source and the context (sorted by name, each name and value
 * length-prefixed), so a value opens only for the context it was sealed for.
 */
public final class Envelope {

    /** The format version this code writes and reads. */
    public static final byte VERSION = 1;
    /** Key source: the data key is wrapped by AWS KMS. */
    public static final byte KMS = 1;
    /** Key source: the data key is wrapped by a local key file. */
    public static final byte LOCAL_KEY = 2;

    private static final int HEADER_BYTES = 4;
    private static final String REJECTED = "sealed token does not open: it was tampered with, or sealed for another "
            + "hook or field";

    private final byte keySource;
    private final byte[] wrappedKey;
    private final byte[] iv;
    private final byte[] ciphertext;

    private Envelope(byte keySource, byte[] wrappedKey, byte[] iv, byte[] ciphertext) {
        this.keySource = keySource;
        this.wrappedKey = wrappedKey;
        this.iv = iv;
        this.ciphertext = ciphertext;
    }

    /** Seals {@code plaintext} under {@code dataKey}, bound to {@code context}. */
    public static byte[] seal(byte keySource, DataKey dataKey, String plaintext, Map<String, String> context) {
        if (dataKey.wrapped().length == 0 || dataKey.wrapped().length > 0xFFFF) {
            throw new IllegalArgumentException("a wrapped data key has 1 to 65535 bytes, not " + dataKey.wrapped().length);
        }
        byte[] iv = AesGcm.randomBytes(AesGcm.IV_BYTES);
        byte[] ciphertext = AesGcm.encrypt(dataKey.key(), iv, plaintext.getBytes(StandardCharsets.UTF_8),
                additionalData(keySource, context));
        return ByteBuffer.allocate(HEADER_BYTES + dataKey.wrapped().length + iv.length + ciphertext.length)
                .put(VERSION).put(keySource).putShort((short) dataKey.wrapped().length)
                .put(dataKey.wrapped()).put(iv).put(ciphertext)
                .array();
    }

    /**
     * Reads a sealed value, checking every length before it slices.
     *
     * @throws SealedTokenRejectedException when the value is not a sealed token of this version and key source
     */
    public static Envelope parse(byte[] sealed, byte expectedKeySource) {
        if (sealed.length < HEADER_BYTES + 1 + AesGcm.IV_BYTES + AesGcm.TAG_BYTES) {
            throw new SealedTokenRejectedException("sealed token is too short to be one (" + sealed.length + " bytes)", null);
        }
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        byte version = buffer.get();
        if (version != VERSION) {
            throw new SealedTokenRejectedException("sealed token has format version " + version + "; this code reads "
                    + VERSION, null);
        }
        byte keySource = buffer.get();
        if (keySource != expectedKeySource) {
            throw new SealedTokenRejectedException("sealed token's data key is wrapped by " + sourceName(keySource)
                    + ", not by " + sourceName(expectedKeySource), null);
        }
        int wrappedLength = Short.toUnsignedInt(buffer.getShort());
        if (wrappedLength == 0 || buffer.remaining() < wrappedLength + AesGcm.IV_BYTES + AesGcm.TAG_BYTES) {
            throw new SealedTokenRejectedException("sealed token is truncated", null);
        }
        byte[] wrapped = new byte[wrappedLength];
        buffer.get(wrapped);
        byte[] iv = new byte[AesGcm.IV_BYTES];
        buffer.get(iv);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        return new Envelope(keySource, wrapped, iv, ciphertext);
    }

    /** The wrapped data key, to be unwrapped by the key source. */
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    /**
     * The plaintext, when {@code dataKey} is the unwrapped key and {@code context} the one it was sealed with.
     *
     * @throws SealedTokenRejectedException otherwise
     */
    public String open(SecretKey dataKey, Map<String, String> context) {
        byte[] plaintext = AesGcm.decrypt(dataKey, iv, ciphertext, additionalData(keySource, context), REJECTED);
        try {
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] additionalData(byte keySource, Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(keySource);
        new TreeMap<>(context).forEach((name, value) -> {
            writeField(out, name);
            writeField(out, value);
        });
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("a context name or value has at most 65535 bytes");
        }
        out.write(bytes.length >>> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static String sourceName(byte keySource) {
        return switch (keySource) {
            case KMS -> "AWS KMS";
            case LOCAL_KEY -> "a local key file";
            default -> "unknown key source " + keySource;
        };
    }
}
