package io.gitbridge.hooks;

import static io.gitbridge.hooks.HooksHandlerIT.hookBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.hook.Hook;
import io.gitbridge.json.Json;
import io.gitbridge.provider.RegistrationMethod;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.http.GitHubHubStandIn;
import io.gitbridge.testkit.http.StandInServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hooks registered through GitHub's PubSubHubbub hub ({@code "registration": {"method": "pubsubhubbub"}}), through
 * the admin API against DynamoDB and a stand-in hub that checks every request.
 */
class HooksHandlerPubSubHubbubIT {

    private static final String TOKEN = "ghp_sourcetoken";
    private static final String SECRET = "a-very-secret-secret";
    private static final String PUSH = "https://github.com/acme/app/events/push";
    private static final String RUNS = "https://github.com/acme/app/events/workflow_run";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private HooksHandler handler;
    private GitHubHubStandIn hub;

    @BeforeEach
    void wire() {
        hooks = HooksHandlerIT.hookTable(aws);
        // The local rules, so that the stand-in's http apiUrl on 127.0.0.1 is accepted.
        handler = HooksHandlerIT.handler(aws, hooks, true, Clock.systemUTC());
        hub = GitHubHubStandIn.start("", TOKEN, "https://github.com");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void create_subscribesTheHooksWebhookUrl_withItsSecret_andShowsTheMethod() throws IOException {
        APIGatewayV2HTTPResponse created = call("POST", "/hooks", pubsub("app").toString());

        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        JsonNode hook = json(created);
        String webhookUrl = hook.get("webhookUrl").asText();
        assertThat(hook.get("registration").get("method").asText()).isEqualTo("pubsubhubbub");
        assertThat(hook.get("registration").get("status").asText()).isEqualTo("registered");
        assertThat(hook.get("registration").get("providerHookId").asText()).isEqualTo(webhookUrl + " " + PUSH);
        assertThat(hub.secret(PUSH, webhookUrl)).contains(SECRET);
        assertThat(created.getBody()).doesNotContain(SECRET, TOKEN);
        String id = hook.get("id").asText();
        assertThat(json(call("GET", "/hooks/" + id, null)).get("registration").get("method").asText())
                .isEqualTo("pubsubhubbub");
        assertThat(hooks.find(id).orElseThrow().registration().method()).isEqualTo(RegistrationMethod.PUBSUBHUBBUB);
    }

    @Test
    void create_refusedByTheHub_is422_withItsReason_andStoresNothing() throws IOException {
        hub.refuse(PUSH, 422, "Invalid topic: repository not found for this token");

        APIGatewayV2HTTPResponse response = call("POST", "/hooks", pubsub("app").toString());

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("error").asText()).isEqualTo("registration");
        assertThat(json(response).get("message").asText()).contains("GitHub refused to subscribe to the push events",
                "Invalid topic: repository not found for this token");
        assertThat(response.getBody()).doesNotContain(TOKEN, SECRET);
        assertThat(json(call("GET", "/hooks", null)).get("_embedded").get("hooks")).isEmpty();
        assertThat(hub.subscriptions()).isEmpty();
    }

    @Test
    void create_whenTheHubFails_is502_andStoresNothing() throws IOException {
        hub.refuse(PUSH, 500, "Internal Server Error");

        APIGatewayV2HTTPResponse response = call("POST", "/hooks", pubsub("app").toString());

        assertThat(response.getStatusCode()).isEqualTo(502);
        assertThat(json(response).get("error").asText()).isEqualTo("provider_unavailable");
        assertThat(json(call("GET", "/hooks", null)).get("_embedded").get("hooks")).isEmpty();
    }

