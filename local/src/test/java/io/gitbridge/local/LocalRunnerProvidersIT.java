package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider end to end through the local runner's HTTP port: a hook created through the admin API, a
 * delivery signed the way that provider signs it, and the build repository receiving exactly that commit.
 */
class LocalRunnerProvidersIT {

    private static final String ADMIN_TOKEN = "provider-tests-admin-token";
    private static final String SECRET = "provider-test-secret-0123456789";
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

    @TempDir
    static Path tmp;
    private static LocalRunner runner;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static Stream<String> providers() {
        return Deliveries.providers().stream();
    }

    static Stream<String> providersWithCi() {
        return providers().filter(p -> Deliveries.of(p).ciSuccess(SECRET, "main", ObjectId.zeroId().name(), "x") != null);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void signedPush_bringsThePushedCommitToTheBuildRepository(String provider) throws Exception {
        Repos repos = repos(provider + "-push");
        URI webhook = createHook(provider, provider + "-push", repos, true, false);

        TestDelivery push = Deliveries.of(provider).push(SECRET, "main", repos.head.name(), UUID.randomUUID().toString());
        HttpResponse<String> response = deliver(webhook, push);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode lastSync = awaitLastSync(webhook);
        assertThat(lastSync.get("status").asText()).as(lastSync.toString()).isEqualTo("synced");
        assertThat(GitRepos.requireHead(repos.build, "master")).isEqualTo(repos.head);
        assertThat(GitRepos.branchTree(repos.build, "master")).isEqualTo(GitRepos.treeOf(repos.source, repos.head));
    }

    @ParameterizedTest
    @MethodSource("providersWithCi")
    void ciSuccess_bringsExactlyThatCommit_notTheBranchHead(String provider) throws Exception {
        Repos repos = repos(provider + "-ci");
        URI webhook = createHook(provider, provider + "-ci", repos, false, true);

        TestDelivery ci = Deliveries.of(provider).ciSuccess(SECRET, "main", repos.tested.name(), UUID.randomUUID().toString());
        HttpResponse<String> response = deliver(webhook, ci);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode lastSync = awaitLastSync(webhook);
        assertThat(lastSync.get("status").asText()).as(lastSync.toString()).isEqualTo("synced");
        assertThat(GitRepos.requireHead(repos.build, "master")).isEqualTo(repos.tested);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void deliverySignedWithAnotherSecret_isRefused(String provider) throws Exception {
        Repos repos = repos(provider + "-bad");
        URI webhook = createHook(provider, provider + "-bad", repos, true, false);

        TestDelivery forged = Deliveries.of(provider).push("another-secret-0123456789", "main", repos.head.name(),
                UUID.randomUUID().toString());

        assertThat(deliver(webhook, forged).statusCode()).isEqualTo(401);
    }

    /** A source with two commits on main (the older one is the one CI "tested") and an empty build repository. */
    private record Repos(Path source, Path build, ObjectId tested, ObjectId head) {
    }

    private static Repos repos(String name) {
        Path source = GitRepos.createBare(tmp.resolve(name + "/source.git"));
        Path build = GitRepos.createBare(tmp.resolve(name + "/build.git"));
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve(name + "/work"))) {
            ObjectId tested = clone.commit(Map.of("app.txt", "tested\n"), "tested by CI");
            ObjectId head = clone.commit(Map.of("app.txt", "newer\n"), "newer than CI");
            clone.push("main");
            return new Repos(source, build, tested, head);
        }
    }

    private URI createHook(String provider, String project, Repos repos, boolean push, boolean ci) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("project", project)
                .put("provider", provider)
                .put("sourceRepo", GitRepos.fileUri(repos.source).toString())
                .put("branch", "main")
                .put("secret", SECRET)
                .put("buildRepo", GitRepos.fileUri(repos.build).toString());
        body.putObject("events").put("push", push).put("ci", ci);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(runner.url().resolve("/hooks"))
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return URI.create(Json.MAPPER.readTree(created.body()).get("webhookUrl").asText());
    }

    private HttpResponse<String> deliver(URI webhook, TestDelivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach((name, value) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitLastSync(URI webhook) throws Exception {
        URI hook = URI.create(webhook.toString().replace("/webhooks/", "/hooks/"));
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(hook)
                    .header("authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode lastSync = Json.MAPPER.readTree(response.body()).get("lastSync");
            if (!lastSync.isNull()) {
                return lastSync;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no sync was recorded within 60 s");
    }
}
