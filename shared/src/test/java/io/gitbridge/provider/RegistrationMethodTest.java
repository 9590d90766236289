package io.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.provider.github.GitHubHubRegistrar;
import io.gitbridge.provider.github.GitHubRegistrar;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrationMethodTest {

    @Test
    void wire_isTheLowerCaseName_andReadsBackExactly() {
        assertThat(RegistrationMethod.WEBHOOK.wire()).isEqualTo("webhook");
        assertThat(RegistrationMethod.PUBSUBHUBBUB.wire()).isEqualTo("pubsubhubbub");
        for (RegistrationMethod method : RegistrationMethod.values()) {
            assertThat(RegistrationMethod.fromWire(method.wire())).contains(method);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "WEBHOOK", "PubSubHubbub", "websub", " webhook"})
    void fromWire_isEmpty_forAnythingElse(String value) {
        assertThat(RegistrationMethod.fromWire(value)).isEmpty();
    }

    @Test
    void onlyGitHub_hasPubSubHubbub_andEveryProviderWithARegistrar_hasWebhook() {
        Providers providers = Providers.standard();
        for (String id : providers.ids()) {
            WebhookProvider provider = providers.find(id).orElseThrow();
            EnumSet<RegistrationMethod> expected = provider.registrar().isEmpty()
                    ? EnumSet.noneOf(RegistrationMethod.class)
                    : id.equals("github") ? EnumSet.allOf(RegistrationMethod.class)
                    : EnumSet.of(RegistrationMethod.WEBHOOK);
            assertThat(provider.registrationMethods()).as(id).isEqualTo(expected);
            assertThat(provider.registrar(RegistrationMethod.PUBSUBHUBBUB).isPresent()).as(id)
                    .isEqualTo(id.equals("github"));
        }
        WebhookProvider github = providers.find("github").orElseThrow();
        assertThat(github.registrar(RegistrationMethod.WEBHOOK)).get().isInstanceOf(GitHubRegistrar.class);
        assertThat(github.registrar(RegistrationMethod.PUBSUBHUBBUB)).get().isInstanceOf(GitHubHubRegistrar.class);
    }
}