    @Test
    void create_forAProviderWithoutTheMethod_is422_namingRegistrationMethod_andTheProvidersMethods()
            throws IOException {
        ObjectNode body = pubsub("app").put("provider", "gitlab").put("sourceRepo", "https://gitlab.com/acme/app.git");

        APIGatewayV2HTTPResponse response = call("POST", "/hooks", body.toString());

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get("registration.method").asText())
                .isEqualTo("must be one of: webhook (the registration methods provider gitlab has)");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void put_withANewSecretAndCi_subscribesAgain_andAddsTheWorkflowRunTopic() throws IOException {
        JsonNode created = json(call("POST", "/hooks", pubsub("app").toString()));
        String id = created.get("id").asText();
        String webhookUrl = created.get("webhookUrl").asText();
        ObjectNode changed = pubsub("app").put("secret", "a-brand-new-secret-0");
        changed.remove("registration");
        changed.putObject("events").put("push", true).put("ci", true);

        APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, changed.toString());

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(json(response).get("registration").get("method").asText()).isEqualTo("pubsubhubbub");
        assertThat(json(response).get("registration").get("providerHookId").asText())
                .isEqualTo(webhookUrl + " " + PUSH + " " + RUNS);
        assertThat(hub.secret(PUSH, webhookUrl)).contains("a-brand-new-secret-0");
        assertThat(hub.secret(RUNS, webhookUrl)).contains("a-brand-new-secret-0");
    }

    @Test
    void rotateSecret_subscribesAgainWithTheGeneratedSecret() throws IOException {
        JsonNode created = json(call("POST", "/hooks", pubsub("app").toString()));
        String id = created.get("id").asText();

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret", "{}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        String generated = json(response).get("secret").asText();
        assertThat(hub.secret(PUSH, created.get("webhookUrl").asText())).contains(generated);
        assertThat(hooks.find(id).orElseThrow().secret()).isEqualTo(generated);
    }

    @Test
    void rotateSecret_refusedByTheHub_is422_andKeepsTheSecret() throws IOException {
        JsonNode created = json(call("POST", "/hooks", pubsub("app").toString()));
        String id = created.get("id").asText();
        hub.refuse(PUSH, 422, "Hook limit reached");

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret", "{}");

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("message").asText()).contains("Hook limit reached");
        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.secret()).isEqualTo(SECRET);
        assertThat(stored.secretRotation()).isNull();
        assertThat(hub.secret(PUSH, created.get("webhookUrl").asText())).contains(SECRET);
    }

    @Test
    void switchingToWebhook_whenTheWebhookCannotBeCreated_keepsTheSubscription() throws IOException {
        JsonNode created = json(call("POST", "/hooks", pubsub("app").toString()));
        String id = created.get("id").asText();
        ObjectNode toWebhook = pubsub("app");
        toWebhook.putObject("registration").put("method", "webhook");

        // The hub stand-in serves only /hub: creating the repository webhook there gets 404.
        APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, toWebhook.toString());

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(hooks.find(id).orElseThrow().registration().method()).isEqualTo(RegistrationMethod.PUBSUBHUBBUB);
        assertThat(hub.secret(PUSH, created.get("webhookUrl").asText())).contains(SECRET);
    }

    @Test
    void switchingFromWebhookToPubSubHubbub_subscribesFirst_thenDeletesTheWebhook() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", "/repos/acme/app/hooks", 201, "{\"id\":4242}")
                    .on("POST", "/hub", 204, null)
                    .on("DELETE", "/repos/acme/app/hooks/4242", 204, null);
            ObjectNode webhook = hookBody("app").put("register", true).put("apiUrl", github.url());
            String id = json(call("POST", "/hooks", webhook.toString())).get("id").asText();
            ObjectNode toHub = webhook.deepCopy();
            toHub.putObject("registration").put("method", "pubsubhubbub");

            APIGatewayV2HTTPResponse response = call("PUT", "/hooks/" + id, toHub.toString());

            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
            assertThat(json(response).get("registration").get("method").asText()).isEqualTo("pubsubhubbub");
            assertThat(github.calls()).containsExactly("POST /repos/acme/app/hooks", "POST /hub",
                    "DELETE /repos/acme/app/hooks/4242");
            StandInServer.RecordedRequest subscribe = github.requests().get(1);
            assertThat(subscribe.header("content-type")).startsWith("application/x-www-form-urlencoded");
            assertThat(subscribe.body()).isEqualTo("hub.mode=subscribe&hub.topic="
                    + URLEncoder.encode(PUSH, StandardCharsets.UTF_8) + "&hub.callback="
                    + URLEncoder.encode(json(response).get("webhookUrl").asText(), StandardCharsets.UTF_8)
                    + "&hub.secret=" + SECRET);
            assertThat(hooks.find(id).orElseThrow().registration().method())
                    .isEqualTo(RegistrationMethod.PUBSUBHUBBUB);
        }
    }

    @Test
    void patchingAMethod_ontoAHookGitbridgeDoesNotRegister_is422_andChangesNothing() throws IOException {
        String id = json(call("POST", "/hooks", hookBody("app").toString())).get("id").asText();

        APIGatewayV2HTTPResponse response = call("PATCH", "/hooks/" + id,
                "{\"registration\":{\"method\":\"pubsubhubbub\"}}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(422);
        assertThat(json(response).get("fields").get("registration.method").asText())
                .isEqualTo("applies only to a hook gitbridge registers; send \"register\": true");
        assertThat(hooks.find(id).orElseThrow().registration()).isNull();
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void delete_unsubscribesEveryTopic() throws IOException {
        ObjectNode body = pubsub("app");
        body.putObject("events").put("push", true).put("ci", true);
        String id = json(call("POST", "/hooks", body.toString())).get("id").asText();
        hub.clearRequests();

        APIGatewayV2HTTPResponse response = call("DELETE", "/hooks/" + id, null);

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(hub.calls()).containsExactly("unsubscribe " + PUSH, "unsubscribe " + RUNS);
        assertThat(hub.subscriptions()).isEmpty();
        assertThat(hooks.find(id)).isEmpty();
    }

    @Test
    void delete_whenTheHubRefuses_keepsTheHook() throws IOException {
        String id = json(call("POST", "/hooks", pubsub("app").toString())).get("id").asText();
        hub.refuse(PUSH, 403, "Resource not accessible by personal access token");

        APIGatewayV2HTTPResponse response = call("DELETE", "/hooks/" + id, null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("message").asText()).contains("the hook is kept");
        assertThat(hooks.find(id)).isPresent();
    }

    private ObjectNode pubsub(String project) {
        ObjectNode body = hookBody(project).put("register", true).put("apiUrl", hub.apiUrl());
        body.putObject("registration").put("method", "pubsubhubbub");
        return body;
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(Map.of("content-type", method.equals("PATCH") ? "application/merge-patch+json"
                        : "application/json", "x-forwarded-proto", "https"))
                .withBody(body)
                .withRequestContext(AdminEvents.requestContext(method))
                .build();
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.MAPPER.readTree(response.getBody());
    }
}
