package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Signatures;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "What happened to my push?" end to end through the local runner's HTTP port: every delivery shows in the hook's
 * delivery log with what became of it, an admin can sync the branch head or redeliver, and a failing sync shows on
 * the hook as an error an admin can act on.
 */
class LocalRunnerDeliveriesIT {

    private static final String ADMIN_TOKEN = "deliveries-admin-token";
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final String BUILD_TOKEN = "build-token-that-must-never-show-0123";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private URI base;
    private String hookId;

    @Test
    void everyDeliveryIsLogged_syncNowAndRedeliverQueueAgain_andAFailingSyncSaysWhy() throws Exception {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        try (WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("work"));
                LocalRunner runner = LocalRunner.start(
                        new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            ObjectId c1 = developer.commit(Map.of("README.md", "# app\n"), "first");
            developer.push("main");
            base = runner.url();
            ObjectNode create = Json.MAPPER.createObjectNode()
                    .put("project", "acme-app")
                    .put("provider", "github")
                    .put("sourceRepo", GitRepos.fileUri(source).toString())
                    .put("branch", "main")
                    .put("secret", SECRET)
                    .put("buildRepo", GitRepos.fileUri(build).toString())
                    .put("buildToken", BUILD_TOKEN);
            create.putObject("events").put("push", true).put("ci", false);
            HttpResponse<String> created = admin("POST", "/hooks", create.toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            hookId = Json.MAPPER.readTree(created.body()).get("id").asText();
            URI webhook = URI.create(Json.MAPPER.readTree(created.body()).get("webhookUrl").asText());

            // A ping is logged as pong.
            assertThat(deliver(webhook, "ping", Fixtures.bytes("github/ping.json"), "ping-1").statusCode()).isEqualTo(200);
            JsonNode pong = entryWith("providerDeliveryId", "ping-1");
            assertThat(pong.get("outcome").asText()).isEqualTo("pong");
            assertThat(pong.get("event").asText()).isEqualTo("ping");
            assertThat(pong.get("status").asInt()).isEqualTo(200);

            // A push is logged as queued, and later carries its sync result.
            assertThat(deliver(webhook, "push", pushPayload(c1), "push-1").statusCode()).isEqualTo(202);
            JsonNode pushed = awaitEntry("push-1", entry -> !entry.get("sync").isNull());
            assertThat(pushed.get("outcome").asText()).isEqualTo("queued");
            assertThat(pushed.get("event").asText()).isEqualTo("push");
            assertThat(pushed.get("status").asInt()).isEqualTo(202);
            assertThat(pushed.get("commit").asText()).isEqualTo(c1.name());
            assertThat(pushed.get("ref").asText()).isEqualTo("refs/heads/main");
            assertThat(pushed.get("sync").get("status").asText()).isEqualTo("synced");
            assertThat(pushed.get("sync").get("commit").asText()).isEqualTo(c1.name());
            assertThat(GitRepos.requireHead(build, "master")).isEqualTo(c1);

            // A commit nobody delivered is brought over by POST /hooks/{id}/sync.
            ObjectId c2 = developer.commit(Map.of("README.md", "# app, v2\n"), "second, no webhook");
            developer.push("main");
            HttpResponse<String> syncNow = admin("POST", "/hooks/" + hookId + "/sync", null);
            assertThat(syncNow.statusCode()).as(syncNow.body()).isEqualTo(202);
            JsonNode queued = Json.MAPPER.readTree(syncNow.body());
            assertThat(queued.get("status").asText()).isEqualTo("queued");
            assertThat(queued.get("commit").isNull()).isTrue();
            String syncId = queued.get("deliveryId").asText();
            JsonNode manual = awaitEntry(syncId, entry -> !entry.get("sync").isNull());
            assertThat(manual.get("event").asText()).isEqualTo("manual sync");
            assertThat(manual.get("sync").get("status").asText()).isEqualTo("synced");
            assertThat(manual.get("sync").get("commit").asText()).isEqualTo(c2.name());
            assertThat(manual.get("commit").asText()).isEqualTo(c2.name());
            assertThat(GitRepos.requireHead(build, "master")).isEqualTo(c2);
            assertThat(lastSync().get("commit").asText()).isEqualTo(c2.name());

            // Redelivering push-1 (within SQS's five-minute deduplication window) queues and runs it again.
            HttpResponse<String> redelivered = admin("POST", "/hooks/" + hookId + "/deliveries/push-1/redeliver", null);
            assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(redelivered.body()).get("commit").asText()).isEqualTo(c1.name());
            JsonNode again = awaitEntry("push-1", entry -> entry.get("sync").get("status").asText().equals("up_to_date"));
            assertThat(again.get("redeliveries").asInt()).isEqualTo(1);
            assertThat(GitRepos.requireHead(build, "master")).isEqualTo(c2);

            // Only what was queued can be redelivered.
            HttpResponse<String> notQueued = admin("POST", "/hooks/" + hookId + "/deliveries/"
                    + pong.get("deliveryId").asText() + "/redeliver", null);
            assertThat(notQueued.statusCode()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(notQueued.body()).get("message").asText())
                    .contains("was never queued (it was pong)");
            assertThat(admin("POST", "/hooks/" + hookId + "/deliveries/no-such-delivery/redeliver", null).statusCode())
                    .isEqualTo(404);

            // A failing sync: the build repository is gone.
            FileUtils.delete(build.toFile(), FileUtils.RECURSIVE);
            String failingId = Json.MAPPER.readTree(admin("POST", "/hooks/" + hookId + "/sync", null).body())
                    .get("deliveryId").asText();
            JsonNode failed = awaitEntry(failingId, entry -> !entry.get("sync").isNull());
            String expected = "the build repository " + build.toAbsolutePath().normalize().toUri()
                    + " was not found (or the token cannot see it)";
            assertThat(failed.get("sync").get("status").asText()).isEqualTo("failed");
            assertThat(failed.get("sync").get("error").asText()).isEqualTo(expected);
            HttpResponse<String> hook = admin("GET", "/hooks/" + hookId, null);
            JsonNode failing = Json.MAPPER.readTree(hook.body());
            assertThat(failing.get("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(failing.get("lastSync").get("status").asText()).isEqualTo("failed");
            assertThat(failing.get("lastSync").get("error").asText()).isEqualTo(expected);
            assertThat(hook.body()).doesNotContain(BUILD_TOKEN).doesNotContain(SECRET)
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(admin("GET", "/hooks/" + hookId + "/deliveries?limit=100", null).body())
                    .doesNotContain(BUILD_TOKEN).doesNotContain(SECRET);
        }
    }

    /** The newest log entry whose {@code field} is {@code value}; fails when there is none. */
    private JsonNode entryWith(String field, String value) throws Exception {
        for (JsonNode entry : deliveries()) {
            if (value.equals(entry.path(field).asText(null))) {
                return entry;
            }
        }
        throw new AssertionError("no delivery with " + field + " " + value + " in " + deliveries());
    }

    /** Waits up to 60 s for the entry {@code deliveryId} to satisfy {@code condition}. */
    private JsonNode awaitEntry(String deliveryId, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode entry : deliveries()) {
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

    private JsonNode deliveries() throws Exception {
        HttpResponse<String> response = admin("GET", "/hooks/" + hookId + "/deliveries?limit=100", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).get("_embedded").get("deliveries");
    }

    private JsonNode lastSync() throws Exception {
        return Json.MAPPER.readTree(admin("GET", "/hooks/" + hookId, null).body()).get("lastSync");
    }

    private static byte[] pushPayload(ObjectId commit) throws IOException {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("github/push.json"));
        payload.put("after", commit.name());
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> deliver(URI webhook, String event, byte[] body, String deliveryId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .header("content-type", "application/json")
                .header("x-github-event", event)
                .header("x-github-delivery", deliveryId)
                .header("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
