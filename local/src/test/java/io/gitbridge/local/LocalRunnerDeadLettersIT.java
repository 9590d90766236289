package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs that fail every retry end in the dead-letter queue; the admin lists them with their error, fixes the cause
 * and moves them back, one hook's or all, and they sync.
 */
class LocalRunnerDeadLettersIT {

    private static final String ADMIN_TOKEN = "dead-letters-admin-token";
    private static final String SECRET = "a-webhook-secret-for-dead-letters";
    private static final String REFUSAL = "protected branch: pushes need review";

    @TempDir
    Path tmp;

    private AdminApi api;

    @Test
    void deadLetters_areListedWithTheirError_andRedrivenPerHookThenAll() throws Exception {
        Path served = tmp.resolve("served");
        Path source = GitRepos.createBare(served.resolve("source.git"));
        GitRepos.createBare(served.resolve("build-a.git"));
        GitRepos.createBare(served.resolve("build-b.git"));
        ObjectId commit;
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            commit = clone.commit(Map.of("README.md", "# app\n"), "first");
            clone.push("main");
        }
        String previous = System.setProperty(LocalRunner.RETRY_AFTER_PROPERTY, "1");
        try (GitHttpServer git = GitHttpServer.start(served);
             LocalRunner runner = LocalRunner.start(
                     new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            api = new AdminApi(runner.url(), ADMIN_TOKEN, SECRET);
            assertThat(runner.deadLetterQueueUrl()).endsWith("/gitbridge-sync-dlq.fifo");
            git.refusePushes(REFUSAL);
            String sourceUrl = GitRepos.fileUri(source).toString();
            String hookA = api.createHook("app-a", sourceUrl, git.url("build-a.git").toString());
            String hookB = api.createHook("app-b", sourceUrl, git.url("build-b.git").toString());
            assertThat(api.deliverPush(hookA, commit, "dl-a").statusCode()).isEqualTo(202);
            assertThat(api.deliverPush(hookB, commit, "dl-b").statusCode()).isEqualTo(202);

            JsonNode listed = awaitDeadLetters(letters -> letters.size() == 2);
            JsonNode a = find(listed, "dl-a");
            assertThat(a.get("hookId").asText()).isEqualTo(hookA);
            assertThat(a.get("commit").asText()).isEqualTo(commit.name());
            assertThat(a.get("ref").asText()).isEqualTo("refs/heads/main");
            // A push a server rule refuses is a permanent failure, dead-lettered by the sync after 3 receives; each
            // earlier listing adds one (SQS has no peek: a listing receives).
            assertThat(a.get("receiveCount").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(a.get("lastError").asText()).contains(REFUSAL);
            assertThat(Instant.parse(a.get("sentAt").asText())).isBeforeOrEqualTo(Instant.parse(a.get("deadLetteredAt").asText()));
            assertThat(find(listed, "dl-b").get("hookId").asText()).isEqualTo(hookB);

            // Bad input and no token.
            assertBadRequest(api.admin("POST", "/dead-letters/redrive?hookId=hk%2F..%2Fx", null), "hookId");
            assertBadRequest(api.admin("GET", "/dead-letters?limit=0", null), "limit");
            assertBadRequest(api.admin("GET", "/dead-letters?limit=9999999999", null), "limit");
            assertThat(api.anonymous("GET", "/dead-letters", null).statusCode()).isEqualTo(401);
            assertThat(api.anonymous("POST", "/dead-letters/redrive", null).statusCode()).isEqualTo(401);

            git.refusePushes(null);
            HttpResponse<String> one = api.admin("POST", "/dead-letters/redrive?hookId=" + hookA, null);
            assertThat(one.statusCode()).as(one.body()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(one.body()).get("moved").asInt()).isEqualTo(1);
            api.awaitEntry(hookA, "dl-a", LocalRunnerDeadLettersIT::synced);
            assertThat(GitRepos.requireHead(served.resolve("build-a.git"), "master")).isEqualTo(commit);
            // Hook b's dead letter stays where it was until everything is redriven.
            JsonNode remaining = awaitDeadLetters(letters -> letters.size() == 1);
            assertThat(remaining.get(0).get("deliveryId").asText()).isEqualTo("dl-b");

            HttpResponse<String> all = api.admin("POST", "/dead-letters/redrive", null);
            assertThat(all.statusCode()).as(all.body()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(all.body()).get("moved").asInt()).isEqualTo(1);
            api.awaitEntry(hookB, "dl-b", LocalRunnerDeadLettersIT::synced);
            assertThat(GitRepos.requireHead(served.resolve("build-b.git"), "master")).isEqualTo(commit);
            assertThat(Json.MAPPER.readTree(api.admin("GET", "/dead-letters", null).body()).get("deadLetters")).isEmpty();
        } finally {
            if (previous == null) {
                System.clearProperty(LocalRunner.RETRY_AFTER_PROPERTY);
            } else {
                System.setProperty(LocalRunner.RETRY_AFTER_PROPERTY, previous);
            }
        }
    }

    private static JsonNode find(JsonNode letters, String deliveryId) {
        for (JsonNode letter : letters) {
            if (deliveryId.equals(letter.path("deliveryId").asText())) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter for " + deliveryId + " in " + letters);
    }

    private static void assertBadRequest(HttpResponse<String> response, String named) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("bad_request");
        assertThat(body.get("message").asText()).contains(named);
    }

    private JsonNode awaitDeadLetters(Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = api.admin("GET", "/dead-letters", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            last = Json.MAPPER.readTree(response.body()).get("deadLetters");
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the dead letters did not get there within 90 s; last seen: " + last);
    }

    private static boolean synced(JsonNode entry) {
        return !entry.get("sync").isNull() && "synced".equals(entry.get("sync").get("status").asText());
    }
}
