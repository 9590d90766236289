package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.crypto.KmsTokenCipher;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The project routes ({@code /projects/{project}/hook...}) against DynamoDB and SQS, with the JWT claims API Gateway's
 * JWT authorizer puts in the event.
 */
class HooksHandlerProjectRoutesIT {

    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private DynamoDeliveryLog deliveries;
    private String queueUrl;
    private HooksHandler handler;
    private String hooksTable;

    @BeforeEach
    void wire() {
        hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        String tokenKey = aws.kms().createKey(k -> k.description("gitbridge tokens")).keyMetadata().arn();
        hooks = new DynamoHookRepository(aws.dynamoDb(), hooksTable, new KmsTokenCipher(aws.kms(), tokenKey));
        deliveries = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC());
        handler = handler("gitbridge_projects");
    }

    private HooksHandler handler(String claim) {
        return new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), false), Clock.systemUTC()),
                new DeliveryService(DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable), deliveries,
                        new SqsSyncQueue(aws.sqs(), queueUrl), Clock.systemUTC()),
                new PublicUrl(Optional.empty()), Optional.empty(), claim);
    }

    @Test
    void projectAdmin_createsGetsPatchesReplacesAndDeletes_itsProjectsHook() {
        Map<String, String> alice = claims("alice", "[demo]");
        ObjectNode body = HooksHandlerIT.hookBody("demo");
        body.remove("project");

        APIGatewayV2HTTPResponse created = call("POST", "/projects/demo/hook", body.toString(), alice);
        assertThat(created.getStatusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(json(created).get("project").asText()).isEqualTo("demo");
        assertThat(created.getBody()).doesNotContain("a-very-secret-secret", "ghp_sourcetoken");

        APIGatewayV2HTTPResponse got = call("GET", "/projects/DEMO/hook", null, alice);
        assertThat(got.getStatusCode()).isEqualTo(200);
        assertThat(json(got).get("id").asText()).isEqualTo(id);
        assertThat(json(got)).isEqualTo(json(call("GET", "/hooks/" + id, null, alice)));

        APIGatewayV2HTTPResponse patched = call("PATCH", "/projects/demo/hook", "{\"branch\":\"release\"}", alice,
                "application/merge-patch+json");
        assertThat(patched.getStatusCode()).isEqualTo(200);
        assertThat(json(patched).get("branch").asText()).isEqualTo("release");

        ObjectNode replacement = HooksHandlerIT.hookBody("demo").put("branch", "develop");
        replacement.remove("project");
        APIGatewayV2HTTPResponse replaced = call("PUT", "/projects/demo/hook", replacement.toString(), alice);
        assertThat(replaced.getStatusCode()).isEqualTo(200);
        assertThat(json(replaced).get("branch").asText()).isEqualTo("develop");
        assertThat(hooks.find(id).orElseThrow().project()).isEqualTo("demo");

        assertThat(call("DELETE", "/projects/demo/hook", null, alice).getStatusCode()).isEqualTo(204);
        assertThat(hooks.find(id)).isEmpty();
        APIGatewayV2HTTPResponse gone = call("GET", "/projects/demo/hook", null, alice);
        assertThat(gone.getStatusCode()).isEqualTo(404);
        assertThat(json(gone).get("message").asText()).isEqualTo("project demo has no hook");
    }

    @Test
    void anotherProjectsHook_is403_andStaysUntouched() {
        String other = json(call("POST", "/projects/other/hook", HooksHandlerIT.hookBody("other").toString(),
                claims("root", "*"))).get("id").asText();
        Map<String, String> alice = claims("alice", "[demo]");

        for (String[] request : new String[][] {{"GET", "/projects/other/hook"}, {"DELETE", "/projects/other/hook"},
                {"PUT", "/projects/other/hook"}, {"POST", "/projects/other/hook/sync"},
                {"GET", "/projects/other/hook/deliveries"}, {"GET", "/projects/other/hook/deliveries/d1"},
                {"POST", "/projects/other/hook/deliveries/d1/redeliver"}, {"POST", "/projects/new/hook"}}) {
            APIGatewayV2HTTPResponse refused = call(request[0], request[1], "{}", alice);
            assertThat(refused.getStatusCode()).as(request[0] + " " + request[1]).isEqualTo(403);
            assertThat(json(refused).get("error").asText()).isEqualTo("forbidden");
            assertThat(json(refused).get("message").asText()).isEqualTo("alice is not an administrator of project "
                    + request[1].split("/")[2]);
        }
        assertThat(hooks.find(other)).isPresent();
        assertThat(hooks.findByProject("new")).isEmpty();
    }

    @Test
    void withoutJwtClaims_everyProjectRouteIs401_evenForAHookThatExists() {
        call("POST", "/projects/demo/hook", HooksHandlerIT.hookBody("demo").toString(), claims("root", "*"));

        for (String route : handler.routeKeys()) {
            if (!route.contains("/projects/")) {
                continue;
            }
            String[] parts = route.split(" ");
            String path = parts[1].replace("{project}", "demo").replace("{deliveryId}", "d1");
            APIGatewayV2HTTPResponse refused = call(parts[0], path, "{}", null);
            assertThat(refused.getStatusCode()).as(route).isEqualTo(401);
            assertThat(json(refused).get("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(hooks.findByProject("demo")).isPresent();
    }

    @Test
    void create_bodyNamingAnotherProject_is422_andStoresNothing() {
        Map<String, String> alice = claims("alice", "[\"demo\",\"other\"]");

        APIGatewayV2HTTPResponse refused = call("POST", "/projects/demo/hook",
                HooksHandlerIT.hookBody("other").toString(), alice);

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(json(refused).get("fields").get("project").asText())
                .isEqualTo("must be demo, the project in the path, or be left out");
        assertThat(hooks.list(10, null).items()).isEmpty();
        assertThat(call("POST", "/projects/demo/hook", HooksHandlerIT.hookBody("Demo").toString(), alice)
                .getStatusCode()).isEqualTo(201);
    }

    @Test
    void patchOrPut_movingTheHookToAnotherProject_is422_andKeepsIt() {
        Map<String, String> alice = claims("alice", "[demo other]");
        String id = json(call("POST", "/projects/demo/hook", HooksHandlerIT.hookBody("demo").toString(), alice))
                .get("id").asText();

        APIGatewayV2HTTPResponse patch = call("PATCH", "/projects/demo/hook", "{\"project\":\"other\"}", alice,
                "application/merge-patch+json");
        APIGatewayV2HTTPResponse patchNull = call("PATCH", "/projects/demo/hook", "{\"project\":null}", alice,
                "application/merge-patch+json");
        APIGatewayV2HTTPResponse put = call("PUT", "/projects/demo/hook", HooksHandlerIT.hookBody("other").toString(),
                alice);

        assertThat(patch.getStatusCode()).isEqualTo(422);
        assertThat(patchNull.getStatusCode()).isEqualTo(422);
        assertThat(put.getStatusCode()).isEqualTo(422);
        assertThat(json(put).get("fields").has("project")).isTrue();
        assertThat(hooks.find(id).orElseThrow().project()).isEqualTo("demo");
    }

    @Test
    void create_secondHookInAProject_is409() {
        Map<String, String> alice = claims("alice", "demo");
        call("POST", "/projects/demo/hook", HooksHandlerIT.hookBody("demo").toString(), alice);

        APIGatewayV2HTTPResponse again = call("POST", "/projects/Demo/hook", HooksHandlerIT.hookBody("demo").toString(),
                alice);

        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void deliveriesSyncAndRedeliver_workOnTheProjectsHook() {
        Map<String, String> alice = claims("alice", "[demo]");
        String id = json(call("POST", "/projects/demo/hook", HooksHandlerIT.hookBody("demo").toString(), alice))
                .get("id").asText();
        deliveries.recordQueued(Delivery.queued(id, "d1", "d1", Instant.now(), "push", COMMIT, "refs/heads/main"));

        APIGatewayV2HTTPResponse list = call("GET", "/projects/demo/hook/deliveries", null, alice);
        assertThat(list.getStatusCode()).isEqualTo(200);
        assertThat(json(list).get("_embedded").get("deliveries").get(0).get("deliveryId").asText()).isEqualTo("d1");
        APIGatewayV2HTTPResponse one = call("GET", "/projects/demo/hook/deliveries/d1", null, alice);
        assertThat(one.getStatusCode()).isEqualTo(200);
        assertThat(json(one).get("commit").asText()).isEqualTo(COMMIT);
        assertThat(call("GET", "/projects/demo/hook/deliveries/d2", null, alice).getStatusCode()).isEqualTo(404);

        APIGatewayV2HTTPResponse sync = call("POST", "/projects/demo/hook/sync", null, alice);
        assertThat(sync.getStatusCode()).isEqualTo(202);
        assertThat(json(sync).get("status").asText()).isEqualTo("queued");
        APIGatewayV2HTTPResponse redeliver = call("POST", "/projects/demo/hook/deliveries/d1/redeliver", null, alice);
        assertThat(redeliver.getStatusCode()).isEqualTo(202);
        assertThat(json(redeliver).get("commit").asText()).isEqualTo(COMMIT);
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()).hasSize(2);
    }

    @Test
    void projectWithoutHook_orWithAnInvalidName_is404_forAnAdministratorOfEveryProject() {
        Map<String, String> root = claims("root", "[*]");

        APIGatewayV2HTTPResponse none = call("POST", "/projects/demo/hook/sync", null, root);
        APIGatewayV2HTTPResponse invalid = call("GET", "/projects/-bad%20name/hook", null, root);

        assertThat(none.getStatusCode()).isEqualTo(404);
        assertThat(json(none).get("message").asText()).isEqualTo("project demo has no hook");
        assertThat(invalid.getStatusCode()).isEqualTo(404);
        assertThat(json(invalid).get("message").asText()).isEqualTo("project -bad name has no hook");
    }

    @Test
    void theConfiguredClaimNamesTheProjects() {
        handler = handler("groups");

        assertThat(call("GET", "/projects/demo/hook", null, claims("alice", "[demo]")).getStatusCode()).isEqualTo(403);
        Map<String, String> viaGroups = new HashMap<>(Map.of("sub", "alice", "groups", "[demo]"));
        assertThat(call("GET", "/projects/demo/hook", null, viaGroups).getStatusCode()).isEqualTo(404);
    }

    @Test
    void operatorRoutes_areUnchanged_withoutJwtClaims() {
        assertThat(call("POST", "/hooks", HooksHandlerIT.hookBody("demo").toString(), null).getStatusCode())
                .isEqualTo(201);
        assertThat(call("GET", "/hooks", null, null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void samLocalInvokeEvent_withTheJwtAuthorizersContext_readsTheProjectsHook() throws IOException {
        APIGatewayV2HTTPEvent event = Json.MAPPER.readValue(Fixtures.text("hooks/project-get-hook-jwt.json"),
                APIGatewayV2HTTPEvent.class);
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(404);
        String id = json(call("POST", "/projects/demo/hook", HooksHandlerIT.hookBody("demo").toString(),
                claims("root", "*"))).get("id").asText();

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("id").asText()).isEqualTo(id);
        event.getRequestContext().getAuthorizer().getJwt().getClaims().put("gitbridge_projects", "[app]");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(403);
    }

    private static Map<String, String> claims(String subject, String projects) {
        return Map.of("sub", subject, "gitbridge_projects", projects, "iss", "https://id.example.com",
                "exp", Long.toString(Instant.now().getEpochSecond() + 300));
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> claims) {
        return call(method, path, body, claims, "application/json");
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> claims,
                                          String contentType) {
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withDomainName("abc123defg.execute-api.eu-west-1.amazonaws.com")
                .withStage("$default")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                    .build());
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(Map.of("content-type", contentType, "x-forwarded-proto", "https"))
                .withBody(body)
                .withRequestContext(context.build())
                .build();
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
