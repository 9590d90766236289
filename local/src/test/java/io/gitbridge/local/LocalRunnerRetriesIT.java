package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsClients;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Retries through the whole runner: a sync whose build repository does not exist is retried on the local ladder
 * (2 s, 10 s), then moved to the dead-letter queue with its reason on its third receive, with one ERROR line.
 */
class LocalRunnerRetriesIT {

    private static final String ADMIN_TOKEN = "local-admin-token-for-retries";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void syncThatOnlyTheAdminCanFix_isDeadLetteredOnItsThirdReceive_withItsReason() throws Exception {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("work"))) {
            clone.commit(Map.of("README.md", "# app\n"), "first");
            clone.push("main");
        }
        Path missingBuild = tmp.resolve("no-such-build.git");
        RunnerOptions options = new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty());
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<Message> dead;
        String hookId;
        long started;
        try (LocalRunner runner = LocalRunner.start(options, ADMIN_TOKEN)) {
            URI base = runner.url();
            ObjectNode create = Json.MAPPER.createObjectNode()
                    .put("project", "acme-retries")
                    .put("provider", "github")
                    .put("sourceRepo", GitRepos.fileUri(source).toString())
                    .put("branch", "main")
                    .put("secret", "a-webhook-secret-of-some-length")
                    .put("buildRepo", GitRepos.fileUri(missingBuild).toString());
            create.putObject("events").put("push", true).put("ci", false);
            HttpResponse<String> created = send("POST", base.resolve("/hooks"), create.toString());
            assertThat(created.statusCode()).isEqualTo(201);
            hookId = Json.MAPPER.readTree(created.body()).get("id").asText();
            started = System.nanoTime();
            assertThat(send("POST", base.resolve("/hooks/" + hookId + "/sync"), "{}").statusCode()).isEqualTo(202);

            SqsClient sqs = AwsClients.sqs(runner.config());
            String deadLetterUrl = sqs.getQueueUrl(q -> q.queueName("gitbridge-sync-dlq.fifo")).queueUrl();
            dead = awaitDeadLetter(sqs, deadLetterUrl, Duration.ofSeconds(40));

            JsonNode hook = Json.MAPPER.readTree(send("GET", base.resolve("/hooks/" + hookId), null).body());
            assertThat(hook.get("lastSync").get("status").asText()).isEqualTo("failed");
            assertThat(hook.get("consecutiveFailures").asInt()).isEqualTo(3);
        } finally {
            System.setErr(original);
            original.print(captured.toString(StandardCharsets.UTF_8));
        }
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(dead).hasSize(1);
        String reason = dead.get(0).messageAttributes().get("gitbridge-failure-reason").stringValue();
        assertThat(reason).startsWith("the build repository " + GitRepos.fileUri(missingBuild));
        assertThat(dead.get(0).messageAttributes().get("gitbridge-retry-class").stringValue()).isEqualTo("PERMANENT");
        assertThat(dead.get(0).messageAttributes().get("gitbridge-receive-count").stringValue()).isEqualTo("3");
        assertThat(tookMillis).as("waited 2 s, then 10 s").isGreaterThanOrEqualTo(11_500);
        List<String> errors = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("sync dead-lettered")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("ERROR").contains("hook " + hookId + " delivery ")
                .contains("after 3 receive(s), permanent failure: " + reason);
    }

    private static List<Message> awaitDeadLetter(SqsClient sqs, String url, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (!messages.isEmpty()) {
                return messages;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nothing reached the dead-letter queue within " + atMost);
    }

    private HttpResponse<String> send(String method, URI uri, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
