package io.gitbridge.hook;

import io.gitbridge.provider.HookEvents;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HookTest {

    @Test
    void toString_showsNoSecretOrToken() {
        Hook hook = Hook.builder().id("hk_a").project("app").provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("the-webhook-secret-value").token("ghp_sourceTokenValue").buildRepo("https://b.example/r.git")
                .buildBranch("master").buildToken("buildTokenValue").createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH)
                .secretRotation(new SecretRotation("the-previous-secret-value", Instant.EPOCH))
                .build();

        assertThat(hook.toString())
                .doesNotContain("the-webhook-secret-value", "ghp_sourceTokenValue", "buildTokenValue",
                        "the-previous-secret-value")
                .contains("id=hk_a", "secret=***", "token=***", "buildToken=***");
    }

    @Test
    void writeOnly_toString_neverShowsTheValue() {
        assertThat(WriteOnly.of("ghp_tokenValue").toString()).isEqualTo("WriteOnly[set ***]");
        assertThat(WriteOnly.of(null).toString()).isEqualTo("WriteOnly[clear]");
        assertThat(WriteOnly.keep().toString()).isEqualTo("WriteOnly[keep]");
    }

    @Test
    void previousSecret_isAcceptedUntilJustBeforeItsEnd_thenNoLonger() {
        Instant end = Instant.parse("2026-11-30T04:00:00Z");
        Hook hook = Hook.builder().secret("current-secret-value")
                .secretRotation(new SecretRotation("previous-secret-value", end)).build();

        assertThat(hook.previousSecretAt(end.minusMillis(1))).contains("previous-secret-value");
        assertThat(hook.previousSecretAt(end)).isEmpty();
        assertThat(Hook.builder().secret("current-secret-value").build().previousSecretAt(end)).isEmpty();
    }

    @Test
    void secretRotationAndItsInput_toString_neverShowTheSecrets() {
        assertThat(new SecretRotation("previous-secret-value", Instant.EPOCH).toString())
                .isEqualTo("SecretRotation[previousSecret=***, previousValidUntil=1970-01-01T00:00:00Z]");
        assertThat(new SecretRotationInput(java.util.Optional.of("chosen-secret-value"), java.time.Duration.ZERO)
                .toString()).doesNotContain("chosen-secret-value");
        assertThat(new RotatedSecret(Hook.builder().secret("s").build(), java.util.Optional.of("generated-value"))
                .toString()).doesNotContain("generated-value");
    }
}
