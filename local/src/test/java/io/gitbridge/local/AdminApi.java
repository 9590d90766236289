package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Signatures;
import io.gitbridge.testkit.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;

/** A runner's admin API and webhook URL over real HTTP, for tests: GitHub hooks, signed pushes, the delivery log. */
final class AdminApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String adminToken;
    private final String secret;

    AdminApi(URI base, String adminToken, String secret) {
        this.base = base;
        this.adminToken = adminToken;
        this.secret = secret;
    }

    /** Creates a GitHub hook for branch main with this API's secret; returns its id. */
    String createHook(String project, String sourceRepo, String buildRepo) throws Exception {
        ObjectNode create = Json.MAPPER.createObjectNode()
                .put("project", project)
                .put("provider", "github")
                .put("sourceRepo", sourceRepo)
                .put("branch", "main")
                .put("secret", secret)
                .put("buildRepo", buildRepo);
        create.putObject("events").put("push", true).put("ci", false);
        HttpResponse<String> created = admin("POST", "/hooks", create.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.MAPPER.readTree(created.body()).get("id").asText();
    }

    /** Delivers a signed GitHub push of {@code commit} to refs/heads/main. */
    HttpResponse<String> deliverPush(String hookId, ObjectId commit, String deliveryId) throws Exception {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("github/push.json"));
        payload.put("after", commit.name());
        // The push is about the hook's own repository, as GitHub's would be (others are ignored).
        HttpResponse<String> hook = admin("GET", "/hooks/" + hookId, null);
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(200);
        ((ObjectNode) payload.get("repository")).put("clone_url",
                Json.MAPPER.readTree(hook.body()).get("sourceRepo").asText());
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/webhooks/" + hookId))
                .header("content-type", "application/json")
                .header("x-github-event", "push")
                .header("x-github-delivery", deliveryId)
                .header("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(secret, body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits up to 60 s for the delivery log entry {@code deliveryId} to satisfy {@code condition}. */
    JsonNode awaitEntry(String hookId, String deliveryId, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = admin("GET", "/hooks/" + hookId + "/deliveries?limit=100", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            for (JsonNode entry : Json.MAPPER.readTree(response.body()).get("_embedded").get("deliveries")) {
                if (entry.get("deliveryId").asText().equals(deliveryId)) {
                    last = entry;
                    if (condition.test(entry)) {
                        return entry;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("delivery " + deliveryId + " did not get there within 60 s; last seen: " + last);
    }

    /** The entry once its sync has run. */
    JsonNode awaitSync(String hookId, String deliveryId) throws Exception {
        return awaitEntry(hookId, deliveryId, entry -> !entry.get("sync").isNull());
    }

    /** A request with the admin token. */
    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return http.send(request(method, path, body).header("authorization", "Bearer " + adminToken).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request without any token. */
    HttpResponse<String> anonymous(String method, String path, String body) throws Exception {
        return http.send(request(method, path, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
    }
}
