package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.Stall;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
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
                hookId = api(runner).createHook("crash-app", git.url("source.git").toString(), GitRepos.fileUri(build).toString());
                Stall stall = git.stallNextUploadPack(64 * 1024);
                try {
                    assertThat(api(runner).deliverPush(hookId, commit, "fetch-1").statusCode()).isEqualTo(202);
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
                JsonNode entry = api(restarted).awaitSync(hookId, "fetch-1");
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
                hookId = api(runner).createHook("crash-app", GitRepos.fileUri(source).toString(), git.url("build.git").toString());
                git.beforeNextReceivePack(() -> {
                    pushing.countDown();
                    awaitQuietly(release);
                });
                try {
                    assertThat(api(runner).deliverPush(hookId, commit, "push-1").statusCode()).isEqualTo(202);
                    assertThat(pushing.await(30, TimeUnit.SECONDS)).as("the push started").isTrue();
                    assertThat(runner.kill9()).isEqualTo(137);
                } finally {
                    release.countDown();
                }
            }

            try (RunnerProcess restarted = RunnerProcess.start(data, ADMIN_TOKEN, RETRY_AFTER_SECONDS)) {
                JsonNode entry = api(restarted).awaitSync(hookId, "push-1");
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
                hookId = api(runner).createHook("crash-app", git.url("source.git").toString(), GitRepos.fileUri(build).toString());
                Stall stall = git.stallNextUploadPack(64 * 1024);
                try {
                    // The first sync hangs in its fetch, so the five after it wait in the queue.
                    for (int i = 0; i < commits.size(); i++) {
                        String deliveryId = "queued-" + (i + 1);
                        deliveries.add(deliveryId);
                        assertThat(api(runner).deliverPush(hookId, commits.get(i), deliveryId).statusCode())
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
                    JsonNode entry = api(restarted).awaitSync(hookId, deliveryId);
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

    private static AdminApi api(RunnerProcess runner) {
        return new AdminApi(runner.url(), ADMIN_TOKEN, SECRET);
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
