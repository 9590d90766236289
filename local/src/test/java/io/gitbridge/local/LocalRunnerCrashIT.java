package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Signatures;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.Stall;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner as a real process, killed with SIGKILL in the middle of a fetch and of a push, and stopped with
 * SIGTERM with syncs queued; restarted on the same data directory, it runs every sync to the end.
 */
class LocalRunnerCrashIT {

    private static final String ADMIN_TOKEN = "crash-admin-token-for-tests";
    private static final String SECRET = "a-webhook-secret-for-crash-tests";
    /** The sync queue's visibility timeout in these runners: an interrupted sync is visible again after it. */
    private static final int RETRY_AFTER_SECONDS = 2;
    private static final Pattern LEFTOVER = Pattern.compile("incoming_.*|.*\\.tmp|.*_tmp|.*\\.lock|tmp_.*|.*\\.keep");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private Path served;
    private Path source;
    private Path build;
    private Path data;

    @BeforeEach
    void createRepositories() {
        served = tmp.resolve("served");
        source = GitRepos.createBare(served.resolve("source.git"));
        build = GitRepos.createBare(served.resolve("build.git"));
        data = tmp.resolve("data");
    }

    @Test
    void kill9DuringFetch_theSyncRunsAgainAfterRestart_andItsPartialPackIsRemoved() throws Exception {
        ObjectId commit = pushSource(1).get(0);
        try (GitHttpServer git = GitHttpServer.start(served)) {
            String hookId;
            try (RunnerProcess runner = RunnerProcess.start(data, ADMIN_TOKEN, RETRY_AFTER_SECONDS)) {
                hookId = createHook(runner.url(), git.url("source.git").toString(), GitRepos.fileUri(build).toString());
                Stall stall = git.stallNextUploadPack(64 * 1024);
                try {
                    assertThat(deliver(runner.url(), hookId, commit, "fetch-1").statusCode()).isEqualTo(202);
                    assertThat(stall.awaitStalled(Duration.ofSeconds(30)))
                            .as("the fetch started: %s %s", git.requests(), runner.output()).isTrue();
                    assertThat(awaitLeftovers(Duration.ofSeconds(10))).as("part of the pack is on disk").isNotEmpty();
                    assertThat(runner.kill9()).isEqualTo(137);
                } finally {
                    stall.release();
                }
            }
            assertThat(leftovers()).anyMatch(path -> path.getFileName().toString().startsWith("incoming_"));

            try (RunnerProcess restarted = RunnerProcess.start(data, ADMIN_TOKEN, RETRY_AFTER_SECONDS)) {
                JsonNode entry = awaitEntry(restarted.url(), hookId, "fetch-1", e -> !e.get("sync").isNull());
                assertThat(entry.get("sync").get("status").asText()).as(entry.toString()).isEqualTo("synced");
                assertThat(GitRepos.requireHead(build, "master")).isEqualTo(commit);
            }
        }
        assertFsckPasses(build);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void kill9DuringPush_theSyncRunsAgainAfterRestart_andTheBuildRepositoryIsSound() throws Exception {
        ObjectId commit = pushSource(1).get(0);
        try (GitHttpServer git = GitHttpServer.start(served)) {
            String hookId;
            CountDownLatch pushing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            try (RunnerProcess runner = RunnerProcess.start(data, ADMIN_TOKEN, RETRY_AFTER_SECONDS)) {
                hookId = createHook(runner.url(), GitRepos.fileUri(source).toString(), git.url("build.git").toString());
                git.beforeNextReceivePack(() -> {
                    pushing.countDown();
                    awaitQuietly(release);
                });
                try {
                    assertThat(deliver(runner.url(), hookId, commit, "push-1").statusCode()).isEqualTo(202);
                    assertThat(pushing.await(30, TimeUnit.SECONDS)).as("the push started").isTrue();
                    assertThat(runner.kill9()).isEqualTo(137);
                } finally {
                    release.countDown();
                }
            }

            try (RunnerProcess restarted = RunnerProcess.start(data, ADMIN_TOKEN, RETRY_AFTER_SECONDS)) {
                JsonNode entry = awaitEntry(restarted.url(), hookId, "push-1", e -> !e.get("sync").isNull());
                // The server may have applied the pack the dead process had sent; then the rerun finds it there.
                assertThat(entry.get("sync").get("status").asText()).as(entry.toString())
                        .isIn("synced", "up_to_date");
                assertThat(GitRepos.requireHead(build, "master")).isEqualTo(commit);
            }
        }
        assertFsckPasses(build);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void sigtermWithSixSyncsQueued_everySyncRunsAfterRestart_inOrder() throws Exception {
        List<ObjectId> commits = pushSource(6);
        List<String> deliveries = new ArrayList<>();
        try (GitHttpServer git = GitHttpServer.start(served)) {
            String hookId;
            try (RunnerProcess runner = RunnerProcess.start(data, ADMIN_TOKEN, RETRY_AFTER_SECONDS)) {
                hookId = createHook(runner.url(), git.url("source.git").toString(), GitRepos.fileUri(build).toString());
                Stall stall = git.stallNextUploadPack(64 * 1024);
                try {
                    // The first sync hangs in its fetch, so the five after it wait in the queue.
                    for (int i = 0; i < commits.size(); i++) {
                        String deliveryId = "queued-" + (i + 1);
                        deliveries.add(deliveryId);
                        assertThat(deliver(runner.url(), hookId, commits.get(i), deliveryId).statusCode())
                                .isEqualTo(202);
                        if (i == 0) {
                            assertThat(stall.awaitStalled(Duration.ofSeconds(30))).as("the first fetch").isTrue();
                        }
                    }
                    assertThat(runner.sigterm()).isEqualTo(143);
                } finally {
                    stall.release();
                }
            }

            try (RunnerProcess restarted = RunnerProcess.start(data, ADMIN_TOKEN, RETRY_AFTER_SECONDS)) {
                for (String deliveryId : deliveries) {
                    JsonNode entry = awaitEntry(restarted.url(), hookId, deliveryId, e -> !e.get("sync").isNull());
                    assertThat(entry.get("sync").get("status").asText()).as(entry.toString()).isEqualTo("synced");
                }
                assertThat(GitRepos.requireHead(build, "master")).isEqualTo(commits.get(commits.size() - 1));
                assertThat(restarted.output()).contains("ElasticMQ (SQS) on http://127.0.0.1:")
                        .contains("DynamoDB Local on http://127.0.0.1:")
                        .contains("dead-letter queue http://127.0.0.1:")
                        .contains("gitbridge-sync-dlq.fifo");
            }
        }
        assertFsckPasses(build);
        assertThat(leftovers()).isEmpty();
    }

    /** Pushes {@code count} commits to the source's main branch, the first with 1 MB of incompressible text. */
    private List<ObjectId> pushSource(int count) {
        byte[] noise = new byte[768 * 1024];
        new Random(8).nextBytes(noise);
        List<ObjectId> commits = new ArrayList<>();
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            commits.add(clone.commit(Map.of("README.md", "# app\n",
                    "assets/noise.txt", Base64.getMimeEncoder().encodeToString(noise)), "first"));
            for (int i = 2; i <= count; i++) {
                commits.add(clone.commit(Map.of("app.txt", "v" + i + "\n"), "change " + i));
            }
            clone.push("main");
        }
        return commits;
    }

    private String createHook(URI base, String sourceRepo, String buildRepo) throws Exception {
        ObjectNode create = Json.MAPPER.createObjectNode()
                .put("project", "crash-app")
                .put("provider", "github")
                .put("sourceRepo", sourceRepo)
                .put("branch", "main")
                .put("secret", SECRET)
                .put("buildRepo", buildRepo);
        create.putObject("events").put("push", true).put("ci", false);
        HttpResponse<String> created = admin(base, "POST", "/hooks", create.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.MAPPER.readTree(created.body()).get("id").asText();
    }

    private HttpResponse<String> deliver(URI base, String hookId, ObjectId commit, String deliveryId)
            throws Exception {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("github/push.json"));
        payload.put("after", commit.name());
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/webhooks/" + hookId))
                .header("content-type", "application/json")
                .header("x-github-event", "push")
                .header("x-github-delivery", deliveryId)
                .header("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits up to 60 s for the delivery log entry {@code deliveryId} to satisfy {@code condition}. */
    private JsonNode awaitEntry(URI base, String hookId, String deliveryId, Predicate<JsonNode> condition)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = admin(base, "GET", "/hooks/" + hookId + "/deliveries?limit=100", null);
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

    private HttpResponse<String> admin(URI base, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Temporary git files in the runner's work repositories. */
    private List<Path> leftovers() throws IOException {
        Path work = data.resolve("git");
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> LEFTOVER.matcher(file.getFileName().toString()).matches())
                    .toList();
        }
    }

    private List<Path> awaitLeftovers(Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            List<Path> found = leftovers();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(50);
        }
        return List.of();
    }

    private static void assertFsckPasses(Path repository) throws Exception {
        Process fsck = new ProcessBuilder("git", "--git-dir=" + repository, "fsck", "--full", "--strict")
                .redirectErrorStream(true).start();
        String output = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fsck.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fsck.exitValue()).as("git fsck: %s", output).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
