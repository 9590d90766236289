package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.crypto.KmsTokenCipher;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.http.StandInServer;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API against DynamoDB, through the handler's API Gateway interface. */
class HooksHandlerIT {

    private static final String BASE = "https://abc123defg.execute-api.eu-west-1.amazonaws.com";
    private static final String GITHUB_HOOKS = "/api/v3/repos/acme/app/hooks";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private HooksHandler handler;

    @BeforeEach
    void wire() {
        hooks = hookTable(aws);
        handler = handler(aws, hooks, false, Clock.systemUTC());
    }

    /** A new hooks table, its tokens sealed under a new KMS key. */
    static DynamoHookRepository hookTable(AwsTestEnvironment aws) {
        String table = aws.uniqueName("hooks");
        Provisioning.createHooksTable(aws.dynamoDb(), table);
        String tokenKey = aws.kms().createKey(k -> k.description("gitbridge tokens")).keyMetadata().arn();
        return new DynamoHookRepository(aws.dynamoDb(), table, new KmsTokenCipher(aws.kms(), tokenKey));
    }

    /**
     * The admin API over {@code hooks}, with a new delivery log and sync queue.
     *
     * @param allowLocalUrls the runner's URL rules (http and loopback allowed), else the deployed ones
     */
    static HooksHandler handler(AwsTestEnvironment aws, DynamoHookRepository hooks, boolean allowLocalUrls,
                                Clock clock) {
        return new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), allowLocalUrls),
                clock), HooksHandlerDeliveriesIT.deliveryService(aws, hooks), new PublicUrl(Optional.empty()));
    }

    static ObjectNode hookBody(String project) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("project", project)
                .put("provider", "github")
                .put("sourceRepo", "https://github.com/acme/app.git")
                .put("branch", "main")
                .put("secret", "a-very-secret-secret")
                .put("token", "ghp_sourcetoken")
                .put("buildRepo", "https://git.example.net/build/app.git")
                .put("buildToken", "build-token-value");
        body.putObject("events").put("push", true).put("ci", false);
        return body;
    }

    @Test
    void create_returns201_withServerFields_andNoCredentials() throws IOException {
        APIGatewayV2HTTPResponse response = call("POST", "/hooks", hookBody("app").toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode hook = json(response);
        assertThat(hook.get("id").asText()).matches("hk_[a-z2-7]{26}");
        assertThat(hook.get("webhookUrl").asText()).isEqualTo(BASE + "/webhooks/" + hook.get("id").asText());
        assertThat(hook.get("buildBranch").asText()).isEqualTo("master");
        assertThat(hook.get("hasToken").asBoolean()).isTrue();
        assertThat(hook.get("lastSync").isNull()).isTrue();
        assertThat(hook.has("createdAt")).isTrue();
        assertThat(response.getBody()).doesNotContain("a-very-secret-secret", "ghp_sourcetoken", "build-token-value")
                .doesNotContain("\"secret\"", "\"token\"");
    }

    @Test
    void create_secondHookForAProject_is409() throws IOException {
        call("POST", "/hooks", hookBody("app").toString(), null);

        APIGatewayV2HTTPResponse response = call("POST", "/hooks", hookBody("app").toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(json(response).get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void create_projectDifferingOnlyInCase_is409_andStoresNothing() throws IOException {
        call("POST", "/hooks", hookBody("demo").toString(), null);

        APIGatewayV2HTTPResponse response = call("POST", "/hooks", hookBody("Demo").toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(json(response).get("message").asText()).isEqualTo("project 'Demo' already has a hook");
        assertThat(hooks.list(10, null).items()).extracting(hook -> hook.project()).containsExactly("demo");
    }

    @Test
    void create_invalidFields_is422_withOneEntryPerField() throws IOException {
        ObjectNode body = hookBody("app").put("provider", "svn").put("secret", "short").put("extra", 1);

        APIGatewayV2HTTPResponse response = call("POST", "/hooks", body.toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        JsonNode error = json(response);
        assertThat(error.get("error").asText()).isEqualTo("validation");
        Set<String> fields = new HashSet<>();
        error.get("fields").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("provider", "secret", "extra");
        assertThat(hooks.list(10, null).items()).isEmpty();
    }

    @Test
    void create_malformedJson_is400() throws IOException {
        APIGatewayV2HTTPResponse response = call("POST", "/hooks", "{\"project\": ", null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).startsWith("body is not valid JSON");
    }

    @Test
    void create_nonObjectJson_is400() throws IOException {
        assertThat(call("POST", "/hooks", "[1,2]", null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void get_returnsTheHook_or404() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString(), null)).get("id").asText();

        assertThat(call("GET", "/hooks/" + id, null, null).getStatusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/hooks/" + id, null, null)).get("project").asText()).isEqualTo("app");
        assertThat(call("GET", "/hooks/hk_nope", null, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void put_keepsTheStoredSecretAndToken_whenLeftOut() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString(), null)).get("id").asText();
        ObjectNode update = hookBody("app").put("branch", "release");
        update.remove("secret");
        update.remove("token");

        APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, update.toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("branch").asText()).isEqualTo("release");
        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.secret()).isEqualTo("a-very-secret-secret");
        assertThat(stored.token()).isEqualTo("ghp_sourcetoken");
    }

    @Test
    void put_replacesTheSecret_whenGiven() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString(), null)).get("id").asText();

        call("PUT", "/hooks/" + id, hookBody("app").put("secret", "rotated-secret-value").toString(), null);

        assertThat(hooks.find(id).orElseThrow().secret()).isEqualTo("rotated-secret-value");
    }

    @Test
    void put_replacesTheTokens_whenGiven_andTheEmptyStringRemovesOne() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString(), null)).get("id").asText();

        APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id,
                hookBody("app").put("token", "ghp_rotatedtoken").put("buildToken", "").toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("hasToken").asBoolean()).isTrue();
        assertThat(json(response).get("hasBuildToken").asBoolean()).isFalse();
        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.token()).isEqualTo("ghp_rotatedtoken");
        assertThat(stored.buildToken()).isNull();
        JsonNode listed = json(call("GET", "/hooks", null, null)).get("_embedded").get("hooks").get(0);
        assertThat(listed.get("hasToken").asBoolean()).isTrue();
        assertThat(listed.get("hasBuildToken").asBoolean()).isFalse();
    }

    @Test
    void put_nullSecretAndTokens_keepTheStoredOnes() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString(), null)).get("id").asText();

        APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, hookBody("app").putNull("secret")
                .putNull("token").putNull("buildToken").toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("hasToken").asBoolean()).isTrue();
        assertThat(json(response).get("hasBuildToken").asBoolean()).isTrue();
        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.secret()).isEqualTo("a-very-secret-secret");
        assertThat(stored.token()).isEqualTo("ghp_sourcetoken");
        assertThat(stored.buildToken()).isEqualTo("build-token-value");
    }

    @Test
    void put_wrongTypes_are422_sayingWhichTypeEachFieldNeeds() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString(), null)).get("id").asText();
        ObjectNode body = hookBody("app").put("secret", 7).put("token", true).put("branch", 1)
                .put("register", "yes").put("mergeMode", 2);
        body.putArray("buildToken");

        APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, body.toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        JsonNode fields = json(response).get("fields");
        assertThat(fields.get("secret").asText()).isEqualTo("must be a string");
        assertThat(fields.get("token").asText()).isEqualTo("must be a string");
        assertThat(fields.get("buildToken").asText()).isEqualTo("must be a string");
        assertThat(fields.get("branch").asText()).isEqualTo("must be a string");
        assertThat(fields.get("register").asText()).isEqualTo("must be a boolean: true or false");
        assertThat(fields.get("mergeMode").asText()).isEqualTo("must be a string: \"theirs\" or \"mirror\"");
        assertThat(fields.size()).isEqualTo(6);
    }

    @Test
    void put_buildRepoWithCredentials_is422_pointingToBuildToken() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString(), null)).get("id").asText();

        APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, hookBody("app")
                .put("buildRepo", "https://bot:s3cret@git.example.net/build/app.git").toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get("buildRepo").asText())
                .isEqualTo("must not contain credentials; set the buildToken field instead");
        assertThat(response.getBody()).doesNotContain("s3cret");
    }

    @Test
    void put_unknownHook_is404() throws IOException {
        assertThat(call("PUT", "/hooks/hk_nope", hookBody("app").toString(), null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void delete_is204_then404() {
        String id = idOf(call("POST", "/hooks", hookBody("app").toString(), null));

        assertThat(call("DELETE", "/hooks/" + id, null, null).getStatusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/hooks/" + id, null, null).getStatusCode()).isEqualTo(404);
        assertThat(call("GET", "/hooks/" + id, null, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void list_pagesWithACursor() throws IOException {
        for (int i = 0; i < 5; i++) {
            call("POST", "/hooks", hookBody("p" + i).toString(), null);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = cursor == null ? Map.of("limit", "2") : Map.of("limit", "2", "cursor", cursor);
            APIGatewayV2HTTPResponse response = call("GET", "/hooks", null, query);
            assertThat(response.getStatusCode()).isEqualTo(200);
            JsonNode body = json(response);
            body.get("_embedded").get("hooks").forEach(h -> seen.add(h.get("project").asText()));
            assertThat(body.get("page").get("size").asInt()).isLessThanOrEqualTo(2);
            cursor = body.get("page").get("next").isNull() ? null : body.get("page").get("next").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void list_badLimitOrCursor_is422() throws IOException {
        APIGatewayV2HTTPResponse badLimit = call("GET", "/hooks", null, Map.of("limit", "0"));
        APIGatewayV2HTTPResponse badCursor = call("GET", "/hooks", null, Map.of("cursor", "garbage"));

        assertThat(badLimit.getStatusCode()).isEqualTo(422);
        assertThat(json(badLimit).get("fields").has("limit")).isTrue();
        assertThat(badCursor.getStatusCode()).isEqualTo(422);
        assertThat(json(badCursor).get("fields").has("cursor")).isTrue();
    }

    @Test
    void create_withRegister_createsTheWebhookOnTheProvider_andStoresItsId() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345,\"name\":\"web\"}");
            useLocalValidator();

            APIGatewayV2HTTPResponse response = call("POST", "/hooks", registeredHookBody("app", github).toString(), null);

            assertThat(response.getStatusCode()).isEqualTo(201);
            JsonNode hook = json(response);
            assertThat(hook.get("registration").get("status").asText()).isEqualTo("registered");
            assertThat(hook.get("registration").get("providerHookId").asText()).isEqualTo("12345");
            assertThat(hook.get("apiUrl").asText()).isEqualTo(github.url() + "/api/v3");
            StandInServer.RecordedRequest create = github.requests("POST").get(0);
            assertThat(create.header("Authorization")).isEqualTo("Bearer ghp_sourcetoken");
            assertThat(create.json().get("config").get("url").asText()).isEqualTo(hook.get("webhookUrl").asText());
            assertThat(create.json().get("config").get("secret").asText()).isEqualTo("a-very-secret-secret");
            assertThat(hooks.find(hook.get("id").asText()).orElseThrow().registration().providerHookId())
                    .isEqualTo("12345");
            assertThat(response.getBody()).doesNotContain("a-very-secret-secret", "ghp_sourcetoken");
        }
    }

    @Test
    void create_withRegister_tokenTheProviderRejects_is422_andStoresNothing() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 401, "{\"message\":\"Bad credentials\"}")
                    .on("POST", GITHUB_HOOKS, 201, "{\"id\":777}");
            useLocalValidator();

            APIGatewayV2HTTPResponse rejected = call("POST", "/hooks", registeredHookBody("app", github).toString(),
                    null);

            assertThat(rejected.getStatusCode()).isEqualTo(422);
            JsonNode error = json(rejected);
            assertThat(error.get("error").asText()).isEqualTo("registration");
            assertThat(error.get("message").asText()).startsWith("GitHub rejected the token (HTTP 401")
                    .contains("it needs Webhooks read-and-write and Contents read on acme/app")
                    .doesNotContain("ghp_sourcetoken");
            assertThat(hooks.list(10, null).items()).isEmpty();

            APIGatewayV2HTTPResponse retried = call("POST", "/hooks", registeredHookBody("app", github).toString(),
                    null);

            assertThat(retried.getStatusCode()).as("the project guard was removed too").isEqualTo(201);
        }
    }

    @Test
    void create_withRegister_providerFailing_is502_andStoresNothing() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 503, "{\"message\":\"Service Unavailable\"}");
            useLocalValidator();

            APIGatewayV2HTTPResponse response = call("POST", "/hooks", registeredHookBody("app", github).toString(),
                    null);

            assertThat(response.getStatusCode()).isEqualTo(502);
            assertThat(json(response).get("error").asText()).isEqualTo("provider_unavailable");
            assertThat(json(response).get("message").asText()).contains("failed (HTTP 503");
            assertThat(hooks.list(10, null).items()).isEmpty();
        }
    }

    @Test
    void create_withRegister_withoutAToken_is422_onRegister() throws IOException {
        ObjectNode body = hookBody("app").put("register", true);
        body.remove("token");

        APIGatewayV2HTTPResponse response = call("POST", "/hooks", body.toString(), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get("register").asText())
                .isEqualTo("needs a token that may manage the repository's webhooks");
        assertThat(hooks.list(10, null).items()).isEmpty();
    }

    @Test
    void createAndDelete_withRegister_forGogs_registersThenRemovesTheWebhook() throws IOException {
        try (StandInServer gogs = StandInServer.start()) {
            String hooksPath = "/api/v1/repos/acme/app/hooks";
            gogs.on("POST", hooksPath, 201, "{\"id\":31,\"type\":\"gogs\"}").on("DELETE", hooksPath + "/31", 204, null);
            useLocalValidator();
            ObjectNode body = hookBody("app").put("provider", "gogs").put("register", true)
                    .put("sourceRepo", "https://gogs.example.com/acme/app.git").put("apiUrl", gogs.url() + "/api/v1");

            APIGatewayV2HTTPResponse created = call("POST", "/hooks", body.toString(), null);

            assertThat(created.getStatusCode()).isEqualTo(201);
            assertThat(json(created).get("registration").get("providerHookId").asText()).isEqualTo("31");
            assertThat(gogs.requests("POST").get(0).json().get("type").asText()).isEqualTo("gogs");
            assertThat(call("DELETE", "/hooks/" + idOf(created), null, null).getStatusCode()).isEqualTo(204);
            assertThat(gogs.calls()).containsExactly("POST " + hooksPath, "DELETE " + hooksPath + "/31");
        }
    }

    @Test
    void create_withRegister_forGitFlic_whenTheUserIsNotAProjectAdministrator_is422_andStoresNothing()
            throws IOException {
        try (StandInServer gitflic = StandInServer.start()) {
            gitflic.on("POST", "/rest-api/project/acme/app/setting/webhook", 403, null);
            useLocalValidator();
            ObjectNode body = hookBody("app").put("provider", "gitflic").put("register", true)
                    .put("sourceRepo", "https://gitflic.example.com/project/acme/app.git")
                    .put("apiUrl", gitflic.url() + "/rest-api");

            APIGatewayV2HTTPResponse response = call("POST", "/hooks", body.toString(), null);

            assertThat(response.getStatusCode()).isEqualTo(422);
            assertThat(json(response).get("message").asText())
                    .startsWith("GitFlic rejected the token (HTTP 403: the token's user is not an administrator of"
                            + " project acme/app)")
                    .doesNotContain("ghp_sourcetoken");
            assertThat(hooks.list(10, null).items()).isEmpty();
        }
    }

    @Test
    void put_changingTheSecret_updatesTheProvidersWebhook() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("PATCH", GITHUB_HOOKS + "/12345", 200, "{\"id\":12345}");
            useLocalValidator();
            String id = idOf(call("POST", "/hooks", registeredHookBody("app", github).toString(), null));
            ObjectNode update = registeredHookBody("app", github).put("secret", "rotated-secret-value");
            update.remove("register");

            APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, update.toString(), null);

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(json(response).get("registration").get("providerHookId").asText()).isEqualTo("12345");
            StandInServer.RecordedRequest patch = github.requests("PATCH").get(0);
            assertThat(patch.json().get("config").get("secret").asText()).isEqualTo("rotated-secret-value");
            assertThat(patch.json().get("config").get("url").asText()).isEqualTo(BASE + "/webhooks/" + id);
            assertThat(hooks.find(id).orElseThrow().secret()).isEqualTo("rotated-secret-value");
        }
    }

    @Test
    void put_whenTheProviderRejectsTheToken_is422_andKeepsTheStoredHook() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("PATCH", GITHUB_HOOKS + "/12345", 403, "{\"message\":\"Resource not accessible\"}");
            useLocalValidator();
            String id = idOf(call("POST", "/hooks", registeredHookBody("app", github).toString(), null));

            APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id,
                    registeredHookBody("app", github).put("secret", "rotated-secret-value").toString(), null);

            assertThat(response.getStatusCode()).isEqualTo(422);
            assertThat(json(response).get("message").asText()).contains("(HTTP 403");
            assertThat(hooks.find(id).orElseThrow().secret()).isEqualTo("a-very-secret-secret");
        }
    }

    @Test
    void put_registerFalse_deletesTheProvidersWebhook_andForgetsIt() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("DELETE", GITHUB_HOOKS + "/12345", 204, null);
            useLocalValidator();
            String id = idOf(call("POST", "/hooks", registeredHookBody("app", github).toString(), null));

            APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id,
                    registeredHookBody("app", github).put("register", false).toString(), null);

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(json(response).get("registration").isNull()).isTrue();
            assertThat(github.calls()).contains("DELETE " + GITHUB_HOOKS + "/12345");
            assertThat(hooks.find(id).orElseThrow().registration()).isNull();
        }
    }

    @Test
    void delete_deletesTheProvidersWebhook_thenTheHook() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("DELETE", GITHUB_HOOKS + "/12345", 204, null);
            useLocalValidator();
            String id = idOf(call("POST", "/hooks", registeredHookBody("app", github).toString(), null));

            APIGatewayV2HTTPResponse response = call("DELETE", "/hooks/" + id, null, null);

            assertThat(response.getStatusCode()).isEqualTo(204);
            assertThat(github.calls()).containsExactly("POST " + GITHUB_HOOKS, "DELETE " + GITHUB_HOOKS + "/12345");
            assertThat(hooks.find(id)).isEmpty();
        }
    }

    @Test
    void delete_whenTheProviderHasLostTheWebhook_stillDeletesTheHook() {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("DELETE", GITHUB_HOOKS + "/12345", 404, "{\"message\":\"Not Found\"}");
            useLocalValidator();
            String id = idOf(call("POST", "/hooks", registeredHookBody("app", github).toString(), null));

            assertThat(call("DELETE", "/hooks/" + id, null, null).getStatusCode()).isEqualTo(204);
            assertThat(hooks.find(id)).isEmpty();
        }
    }

    @Test
    void delete_whenTheProviderRejectsTheToken_is422_andKeepsTheHook_unlessUnregisterIsFalse() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("DELETE", GITHUB_HOOKS + "/12345", 401, "{\"message\":\"Bad credentials\"}");
            useLocalValidator();
            String id = idOf(call("POST", "/hooks", registeredHookBody("app", github).toString(), null));

            APIGatewayV2HTTPResponse refused = call("DELETE", "/hooks/" + id, null, null);

            assertThat(refused.getStatusCode()).isEqualTo(422);
            assertThat(json(refused).get("message").asText()).contains("rejected the token", "?unregister=false");
            assertThat(hooks.find(id)).isPresent();

            APIGatewayV2HTTPResponse forced = call("DELETE", "/hooks/" + id, null, Map.of("unregister", "false"));

            assertThat(forced.getStatusCode()).isEqualTo(204);
            assertThat(hooks.find(id)).isEmpty();
            assertThat(github.requests("DELETE")).hasSize(1);
        }
    }

    @Test
    void delete_unregisterThatIsNotABoolean_is422() throws IOException {
        String id = idOf(call("POST", "/hooks", hookBody("app").toString(), null));

        APIGatewayV2HTTPResponse response = call("DELETE", "/hooks/" + id, null, Map.of("unregister", "no"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").has("unregister")).isTrue();
        assertThat(hooks.find(id)).isPresent();
    }

    @Test
    void unknownRoute_is404_andWrongMethod_is405() {
        assertThat(call("GET", "/nothing", null, null).getStatusCode()).isEqualTo(404);
        assertThat(call("POST", "/hooks/hk_x", null, null).getStatusCode()).isEqualTo(405);
    }

    /** A hook registered on a GitHub stand-in, which the local runner's validator lets be reached over http. */
    static ObjectNode registeredHookBody(String project, StandInServer github) {
        return hookBody(project).put("register", true).put("apiUrl", github.url() + "/api/v3");
    }

    /** Validates as the local runner does, so that an http apiUrl on 127.0.0.1 is accepted. */
    private void useLocalValidator() {
        handler = new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), true),
                Clock.systemUTC()), HooksHandlerDeliveriesIT.deliveryService(aws, hooks),
                new PublicUrl(Optional.empty()));
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json", "x-forwarded-proto", "https"))
                .withQueryStringParameters(query)
                .withBody(body)
                .withRequestContext(AdminEvents.requestContext(method))
                .build();
        return handler.handleRequest(event, null);
    }

    private static String idOf(APIGatewayV2HTTPResponse response) {
        try {
            return json(response).get("id").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.MAPPER.readTree(response.getBody());
    }
}
