package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
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

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private HooksHandler handler;

    @BeforeEach
    void wire() {
        String table = aws.uniqueName("hooks");
        Provisioning.createHooksTable(aws.dynamoDb(), table);
        hooks = new DynamoHookRepository(aws.dynamoDb(), table);
        handler = new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), false),
                Clock.systemUTC()), new PublicUrl(Optional.empty()));
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
    void unknownRoute_is404_andWrongMethod_is405() {
        assertThat(call("GET", "/nothing", null, null).getStatusCode()).isEqualTo(404);
        assertThat(call("PATCH", "/hooks/hk_x", null, null).getStatusCode()).isEqualTo(405);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json", "x-forwarded-proto", "https"))
                .withQueryStringParameters(query)
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("abc123defg.execute-api.eu-west-1.amazonaws.com")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
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
