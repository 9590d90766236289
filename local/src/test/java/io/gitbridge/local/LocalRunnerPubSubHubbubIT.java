package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.deliveries.Hmac;
import io.gitbridge.testkit.deliveries.Payloads;
import io.gitbridge.testkit.deliveries.TestDelivery;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import io.gitbridge.testkit.http.GitHubHubStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GitHub hook registered through GitHub's PubSubHubbub hub, end to end through the local runner: creating it
 * subscribes its webhook URL on a stand-in hub with its secret; the form-encoded push the hub then sends, signed only
 * with the legacy {@code X-Hub-Signature: sha1=…}, syncs a private repository into a real build repository; the same
 * delivery signed with another secret is refused with 401; deleting the hook unsubscribes.
 */
class LocalRunnerPubSubHubbubIT {

    private static final String ADMIN_TOKEN = "pubsub-admin-token";
    private static final String SECRET = "pubsubhubbub-webhook-secret";
    private static final String TOKEN = "ghp_pubsubTokenValue0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void pubSubHubbubHook_subscribes_syncsASha1SignedFormDelivery_andUnsubscribesOnDelete() throws Exception {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("acme/app.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        try (GitHttpServer git = GitHttpServer.startWithBasicAuth(repos, "x-access-token", TOKEN);
             WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
             LocalRunner runner = LocalRunner.start(
                     new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            URI sourceUrl = git.url("acme/app.git");
            String origin = sourceUrl.getScheme() + "://" + sourceUrl.getAuthority();
            try (GitHubHubStandIn hub = GitHubHubStandIn.start("/api/v3", TOKEN, origin)) {
                String topic = hub.topic("acme", "app", "push");
                AdminApi api = new AdminApi(runner.url(), ADMIN_TOKEN, SECRET);
                ObjectNode body = Json.MAPPER.createObjectNode()
                        .put("project", "acme-app")
                        .put("provider", "github")
                        .put("sourceRepo", sourceUrl.toString())
                        .put("branch", "main")
                        .put("secret", SECRET)
                        .put("token", TOKEN)
                        .put("buildRepo", GitRepos.fileUri(build).toString())
                        .put("apiUrl", hub.apiUrl())
                        .put("register", true);
                body.putObject("events").put("push", true).put("ci", false);
                body.putObject("registration").put("method", "pubsubhubbub");

                HttpResponse<String> created = api.admin("POST", "/hooks", body.toString());

                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                JsonNode hook = Json.MAPPER.readTree(created.body());
                String id = hook.get("id").asText();
                String webhookUrl = hook.get("webhookUrl").asText();
                assertThat(hook.get("registration").get("method").asText()).isEqualTo("pubsubhubbub");
                assertThat(hook.get("registration").get("providerHookId").asText()).isEqualTo(webhookUrl + " " + topic);
                assertThat(hub.calls()).containsExactly("subscribe " + topic);
                assertThat(hub.requests().get(0).form()).containsEntry("hub.callback", webhookUrl)
                        .containsEntry("hub.secret", SECRET);
                assertThat(hub.secret(topic, webhookUrl)).contains(SECRET);
                assertThat(created.body()).doesNotContain(SECRET, TOKEN);

                ObjectId pushed = developer.commit(Map.of("app.txt", "pushed through the hub\n"), "one");
                developer.push("main");
                String json = new String(Payloads.changed("github/push.json",
                        p -> p.put("ref", "refs/heads/main").put("after", pushed.name())), StandardCharsets.UTF_8);
                TestDelivery delivery = hub.delivery(topic, webhookUrl, json, "hub-delivery-1");
                assertThat(delivery.headers()).containsKey("X-Hub-Signature").doesNotContainKey("X-Hub-Signature-256");
                assertThat(delivery.headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");

                HttpResponse<String> refused = deliver(URI.create(webhookUrl), signed(delivery,
                        "not-the-hooks-secret-at-all", delivery.body(), "hub-delivery-1"));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
                assertThat(Json.MAPPER.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_signature");

                HttpResponse<String> bad = deliver(URI.create(webhookUrl), signed(delivery, SECRET,
                        "hub.topic=x".getBytes(StandardCharsets.UTF_8), "hub-delivery-malformed"));
                assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
                assertThat(Json.MAPPER.readTree(bad.body()).get("message").asText())
                        .isEqualTo("form body has no payload field");

                HttpResponse<String> escape = deliver(URI.create(webhookUrl), signed(delivery, SECRET,
                        "payload=%7B%22ref%22%3A%2".getBytes(StandardCharsets.UTF_8), "hub-delivery-bad-escape"));
                assertThat(escape.statusCode()).as(escape.body()).isEqualTo(400);
                assertThat(Json.MAPPER.readTree(escape.body()).get("message").asText())
                        .isEqualTo("form body is not URL-encoded");

                HttpResponse<String> accepted = deliver(URI.create(webhookUrl), delivery);
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                JsonNode synced = api.awaitSync(id, "hub-delivery-1");
                assertThat(synced.get("outcome").asText()).isEqualTo("queued");
                assertThat(GitRepos.head(build, "master")).contains(pushed);
                assertThat(git.authenticatedUsers()).contains("x-access-token");

                hub.clearRequests();
                HttpResponse<String> deleted = api.admin("DELETE", "/hooks/" + id, null);

                assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
                assertThat(hub.calls()).containsExactly("unsubscribe " + topic);
                assertThat(hub.requests().get(0).form()).containsEntry("hub.callback", webhookUrl)
                        .doesNotContainKey("hub.secret");
                assertThat(hub.subscriptions()).isEmpty();
            }
        }
    }

    /** {@code delivery}'s headers with another body and delivery id, signed with {@code secret} as the hub would. */
    private static TestDelivery signed(TestDelivery delivery, String secret, byte[] body, String deliveryId) {
        Map<String, String> headers = new HashMap<>(delivery.headers());
        headers.put("X-GitHub-Delivery", deliveryId);
        headers.put("X-Hub-Signature", "sha1=" + Hmac.sha1Hex(secret, body));
        return new TestDelivery(headers, body);
    }

    private HttpResponse<String> deliver(URI webhook, TestDelivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
