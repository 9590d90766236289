package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Signatures;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sync publishes, end to end through the runner's real HTTP port: a rollback by force push replayed as the
 * signed push GitHub sends, {@code POST /hooks/{id}/sync} after a rollback, a redelivery of a push whose commit
 * the rollback removed, and a CI success for a commit that is only under a pull-request ref. The build repository keeps a file only it has, as merge mode {@code theirs} promises.
 */
class LocalRunnerSyncIT {

    private static final String ADMIN_TOKEN = "local-admin-token-for-tests";
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final String ZERO = "0000000000000000000000000000000000000000";
    private static final Map<String, String> PLATFORM_FILE = Map.of("deploy.yaml", "platform config\n");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private Path source;
    private Path build;
    private WorkingClone developer;
    private LocalRunner runner;
    private String hookId;
    private URI webhook;

    @BeforeEach
    void start() throws Exception {
        source = GitRepos.createBare(tmp.resolve("source.git"));
        build = GitRepos.createBare(tmp.resolve("build.git"));
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
        runner = LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
        JsonNode hook = createHook("acme-app", build, true);
        assertThat(hook.get("mergeMode").asText()).isEqualTo("theirs");
    }

    /** Creates a GitHub hook on the source's main branch and makes it the one the test delivers to. */
    private JsonNode createHook(String project, Path buildRepo, boolean push) throws Exception {
        ObjectNode create = Json.MAPPER.createObjectNode()
                .put("project", project)
                .put("provider", "github")
                .put("sourceRepo", GitRepos.fileUri(source).toString())
                .put("branch", "main")
                .put("secret", SECRET)
                .put("buildRepo", GitRepos.fileUri(buildRepo).toString());
        create.putObject("events").put("push", push).put("ci", !push);
        HttpResponse<String> created = send("POST", "/hooks", create.toString());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode hook = Json.MAPPER.readTree(created.body());
        hookId = hook.get("id").asText();
        webhook = URI.create(hook.get("webhookUrl").asText());
        return hook;
    }

    @AfterEach
    void stop() {
        developer.close();
        runner.close();
    }

