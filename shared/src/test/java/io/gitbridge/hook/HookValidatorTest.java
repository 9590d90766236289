package io.gitbridge.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HookValidatorTest {

    private final HookValidator deployed = new HookValidator(Providers.standard(), false);
    private final HookValidator local = new HookValidator(Providers.standard(), true);

    static ObjectNode valid() {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("project", "acme-app")
                .put("provider", "github")
                .put("sourceRepo", "https://github.com/acme/app.git")
                .put("branch", "main")
                .put("secret", "0123456789abcdef")
                .put("token", "ghp_exampletoken")
                .put("buildRepo", "https://git.example.net/build/acme-app.git");
        body.putObject("events").put("push", true).put("ci", false);
        return body;
    }

    @Test
    void forCreate_acceptsAValidHook_withDefaultBuildBranch() {
        HookInput input = deployed.forCreate(valid());

        assertThat(input.project()).isEqualTo("acme-app");
        assertThat(input.events()).isEqualTo(new HookEvents(true, false));
        assertThat(input.buildBranch()).isEqualTo("master");
        assertThat(input.secret()).isEqualTo(WriteOnly.of("0123456789abcdef"));
        assertThat(input.buildToken()).isEqualTo(WriteOnly.keep());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "provider   | \"gitlab-ce\"                        | unknown provider 'gitlab-ce'; supported: azure-devops, bitbucket, bitbucket-server, gitea, gitflic, github, gitlab, gogs",
            "provider   | 7                                    | must be a string",
            "sourceRepo | \"not a url\"                        | is not a valid URL: Illegal character in path",
            "sourceRepo | \"ftp://example.com/r.git\"          | must be an https URL",
            "sourceRepo | \"git@github.com:acme/app.git\"      | must be an https URL; ssh is not supported (gitbridge authenticates with the token)",
            "sourceRepo | \"https://me:pw@github.com/a/b.git\" | must not contain credentials; set the token field instead",
            "sourceRepo | \"file:///tmp/repo.git\"             | file:// repositories are accepted only by the local runner",
            "buildRepo  | \"https:///nohost\"                  | must name a host",
            "branch     | \"feature..x\"                       | is not a valid branch name: must not contain '..'",
            "branch     | \"a b\"                              | is not a valid branch name: must not contain control characters, spaces or any of ~ ^ : ? * [ \\",
            "branch     | \"refs/heads/main\"                  | is not a valid branch name: must be a short branch name such as main, not a full ref",
            "branch     | \"x.lock\"                           | is not a valid branch name: no path component may end with '.lock'",
            "buildBranch| \"-rf\"                              | is not a valid branch name: must not start with '-'",
            "secret     | \"short\"                            | must be 16 to 256 characters long",
            "secret     | null                                 | is required",
            "token      | \"\"                                 | must be a non-empty string, or null to remove it",
            "project    | \"has space\"                        | must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "project    | \"#guard\"                           | must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "events     | {\"push\":false,\"ci\":false}        | select at least one event: push or ci",
            "events     | {\"push\":\"yes\"}                   | push and ci must be true or false",
            "events     | {\"tag\":true}                       | unknown event 'tag'; events are push and ci",
            "events     | [\"push\"]                           | must be an object, e.g. {\"push\": true, \"ci\": false}",
            "colour     | \"blue\"                             | unknown field",
            "webhookUrl | \"https://x\"                        | is set by the server and cannot be written",
            "registration | {\"status\":\"registered\"}          | is set by the server and cannot be written",
            "consecutiveFailures | 0                            | is set by the server and cannot be written",
            "register   | \"yes\"                              | must be true or false",
            "apiUrl     | \"http://ghe.example.com/api/v3\"    | must be an https URL",
            "apiUrl     | \"https://me:pw@ghe.example.com/api\" | must not contain credentials; set the token field instead",
            "apiUrl     | \"https://ghe.example.com/api?x=1\"  | must not have a query or fragment",
            "apiUrl     | 42                                   | must be a string",
    })
    void forCreate_rejectsBadField(String field, String json, String message) throws Exception {
        ObjectNode body = valid();
        body.set(field.trim(), Json.MAPPER.readTree(json.trim()));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry(field.trim(), message.trim()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_not base64 at all!", "whsec_%%%%%%%%%%%%%%%%"})
    void forCreate_rejectsAGitLabSigningTokenThatIsNotBase64(String secret) {
        ObjectNode body = with(b -> b.put("provider", "gitlab").put("sourceRepo", "https://gitlab.com/acme/app.git")
                .put("secret", secret));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("secret", "starts with whsec_ but the rest is not a base64 signing"
                        + " key; use the signing token exactly as GitLab shows it"));
    }

    @Test
    void forUpdate_rejectsAGitLabSigningTokenThatIsNotBase64() {
        ObjectNode body = with(b -> b.put("provider", "gitlab").put("secret", "whsec_not base64 at all!"));

        assertThatThrownBy(() -> deployed.forUpdate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsOnlyKeys("secret");
    }

    @Test
    void forCreate_acceptsAGitLabSigningToken() {
        String token = "whsec_mVXCS/TUFfXslI2mOYifsrOmdYgEzjS+DrAmeizyNAo=";

        HookInput input = deployed.forCreate(with(b -> b.put("provider", "gitlab").put("secret", token)));

        assertThat(input.secret()).isEqualTo(WriteOnly.of(token));
    }

    @Test
    void forCreate_acceptsAWhsecLookingSecret_forAProviderThatHasNoSigningTokens() {
        HookInput input = deployed.forCreate(with(b -> b.put("secret", "whsec_not base64 at all!")));

        assertThat(input.secret()).isEqualTo(WriteOnly.of("whsec_not base64 at all!"));
    }

    @Test
    void forCreate_reportsEveryBadFieldAtOnce() {
        ObjectNode body = valid();
        body.remove("project");
        body.remove("secret");
        body.put("branch", "bad..branch");

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsOnlyKeys("project", "secret", "branch");
    }

    @Test
    void forCreate_acceptsFileUrls_onlyInTheLocalRunner() {
        ObjectNode body = with(b -> b.put("sourceRepo", "file:///tmp/source.git").put("buildRepo", "file:///tmp/build.git"));

        assertThat(local.forCreate(body).sourceRepo()).isEqualTo("file:///tmp/source.git");
    }

    @Test
    void forUpdate_keepsWriteOnlyFieldsThatAreLeftOut() {
        ObjectNode body = with(b -> {
            b.remove("secret");
            b.remove("token");
        });

        HookInput input = deployed.forUpdate(body);

        assertThat(input.secret()).isEqualTo(WriteOnly.keep());
        assertThat(input.token()).isEqualTo(WriteOnly.keep());
        assertThat(input.token().applyTo("stored")).isEqualTo("stored");
    }

    @Test
    void forUpdate_clearsTokenSetToNull() {
        HookInput input = deployed.forUpdate(with(b -> b.putNull("token")));

        assertThat(input.token().applyTo("stored")).isNull();
    }

    @Test
    void forCreate_acceptsRegister_withATokenAndAnApiUrl_withoutItsTrailingSlash() {
        HookInput input = deployed.forCreate(with(b -> b.put("register", true)
                .put("apiUrl", "https://ghe.example.com/api/v3/")));

        assertThat(input.register()).contains(true);
        assertThat(input.apiUrl()).isEqualTo("https://ghe.example.com/api/v3");
    }

    @Test
    void forCreate_leavesRegisterEmpty_whenTheRequestLeavesItOut() {
        HookInput input = deployed.forCreate(valid());

        assertThat(input.register()).isEmpty();
        assertThat(input.apiUrl()).isNull();
    }

    @Test
    void forCreate_refusesRegister_withoutAToken() {
        ObjectNode body = with(b -> {
            b.remove("token");
            b.put("register", true);
        });

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("register", "needs a token that may manage the repository's webhooks"));
    }

    @ParameterizedTest
    @CsvSource({"gogs, https://gogs.example.com/acme/app.git", "gitflic, https://gitflic.ru/project/acme/app.git"})
    void forCreate_acceptsRegister_forGogsAndGitFlic(String provider, String sourceRepo) {
        HookInput input = deployed.forCreate(with(b -> b.put("provider", provider).put("sourceRepo", sourceRepo)
                .put("register", true)));

        assertThat(input.register()).contains(true);
    }

    @Test
    void forCreate_refusesRegister_forAGitFlicUrlWithoutItsProjectPath() {
        ObjectNode body = with(b -> b.put("provider", "gitflic").put("sourceRepo", "https://gitflic.ru/acme/app.git")
                .put("register", true));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("sourceRepo", "must be https://gitflic.ru/project/<owner>/<project>.git"
                        + " to register a webhook on GitFlic"));
    }

    @Test
    void forCreate_acceptsRegisterFalse() {
        HookInput input = deployed.forCreate(with(b -> b.put("provider", "gogs").put("register", false)));

        assertThat(input.register()).contains(false);
    }

    @Test
    void forCreate_refusesRegister_whenTheSourceRepoNamesNoRepositoryOnTheProvider() {
        ObjectNode body = with(b -> b.put("sourceRepo", "https://github.com/acme").put("register", true));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("sourceRepo", "must be https://github.com/<owner>/<repository>.git"
                        + " to register a webhook on GitHub"));
    }

    @Test
    void forCreate_acceptsAnHttpApiUrl_onlyInTheLocalRunner() {
        ObjectNode body = with(b -> b.put("apiUrl", "http://127.0.0.1:8099/api/v3"));

        assertThat(local.forCreate(body).apiUrl()).isEqualTo("http://127.0.0.1:8099/api/v3");
        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("apiUrl", "must be an https URL"));
    }

    @Test
    void forUpdate_refusesRegister_whenTheTokenIsRemoved() {
        ObjectNode body = with(b -> b.putNull("token").put("register", true));

        assertThatThrownBy(() -> deployed.forUpdate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsOnlyKeys("register");
    }

    @Test
    void forUpdate_acceptsRegister_withTheStoredToken() {
        HookInput input = deployed.forUpdate(with(b -> {
            b.remove("token");
            b.put("register", true);
        }));

        assertThat(input.register()).contains(true);
        assertThat(input.token()).isEqualTo(WriteOnly.keep());
    }

    @Test
    void forCreate_acceptsEachMergeMode_andLeavesItEmpty_whenLeftOut() {
        assertThat(deployed.forCreate(with(b -> b.put("mergeMode", "mirror"))).mergeMode()).contains(MergeMode.MIRROR);
        assertThat(deployed.forCreate(with(b -> b.put("mergeMode", "theirs"))).mergeMode()).contains(MergeMode.THEIRS);
        assertThat(deployed.forCreate(valid()).mergeMode()).isEmpty();
        assertThat(deployed.forUpdate(with(b -> b.putNull("mergeMode"))).mergeMode()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"merge\"", "\"THEIRS\"", "\"\"", "1", "true", "[\"mirror\"]"})
    void forCreate_rejectsAMergeModeThatIsNotTheirsOrMirror(String json) throws Exception {
        ObjectNode body = valid();
        body.set("mergeMode", Json.MAPPER.readTree(json));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("mergeMode", "must be \"theirs\" or \"mirror\""));
    }

    private static ObjectNode with(Consumer<ObjectNode> change) {
        ObjectNode body = valid();
        change.accept(body);
        return body;
    }
}
