package io.gitbridge.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.provider.Providers;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request rules of {@code "auth"}: token (the default) or github-app, and what app mode refuses. */
class HookValidatorAppModeTest {

    private final HookValidator validator = new HookValidator(Providers.standard(), false);

    private static ObjectNode appMode() {
        ObjectNode body = HookValidatorTest.valid().put("auth", "github-app");
        body.remove("token");
        body.remove("secret");
        return body;
    }

    private Map<String, String> errors(ObjectNode body) {
        return catchThrowableOfType(ValidationException.class, () -> validator.forCreate(body)).fields();
    }

    @Test
    void auth_leftOut_isEmpty_whichMeansToken() {
        HookInput input = validator.forCreate(HookValidatorTest.valid());

        assertThat(input.auth()).isEmpty();
    }

    @Test
    void auth_githubApp_withoutTokenAndSecret_isAccepted() {
        HookInput input = validator.forCreate(appMode());

        assertThat(input.auth()).contains(HookAuth.GITHUB_APP);
        assertThat(input.token()).isEqualTo(WriteOnly.keep());
        assertThat(input.secret()).isEqualTo(WriteOnly.keep());
    }

    @Test
    void auth_token_stillNeedsASecret() {
        ObjectNode body = HookValidatorTest.valid().put("auth", "token");
        body.remove("secret");

        assertThat(errors(body)).containsExactly(Map.entry("secret", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"github_app\"", "\"GitHub-App\"", "\"oauth\"", "7", "true", "{}"})
    void auth_otherValues_are422NamingAuth(String value) throws Exception {
        ObjectNode body = HookValidatorTest.valid();
        body.set("auth", io.gitbridge.json.Json.MAPPER.readTree(value));

        assertThat(errors(body)).containsExactly(Map.entry("auth", "must be \"token\" or \"github-app\""));
    }

    @Test
    void githubApp_forAnotherProvider_is422NamingAuth() {
        ObjectNode body = appMode().put("provider", "gitlab").put("sourceRepo", "https://gitlab.com/acme/app.git");

        assertThat(errors(body)).containsExactly(Map.entry("auth",
                "\"github-app\" is only for provider github; other providers need a token"));
    }

    @Test
    void githubApp_withAToken_is422NamingToken() {
        assertThat(errors(appMode().put("token", "ghp_personal"))).containsExactly(Map.entry("token",
                "must be left out with \"auth\": \"github-app\": the GitHub App's installation tokens read the source"));
    }

    @Test
    void githubApp_withRegisterTrue_is422NamingRegister() {
        assertThat(errors(appMode().put("register", true))).containsExactly(Map.entry("register",
                "must be left out or false with \"auth\": \"github-app\": the GitHub App's webhook already delivers"
                        + " the repository's events"));
    }

    @Test
    void githubApp_withRegisterFalse_isAccepted() {
        assertThat(validator.forCreate(appMode().put("register", false)).register()).isEqualTo(Optional.of(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/acme", "https://github.com/acme/app/tree/main",
            "https://github.com/acme/app.git?x=1", "https://github.com/-acme/app.git", "https://github.com/acme/../x"})
    void githubApp_sourceThatIsNotOwnerSlashRepository_is422NamingSourceRepo(String url) {
        assertThat(errors(appMode().put("sourceRepo", url))).containsKey("sourceRepo");
        assertThat(errors(appMode().put("sourceRepo", url)).get("sourceRepo"))
                .isIn("must be a GitHub repository URL, https://<host>/<owner>/<repository>.git, with \"auth\":"
                        + " \"github-app\"", "must not have a query or fragment");
    }

    @Test
    void githubApp_plainHttpSource_is422_underTheDeployedRules() {
        assertThat(errors(appMode().put("sourceRepo", "http://github.example.com/acme/app.git")))
                .containsOnlyKeys("sourceRepo");
    }

    @Test
    void githubApp_wrongSecret_stillNamesTheSecret() {
        assertThat(errors(appMode().put("secret", "short"))).containsOnlyKeys("secret");
    }
}
