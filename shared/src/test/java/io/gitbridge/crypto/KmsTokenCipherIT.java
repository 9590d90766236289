package io.gitbridge.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KmsTokenCipher} against the test environment's KMS: LocalStack's with {@code -Plocalstack}, the
 * in-process stand-in by default. KMS calls are counted at the client, so the counts hold for real KMS too.
 */
class KmsTokenCipherIT {

    private static final String TOKEN = "glpat-0123456789abcdefghij";
    private static final Map<String, String> CONTEXT = Map.of("hookId", "hk_one", "field", "token");

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final CountingKms kms = new CountingKms(aws);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private String keyId;

    @BeforeEach
    void createKey() {
        keyId = aws.kms().createKey(k -> k.description("gitbridge tokens")).keyMetadata().arn();
    }

    private KmsTokenCipher cipher() {
        return new KmsTokenCipher(kms.client(), keyId, clock, KmsTokenCipher.DEFAULT_KEY_REUSE,
                KmsTokenCipher.DEFAULT_MAX_USES);
    }

    @Test
    void seal_thenOpen_returnsTheToken_andTheSealedValueHoldsNoPlaintext() {
        KmsTokenCipher cipher = cipher();

        byte[] sealed = cipher.seal(TOKEN, CONTEXT);

        assertThat(cipher().open(sealed, CONTEXT)).isEqualTo(TOKEN);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN).doesNotContain("glpat");
        assertThat(sealed[0]).as("format version").isEqualTo((byte) 1);
        assertThat(sealed[1]).as("key source: KMS").isEqualTo((byte) 1);
    }

    @Test
    void open_rejectsAnotherHookOrField() {
        byte[] sealed = cipher().seal(TOKEN, CONTEXT);

        assertThatThrownBy(() -> cipher().open(sealed, Map.of("hookId", "hk_two", "field", "token")))
                .isInstanceOf(SealedTokenRejectedException.class)
                .hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> cipher().open(sealed, Map.of("hookId", "hk_one", "field", "buildToken")))
                .isInstanceOf(SealedTokenRejectedException.class);
    }

    @Test
    void open_rejectsATamperedWrappedKeyOrCiphertext() {
        byte[] sealed = cipher().seal(TOKEN, CONTEXT);
        int wrappedLength = ((sealed[2] & 0xFF) << 8) | (sealed[3] & 0xFF);
        byte[] badKey = sealed.clone();
        badKey[4 + wrappedLength / 2] ^= 0x01;
        byte[] badCiphertext = sealed.clone();
        badCiphertext[sealed.length - 1] ^= 0x01;

        assertThatThrownBy(() -> cipher().open(badKey, CONTEXT)).isInstanceOf(SealedTokenRejectedException.class)
                .hasMessageContaining("does not open with KMS key " + keyId);
        assertThatThrownBy(() -> cipher().open(badCiphertext, CONTEXT))
                .isInstanceOf(SealedTokenRejectedException.class);
    }

    @Test
    void open_rejectsATokenSealedUnderAnotherKmsKey() {
        byte[] sealed = cipher().seal(TOKEN, CONTEXT);
        String otherKey = aws.kms().createKey(k -> k.description("another deployment")).keyMetadata().arn();

        assertThatThrownBy(() -> new KmsTokenCipher(kms.client(), otherKey).open(sealed, CONTEXT))
                .isInstanceOf(SealedTokenRejectedException.class);
    }

    @Test
    void seal_reportsAKeyThatDoesNotExist() {
        String missing = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000";

        assertThatThrownBy(() -> new KmsTokenCipher(kms.client(), missing).seal(TOKEN, CONTEXT))
                .isInstanceOf(TokenKeyUnavailableException.class)
                .hasMessageStartingWith("KMS key " + missing + " did not generate a data key");
    }

    @Test
    void twentyHooks_costOneGenerateDataKey_andOneDecryptInAFreshContainer() {
        KmsTokenCipher writer = cipher();
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sealed.add(writer.seal("token-" + i, Map.of("hookId", "hk_" + i, "field", "token")));
            sealed.add(writer.seal("build-token-" + i, Map.of("hookId", "hk_" + i, "field", "buildToken")));
        }
        assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
        assertThat(kms.calls("Decrypt")).isZero();

        KmsTokenCipher freshContainer = cipher();
        for (int i = 0; i < 20; i++) {
            assertThat(freshContainer.open(sealed.get(2 * i), Map.of("hookId", "hk_" + i, "field", "token")))
                    .isEqualTo("token-" + i);
            assertThat(freshContainer.open(sealed.get(2 * i + 1), Map.of("hookId", "hk_" + i, "field", "buildToken")))
                    .isEqualTo("build-token-" + i);
        }

        assertThat(kms.calls("Decrypt")).isEqualTo(1);
        assertThat(writer.open(sealed.get(0), Map.of("hookId", "hk_0", "field", "token"))).isEqualTo("token-0");
        assertThat(kms.calls("Decrypt")).as("the writer remembers the key it generated").isEqualTo(1);
    }

    @Test
    void seal_generatesANewDataKey_afterTheReusePeriod_orTheMaximumUses() {
        KmsTokenCipher cipher = new KmsTokenCipher(kms.client(), keyId, clock, Duration.ofMinutes(5), 3);

        cipher.seal(TOKEN, CONTEXT);
        clock.advance(Duration.ofMinutes(4));
        cipher.seal(TOKEN, CONTEXT);
        assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        cipher.seal(TOKEN, CONTEXT);
        assertThat(kms.calls("GenerateDataKey")).isEqualTo(2);
        cipher.seal(TOKEN, CONTEXT);
        cipher.seal(TOKEN, CONTEXT);
        cipher.seal(TOKEN, CONTEXT);
        assertThat(kms.calls("GenerateDataKey")).as("three seals per data key at most").isEqualTo(3);
    }

    @Test
    void open_asksKmsAgain_afterTheReusePeriod_soARevokedKeyStopsWorking() {
        byte[] sealed = cipher().seal(TOKEN, CONTEXT);
        KmsTokenCipher reader = cipher();
        reader.open(sealed, CONTEXT);
        clock.advance(Duration.ofMinutes(4));
        reader.open(sealed, CONTEXT);
        assertThat(kms.calls("Decrypt")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        reader.open(sealed, CONTEXT);

        assertThat(kms.calls("Decrypt")).isEqualTo(2);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