    @Test
    void forcePushedRollback_isFollowedByTheBuild_withANewCommitOnTop_keepingTheBuildsOwnFile() throws Exception {
        ObjectId a = developer.commit(Map.of("app.txt", "a\n", "lib.txt", "1\n"), "A");
        developer.push("main");
        pushed(ZERO, a, false, "d-a");
        awaitLastSync(sync -> a.name().equals(sync.path("commit").asText()));
        commitOnBuild(PLATFORM_FILE);
        ObjectId b = developer.commit(Map.of("app.txt", "b\n", "added-by-b.txt", "b\n"), "B");
        developer.push("main");
        pushed(a, b, false, "d-b");
        awaitLastSync(sync -> b.name().equals(sync.path("commit").asText()));
        ObjectId beforeRollback = GitRepos.requireHead(build, "master");

        developer.resetHard(a);
        developer.push("main", true);
        pushed(b, a, true, "d-rollback");

        JsonNode lastSync = awaitLastSync(sync -> a.name().equals(sync.path("commit").asText()));
        assertThat(lastSync.get("status").asText()).isEqualTo("synced");
        ObjectId head = GitRepos.requireHead(build, "master");
        assertThat(GitRepos.parents(build, head)).containsExactly(beforeRollback, a);
        assertThat(GitRepos.files(build, head)).isEqualTo(withPlatformFile(a));
        JsonNode delivery = delivery("d-rollback");
        assertThat(delivery.get("sync").get("status").asText()).isEqualTo("synced");
        assertThat(delivery.get("sync").get("commit").asText()).isEqualTo(a.name());

        HttpResponse<String> redelivered = send("POST", "/hooks/" + hookId + "/deliveries/d-b/redeliver", null);
        assertThat(redelivered.statusCode()).isEqualTo(202);
        JsonNode superseded = awaitLastSync(sync -> "superseded".equals(sync.path("status").asText()));
        // The hook names what its build holds (A); the delivery names the commit it asked for (B).
        assertThat(superseded.get("commit").asText()).isEqualTo(a.name());
        assertThat(superseded.get("error").asText()).contains("was on branch main but is no longer");
        assertThat(delivery("d-b").get("sync").get("commit").asText()).isEqualTo(b.name());
        assertThat(GitRepos.requireHead(build, "master")).isEqualTo(head);
        assertThat(hook().get("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void staleRedelivery_keepsTheBuildAndLastSync_andSyncOfTheHead_afterARollbackWithoutAWebhook_followsTheBranch() throws Exception {
        ObjectId a = developer.commit(Map.of("app.txt", "a\n"), "A");
        developer.push("main");
        pushed(ZERO, a, false, "d-a");
        awaitLastSync(sync -> a.name().equals(sync.path("commit").asText()));
        commitOnBuild(PLATFORM_FILE);
        ObjectId b = developer.commit(Map.of("app.txt", "b\n"), "B");
        developer.push("main");
        pushed(a, b, false, "d-b");
        awaitLastSync(sync -> b.name().equals(sync.path("commit").asText()));
        HttpResponse<String> replayed = send("POST", "/hooks/" + hookId + "/deliveries/d-a/redeliver", null);
        assertThat(replayed.statusCode()).isEqualTo(202);
        JsonNode stale = awaitLastSync(sync -> "up_to_date".equals(sync.path("status").asText()));
        assertThat(stale.get("commit").asText()).as("lastSync never moves back").isEqualTo(b.name());
        assertThat(delivery("d-a").get("sync").get("commit").asText()).isEqualTo(a.name());
        developer.resetHard(a);
        developer.push("main", true);

        HttpResponse<String> queued = send("POST", "/hooks/" + hookId + "/sync", null);

        assertThat(queued.statusCode()).isEqualTo(202);
        JsonNode lastSync = awaitLastSync(sync -> a.name().equals(sync.path("commit").asText()));
        assertThat(lastSync.get("status").asText()).isEqualTo("synced");
        assertThat(GitRepos.files(build, GitRepos.requireHead(build, "master"))).isEqualTo(withPlatformFile(a));
    }

    @Test
    void ciSuccess_forACommitOnlyUnderAPullRequestRef_isNotOnBranch_andPublishesNothing() throws Exception {
        ObjectId a = developer.commit(Map.of("app.txt", "a\n"), "A");
        developer.push("main");
        developer.checkout("fork");
        ObjectId fork = developer.commit(Map.of("app.txt", "from a fork\n"), "fork");
        developer.push("fork");
        try (Git git = Git.open(source.toFile())) {
            RefUpdate pullRef = git.getRepository().updateRef("refs/pull/1/head");
            pullRef.setNewObjectId(fork);
            assertThat(pullRef.update()).isEqualTo(RefUpdate.Result.NEW);
            RefUpdate deleteFork = git.getRepository().updateRef("refs/heads/fork");
            deleteFork.setForceUpdate(true);
            assertThat(deleteFork.delete()).isEqualTo(RefUpdate.Result.FORCED);
        }
        Path ciBuild = GitRepos.createBare(tmp.resolve("ci-build.git"));
        createHook("acme-ci", ciBuild, false);
        ObjectNode run = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("github/workflow_run.json"));
        ((ObjectNode) run.get("workflow_run")).put("head_sha", fork.name()).put("head_branch", "main");

        deliver("workflow_run", run, "d-ci-fork");

        JsonNode lastSync = awaitLastSync(sync -> "not_on_branch".equals(sync.path("status").asText()));
        assertThat(lastSync.get("commit").asText()).isEqualTo(fork.name());
        assertThat(lastSync.get("error").asText()).contains("is not on branch main");
        assertThat(GitRepos.head(ciBuild, "master")).isEmpty();
        assertThat(GitRepos.contains(ciBuild, fork)).isFalse();
        assertThat(hook().get("consecutiveFailures").asInt()).isZero();
        assertThat(GitRepos.isAncestor(source, fork, GitRepos.requireHead(source, "main"))).isFalse();
        assertThat(GitRepos.requireHead(source, "main")).isEqualTo(a);
    }

    private Map<String, String> withPlatformFile(ObjectId commit) {
        Map<String, String> expected = new HashMap<>(GitRepos.files(source, commit));
        expected.putAll(PLATFORM_FILE);
        return expected;
    }

    private void commitOnBuild(Map<String, String> files) {
        try (WorkingClone platform = GitRepos.cloneOf(build, tmp.resolve("platform"))) {
            platform.checkout("master").resetHard(GitRepos.requireHead(build, "master"));
            platform.commit(files, "the platform's own file");
            platform.push("master");
        }
    }

    /** Delivers the push GitHub sends for a move of main from {@code before} to {@code after}, and expects it queued. */
    private void pushed(ObjectId before, ObjectId after, boolean forced, String deliveryId) throws Exception {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("github/push.json"));
        payload.put("before", before.name()).put("after", after.name()).put("forced", forced);
        deliver("push", payload, deliveryId);
    }

    /** Delivers a GitHub event signed with the hook's secret, and expects it queued. */
    private void deliver(String event, ObjectNode payload, String deliveryId) throws Exception {
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .header("content-type", "application/json")
                .header("user-agent", "GitHub-Hookshot/test")
                .header("x-github-event", event)
                .header("x-github-delivery", deliveryId)
                .header("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private void pushed(String before, ObjectId after, boolean forced, String deliveryId) throws Exception {
        pushed(ObjectId.fromString(before), after, forced, deliveryId);
    }

    private JsonNode hook() throws Exception {
        return Json.MAPPER.readTree(send("GET", "/hooks/" + hookId, null).body());
    }

    private JsonNode delivery(String deliveryId) throws Exception {
        JsonNode page = Json.MAPPER.readTree(send("GET", "/hooks/" + hookId + "/deliveries?limit=100", null).body());
        for (JsonNode delivery : page.get("_embedded").get("deliveries")) {
            if (deliveryId.equals(delivery.get("deliveryId").asText())) {
                return delivery;
            }
        }
        throw new AssertionError("no delivery " + deliveryId + " in " + page);
    }

    private JsonNode awaitLastSync(Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = hook().get("lastSync");
            if (last != null && !last.isNull() && done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the expected sync was not recorded within 60 s; last: " + last);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(runner.url().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
