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
                .build();

        assertThat(hook.toString())
                .doesNotContain("the-webhook-secret-value", "ghp_sourceTokenValue", "buildTokenValue")
                .contains("id=hk_a", "secret=***", "token=***", "buildToken=***");
    }

    @Test
    void writeOnly_toString_neverShowsTheValue() {
        assertThat(WriteOnly.of("ghp_tokenValue").toString()).isEqualTo("WriteOnly[set ***]");
        assertThat(WriteOnly.of(null).toString()).isEqualTo("WriteOnly[clear]");
        assertThat(WriteOnly.keep().toString()).isEqualTo("WriteOnly[keep]");
    }
}
