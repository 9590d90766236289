package io.gitbridge.hook;

import io.gitbridge.provider.HookEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.RegistrationMethod;
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
            "secret     | \"sixteen-chars-and-\\u0000\"          | must not contain control characters or unpaired UTF-16 surrogates",
            "token      | \"ghp_line\\nbreak\"                  | must not contain control characters or unpaired UTF-16 surrogates",
            "buildBranch| \"HEAD\"                             | is not a valid branch name: must not be HEAD, which git reserves",
            "secret     | null                                 | is required",
            "token      | 42                                   | must be a string",
            "buildToken | true                                 | must be a string",
            "secret     | 7                                    | must be a string",
            "secret     | {\"value\":\"x\"}                    | must be a string",
            "secret     | \"\"                                 | must be a non-empty string",
            "project    | 7                                    | must be a string",
            "branch     | false                                | must be a string",
            "sourceRepo | [\"https://github.com/a/b.git\"]     | must be a string",
            "buildBranch| 1                                    | must be a string",
            "mergeMode  | 1                                    | must be a string: \"theirs\" or \"mirror\"",
            "mergeMode  | \"ours\"                             | must be \"theirs\" or \"mirror\"",
            "events     | \"push\"                             | must be an object, e.g. {\"push\": true, \"ci\": false}",
            "buildRepo  | \"https://me:pw@git.example.net/b.git\" | must not contain credentials; set the buildToken field instead",
            "buildRepo  | \"https://x-token@git.example.net/b.git\" | must not contain credentials; set the buildToken field instead",
            "project    | \"has space\"                        | must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "project    | \"#guard\"                           | must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "events     | {\"push\":false,\"ci\":false}        | select at least one event: push or ci",
            "events     | {\"push\":\"yes\"}                   | push and ci must be booleans: true or false",
            "events     | {\"tag\":true}                       | unknown event 'tag'; events are push and ci",
            "events     | [\"push\"]                           | must be an object, e.g. {\"push\": true, \"ci\": false}",
            "colour     | \"blue\"                             | unknown field",
            "webhookUrl | \"https://x\"                        | is set by the server and cannot be written",
            "consecutiveFailures | 0                            | is set by the server and cannot be written",
            "register   | \"yes\"                              | must be a boolean: true or false",
            "register   | 1                                    | must be a boolean: true or false",
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
    void forUpdate_readsNullWriteOnlyFieldsAsLeftOut_keepingTheStoredValues() {
        HookInput input = deployed.forUpdate(with(b -> b.putNull("secret").putNull("token").putNull("buildToken")));

        assertThat(input.secret().applyTo("stored secret")).isEqualTo("stored secret");
        assertThat(input.token().applyTo("stored")).isEqualTo("stored");
        assertThat(input.buildToken().applyTo("stored build")).isEqualTo("stored build");
    }

    @Test
    void forUpdate_removesATokenSetToTheEmptyString() {
        HookInput input = deployed.forUpdate(with(b -> b.put("token", "").put("buildToken", "")));

        assertThat(input.token().applyTo("stored")).isNull();
        assertThat(input.buildToken().applyTo("stored")).isNull();
    }

    @Test
    void forCreate_readsANullTokenAsLeftOut() {
        HookInput input = deployed.forCreate(with(b -> b.putNull("token").putNull("buildToken")));

        assertThat(input.token()).isEqualTo(WriteOnly.keep());
        assertThat(input.buildToken()).isEqualTo(WriteOnly.keep());
    }

    @Test
    void forCreate_acceptsRegister_withATokenAndAnApiUrl_withoutItsTrailingSlash() {
        HookInput input = deployed.forCreate(with(b -> b.put("register", true)
                .put("apiUrl", "https://ghe.example.com/api/v3/")));

        assertThat(input.register()).contains(true);
        assertThat(input.apiUrl()).isEqualTo("https://ghe.example.com/api/v3");
    }

    @Test
    void forCreate_acceptsPubSubHubbub_forAGitHubHookItRegisters() {
        HookInput input = deployed.forCreate(with(b -> b.put("register", true)
                .putObject("registration").put("method", "pubsubhubbub")));

        assertThat(input.registrationMethod()).contains(RegistrationMethod.PUBSUBHUBBUB);
    }

    @Test
    void forCreate_leavesTheMethodEmpty_whenTheRequestNamesNone() {
        assertThat(deployed.forCreate(with(b -> b.put("register", true))).registrationMethod()).isEmpty();
        assertThat(deployed.forCreate(with(b -> b.put("register", true).putNull("registration")))
                .registrationMethod()).isEmpty();
    }

    @Test
    void forUpdate_acceptsAMethod_whenRegisterIsLeftToTheHooksCurrentState() {
        HookInput input = deployed.forUpdate(with(b -> b.putObject("registration").put("method", "webhook")));

        assertThat(input.registrationMethod()).contains(RegistrationMethod.WEBHOOK);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "github | {\"method\":\"websub\"}         | registration.method | must be one of: webhook, pubsubhubbub (the registration methods provider github has)",
            "github | {\"method\":\"PubSubHubbub\"}   | registration.method | must be one of: webhook, pubsubhubbub (the registration methods provider github has)",
            "github | {\"method\":7}                  | registration.method | must be one of: webhook, pubsubhubbub (the registration methods provider github has)",
            "gitlab | {\"method\":\"pubsubhubbub\"}   | registration.method | must be one of: webhook (the registration methods provider gitlab has)",
            "gitea  | {\"method\":\"pubsubhubbub\"}   | registration.method | must be one of: webhook (the registration methods provider gitea has)",
            "github | {\"status\":\"registered\"}     | registration.status | is set by the server and cannot be written",
            "github | {\"providerHookId\":\"1\"}      | registration.providerHookId | is set by the server and cannot be written",
            "github | {\"colour\":\"blue\"}           | registration.colour | unknown field; registration takes only method",
            "github | \"pubsubhubbub\"                 | registration        | must be an object, e.g. {\"method\": \"webhook\"}",
    })
    void forCreate_rejectsABadRegistration(String provider, String json, String field, String message)
            throws Exception {
        ObjectNode body = with(b -> b.put("register", true).put("provider", provider.trim())
                .put("sourceRepo", "https://" + provider.trim() + ".example.com/acme/app.git"));
        body.set("registration", Json.MAPPER.readTree(json.trim()));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry(field.trim(), message.trim()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "null"})
    void forCreate_rejectsAMethod_forAHookItDoesNotRegister(String register) throws Exception {
        ObjectNode body = with(b -> b.set("register", readJson(register)));
        body.putObject("registration").put("method", "pubsubhubbub");

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("registration.method",
                        "applies only to a hook gitbridge registers; send \"register\": true"));
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        ObjectNode body = with(b -> b.put("token", "").put("register", true));

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
    @ValueSource(strings = {"\"merge\"", "\"THEIRS\"", "\"\""})
    void forCreate_rejectsAMergeModeThatIsNotTheirsOrMirror(String json) throws Exception {
        ObjectNode body = valid();
        body.set("mergeMode", Json.MAPPER.readTree(json));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("mergeMode", "must be \"theirs\" or \"mirror\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "[\"mirror\"]", "{\"mode\":\"mirror\"}"})
    void forCreate_rejectsAMergeModeThatIsNotAString_sayingSo(String json) throws Exception {
        ObjectNode body = valid();
        body.set("mergeMode", Json.MAPPER.readTree(json));

        assertThatThrownBy(() -> deployed.forCreate(body))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).fields(), MAP)
                .containsExactly(java.util.Map.entry("mergeMode", "must be a string: \"theirs\" or \"mirror\""));
    }

    private static ObjectNode with(Consumer<ObjectNode> change) {
        ObjectNode body = valid();
        change.accept(body);
        return body;
    }

    private static final io.gitbridge.net.HostResolver TEST_DNS = host -> switch (host) {
        case "internal.example.com" -> java.util.List.of(java.net.InetAddress.getByName("127.0.0.1"));
        case "git.corp.example" -> java.util.List.of(java.net.InetAddress.getByName("10.20.30.40"));
        default -> throw new java.net.UnknownHostException(host);
    };

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "sourceRepo | https://127.0.0.1/acme/app.git           | has a host that is a loopback address",
            "sourceRepo | https://localhost/acme/app.git           | has a host that is a loopback name (RFC 6761",
            "sourceRepo | https://internal.example.com/acme/app.git| has a host that resolves to 127.0.0.1, a loopback address",
            "sourceRepo | https://169.254.169.254/latest/meta-data | has a host that is a link-local address (169.254.0.0/16",
            "sourceRepo | https://10.1.2.3/acme/app.git            | has a host that is a private address (RFC 1918)",
            "sourceRepo | https://[::ffff:127.0.0.1]/acme/app.git  | has a host that is a loopback address",
            "sourceRepo | https://[fd00::1]/acme/app.git           | has a host that is a unique-local address (fc00::/7)",
            "sourceRepo | https://2130706433/acme/app.git          | has a host that is a numeric host spelling",
            "sourceRepo | https://0x7f.1/acme/app.git              | has a host that is a numeric host spelling",
            "sourceRepo | http://github.com/acme/app.git           | must be an https URL (plain http is accepted only by the local runner)",
            "buildRepo  | https://100.64.0.1/build.git             | has a host that is a carrier-grade NAT address (100.64.0.0/10)",
            "buildRepo  | https://[fe80::1]/build.git              | has a host that is a link-local address (fe80::/10)",
            "buildRepo  | https://224.0.0.1/build.git              | has a host that is a multicast address",
            "apiUrl     | https://192.168.0.10/api/v3              | has a host that is a private address (RFC 1918)",
            "apiUrl     | https://[::]/api                         | has a host that is the unspecified address (::)",
    })
    void forCreate_refusesInternalAddresses_underTheDeployedRules(String field, String url, String reason) {
        HookValidator validator = new HookValidator(Providers.standard(),
                io.gitbridge.net.UrlPolicy.deployed(io.gitbridge.net.AllowedNetworks.NONE, TEST_DNS));

        assertThatThrownBy(() -> validator.forCreate(with(b -> b.put(field, url))))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.fields()).containsOnlyKeys(field);
                    assertThat(e.fields().get(field)).startsWith(reason);
                });
    }

    @Test
    void forCreate_acceptsAPrivateHost_thatTheOperatorAllows() {
        HookValidator validator = new HookValidator(Providers.standard(), io.gitbridge.net.UrlPolicy.deployed(
                io.gitbridge.net.AllowedNetworks.parse("git.corp.example,192.168.0.0/16"), TEST_DNS));

        HookInput input = validator.forCreate(with(b -> b.put("sourceRepo", "https://git.corp.example/acme/app.git")
                .put("buildRepo", "https://192.168.7.7/build.git")));

        assertThat(input.sourceRepo()).isEqualTo("https://git.corp.example/acme/app.git");
    }

    @Test
    void forCreate_refusesHttpWithAToken_locally_exceptToLoopback() {
        assertThatThrownBy(() -> local.forCreate(with(b -> b.put("sourceRepo", "http://git.example.org/a/b.git")
                .put("buildRepo", "http://git.example.org/build.git").put("buildToken", "build-secret"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("sourceRepo", "buildRepo")
                        .allSatisfy((field, reason) -> assertThat(reason).startsWith(
                                "must be an https URL: over plain http the token would travel in clear text")));
        assertThat(local.forCreate(with(b -> b.put("sourceRepo", "http://127.0.0.1:9000/a/b.git")
                .put("buildRepo", "http://localhost:9000/build.git").put("buildToken", "t"))).sourceRepo())
                .isEqualTo("http://127.0.0.1:9000/a/b.git");
        assertThat(local.forCreate(with(b -> b.remove("token")).put("sourceRepo", "http://git.example.org/a/b.git"))
                .sourceRepo()).isEqualTo("http://git.example.org/a/b.git");
    }

    @Test
    void checkTokenTransport_refusesAStoredTokenThatAnUpdateWouldSendOverHttp() {
        Hook hook = Hook.builder().id("hk_x").project("p").provider("github").sourceRepo("http://git.example.org/a.git")
                .branch("main").events(new HookEvents(true, false)).secret("0123456789abcdef").token("kept-token")
                .buildRepo("http://127.0.0.1:1/b.git").buildBranch("main").buildToken("kept")
                .createdAt(java.time.Instant.EPOCH).updatedAt(java.time.Instant.EPOCH).build();

        assertThatThrownBy(() -> local.checkTokenTransport(hook))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("sourceRepo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"branch", "buildBranch"})
    void forCreate_refusesBranchNamesLongerThanARefMayBe(String field) {
        String tooLong = "b".repeat(300);
        String withSlashes = ("x".repeat(99) + "/").repeat(3) + "y";

        for (String name : java.util.List.of(tooLong, withSlashes)) {
            assertThatThrownBy(() -> deployed.forCreate(with(b -> b.put(field, name))))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fields())
                            .containsEntry(field, "is not a valid branch name: must be at most 244 bytes in UTF-8 (this"
                                    + " one has " + name.length() + "): git hosts and file systems limit a ref name,"
                                    + " refs/heads/ included, to 255"));
        }
        String longest = "é".repeat(122);
        assertThat(deployed.forCreate(with(b -> b.put(field, longest)))).isNotNull();
        assertThatThrownBy(() -> deployed.forCreate(with(b -> b.put(field, longest + "e"))))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void forCreate_acceptsNonAsciiBranchNames() {
        HookInput input = deployed.forCreate(with(b -> b.put("branch", "fix-café").put("buildBranch", "déploiement/été")));

        assertThat(input.branch()).isEqualTo("fix-café");
        assertThat(input.buildBranch()).isEqualTo("déploiement/été");
    }
}
