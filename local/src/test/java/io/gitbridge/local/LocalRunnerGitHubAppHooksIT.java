package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.json.Json;
import io.gitbridge.net.SecretForms;
import io.gitbridge.provider.Signatures;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.io.StringWriter;
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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Hooks in GitHub App mode end to end through the local runner's real HTTP port, the chain of issue 9's "Done when":
 * registration link → {@code PUT /github-app} → a signed {@code installation} event → hooks in app mode (one refused
 * with the install link) → a signed app-level push for the repository fans out to two hooks (two build branches) and
 * syncs, one for another repository is ignored, the token is re-minted once the cached one is within 5 minutes of its
 * expiry, and an uninstalled app fails the sync for good. The GitHub App stand-in (real HTTP, verifying every JWT)
 * mints installation tokens, and JGit's smart-HTTP server accepts only the current one for the repository; syncs
 * clone as {@code x-access-token}, and no key, secret or token reaches an answer or a log line.
 */
class LocalRunnerGitHubAppHooksIT {

    private static final String ADMIN_TOKEN = "local-admin-token-for-tests";
    private static final long INSTALLATION = 5150;
    private static final long WIDGETS_ID = 880001;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StringWriter log = new StringWriter();
    private WriterAppender appender;

    @TempDir
    Path tmp;

    private GitHubAppStandIn github;
    private GitHttpServer git;
    private WorkingClone developer;
    private Path buildMain;
    private Path buildStaging;
    private LocalRunner runner;
    private DynamoDbClient dynamoDb;
    private String appSecret;

    @BeforeEach
    void start() throws Exception {
        captureLog();
        github = GitHubAppStandIn.start();
        github.install(INSTALLATION, "acme", "Organization").repository(WIDGETS_ID, "acme/widgets")
                .repository(880002, "acme/gadgets");
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("acme/widgets.git"));
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
        buildMain = GitRepos.createBare(tmp.resolve("build-main.git"));
        buildStaging = GitRepos.createBare(tmp.resolve("build-staging.git"));
        git = GitHttpServer.startWithInstallationTokens(repos, github);
        runner = LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
        dynamoDb = AwsClients.dynamoDb(runner.config());
    }

    @AfterEach
    void stop() {
        dynamoDb.close();
        runner.close();
        git.close();
        developer.close();
        github.close();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }

    /** Every log line of this JVM (the runner runs in it) goes to {@link #log} as well. */
    private void captureLog() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder().setName("github-app-it-" + System.nanoTime()).setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger %msg %throwable%n").build()).build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    @Test
    void appModeHooks_syncThroughInstallationTokens_reMintedNearExpiry_withNothingSecretInAnswersOrLogs()
            throws Exception {
        storeTheApp();
        HttpResponse<String> installed = deliver("installation", "{\"action\":\"created\",\"installation\":"
                + "{\"id\":" + INSTALLATION + ",\"account\":{\"login\":\"acme\",\"type\":\"Organization\"},"
                + "\"repository_selection\":\"selected\",\"suspended_at\":null,\"updated_at\":\"" + Instant.now()
                + "\"},\"repositories\":[{\"id\":" + WIDGETS_ID + ",\"full_name\":\"acme/widgets\"},"
                + "{\"id\":880002,\"full_name\":\"acme/gadgets\"}]}", "guid-installed");
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
        assertThat(appStore().installation(INSTALLATION)).isPresent();
        // Tokens that the cache may use for 3 s only (it renews 5 minutes before expiry).
        github.tokenLifetime(Duration.ofMinutes(5).plusSeconds(3));

        HttpResponse<String> notInstalled = send("POST", "/hooks", appHook("elsewhere", "acme/elsewhere", buildMain,
                "master").toString());
        assertThat(notInstalled.statusCode()).isEqualTo(422);
        assertThat(Json.MAPPER.readTree(notInstalled.body()).at("/fields/sourceRepo").asText())
                .contains("install it at https://127.0.0.1/apps/gitbridge-test/installations/new");

        JsonNode main = created(send("POST", "/hooks", appHook("widgets", "acme/widgets", buildMain, "master")
                .toString()));
        JsonNode staging = created(send("POST", "/hooks", appHook("widgets-staging", "acme/widgets", buildStaging,
                "staging").toString()));
        assertThat(main.get("webhookUrl").asText()).isEqualTo(runner.url() + "/webhooks/github-app");
        assertThat(main.at("/registration/status").asText()).isEqualTo("installed");
        assertThat(main.at("/registration/repositoryId").asLong()).isEqualTo(WIDGETS_ID);
        assertThat(send("GET", "/hooks", null).body()).contains("\"auth\":\"github-app\"");

        // Each creation read the repository's id with a token limited to it.
        int mintedByCreation = github.grants(INSTALLATION).size();
        assertThat(mintedByCreation).isEqualTo(2);

        ObjectId first = developer.commit(Map.of("app.txt", "1\n"), "first");
        developer.push("main");
        // One signed app-level push for the repository fans out to both hooks.
        HttpResponse<String> pushed = deliver("push", push(first, "acme/widgets", WIDGETS_ID), "guid-first");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(pushed.body()).get("queued")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(main.get("id").asText(), staging.get("id").asText());
        // One for another repository is ignored.
        HttpResponse<String> other = deliver("push", push(first, "acme/other", 999L), "guid-other");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(other.body()).get("status").asText()).isEqualTo("ignored");
        awaitLastSync(main, sync -> first.name().equals(sync.path("commit").asText()));
        awaitLastSync(staging, sync -> first.name().equals(sync.path("commit").asText()));
        assertThat(GitRepos.requireHead(buildMain, "master")).isEqualTo(first);
        assertThat(GitRepos.requireHead(buildStaging, "staging")).isEqualTo(first);
        assertThat(git.authenticatedUsers()).isNotEmpty().allMatch("x-access-token"::equals);
        assertThat(git.rejectedUsers()).isEmpty();
        int mintedBefore = github.grants(INSTALLATION).size();
        // One token for both hooks' syncs, or two when the first came within 5 minutes of its expiry meanwhile.
        assertThat(mintedBefore - mintedByCreation).isBetween(1, 2);
        assertThat(github.grants(INSTALLATION)).allSatisfy(grant -> {
            assertThat(grant.repositoryIds()).containsExactly(WIDGETS_ID);
            assertThat(grant.permissions()).isEqualTo(Map.of("contents", "read"));
        });

        // Past the cached token's renewal time: the next sync mints a new one before cloning.
        Instant renewal = github.grants(INSTALLATION).get(mintedBefore - 1).expiresAt().minus(Duration.ofMinutes(5));
        awaitInstant(renewal);
        ObjectId second = developer.commit(Map.of("app.txt", "2\n"), "second");
        developer.push("main");
        assertThat(deliver("push", push(second, "acme/widgets", WIDGETS_ID), "guid-second").statusCode())
                .isEqualTo(202);
        awaitLastSync(staging, sync -> second.name().equals(sync.path("commit").asText()));
        awaitLastSync(main, sync -> second.name().equals(sync.path("commit").asText()));
        assertThat(github.grants(INSTALLATION).size()).isBetween(mintedBefore + 1, mintedBefore + 2);
        assertThat(git.rejectedUsers()).isEmpty();
        assertThat(GitRepos.requireHead(buildMain, "master")).isEqualTo(second);

        // Uninstalled: the sync fails for good, saying so.
        github.installation(INSTALLATION).uninstall();
        ObjectId third = developer.commit(Map.of("app.txt", "3\n"), "third");
        developer.push("main");
        sync(main);
        JsonNode failed = awaitLastSync(main, sync -> "failed".equals(sync.path("status").asText()));
        assertThat(failed.get("error").asText()).startsWith("the GitHub App was uninstalled");
        assertThat(hook(main).at("/registration/status").asText()).isEqualTo("uninstalled");
        assertThat(GitRepos.requireHead(buildMain, "master")).isEqualTo(second).isNotEqualTo(third);

        assertThat(send("DELETE", "/hooks/" + main.get("id").asText(), null).statusCode()).isEqualTo(204);
        GitHubAppStore store = appStore();
        assertThat(store.hooksFor(WIDGETS_ID, "acme/widgets")).containsExactly(staging.get("id").asText());

        // The capture works: the runner's own line about the failed sync is in it.
        assertThat(log.toString()).contains("the GitHub App was uninstalled");
        String everything = log + send("GET", "/hooks", null).body();
        assertNothingSecretIn(everything);
    }

    /**
     * The registration link (its generated webhook secret kept as pending), then {@code PUT /github-app} with the
     * stand-in's key, host and API.
     */
    private void storeTheApp() throws Exception {
        HttpResponse<String> link = send("GET", "/github-app/registration-link?owner=acme&host=127.0.0.1", null);
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        appSecret = Json.MAPPER.readTree(link.body()).get("webhookSecret").asText();
        ObjectNode credentials = Json.MAPPER.createObjectNode().put("appId", Long.toString(github.appId()))
                .put("privateKey", github.privateKeyPkcs1Pem()).put("host", "127.0.0.1")
                .put("apiUrl", github.apiUrl());
        HttpResponse<String> put = send("PUT", "/github-app", credentials.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(put.body()).get("installUrl").asText())
                .isEqualTo("https://127.0.0.1/apps/gitbridge-test/installations/new");
    }

    private GitHubAppStore appStore() {
        return new DynamoGitHubAppStore(dynamoDb, LocalRunner.GITHUB_APP_TABLE,
                LocalKeyTokenCipher.inDirectory(tmp.resolve("data")));
    }

    private ObjectNode appHook(String project, String repository, Path build, String buildBranch) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("project", project)
                .put("provider", "github")
                .put("auth", "github-app")
                .put("sourceRepo", git.url(repository + ".git").toString())
                .put("branch", "main")
                .put("buildRepo", GitRepos.fileUri(build).toString())
                .put("buildBranch", buildBranch);
        body.putObject("events").put("push", true).put("ci", false);
        return body;
    }

    /** A push of {@code after} to main of {@code fullName}, as GitHub sends it to the app's webhook. */
    private static String push(ObjectId after, String fullName, long repositoryId) throws Exception {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.text("github/push.json")
                .replace("acme/app", fullName));
        payload.put("ref", "refs/heads/main").put("before", "0".repeat(40)).put("after", after.name());
        ((ObjectNode) payload.get("repository")).put("id", repositoryId);
        return payload.toString();
    }

    /** A delivery to the app's webhook, signed with the app's webhook secret as GitHub signs it. */
    private HttpResponse<String> deliver(String event, String body, String guid) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(runner.url().resolve("/webhooks/github-app"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("content-type", "application/json")
                .header("x-github-event", event)
                .header("x-github-delivery", guid)
                .header("user-agent", "GitHub-Hookshot/test")
                .header("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(appSecret, bytes)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void sync(JsonNode hook) throws Exception {
        assertThat(send("POST", "/hooks/" + hook.get("id").asText() + "/sync", null).statusCode()).isEqualTo(202);
    }

    private static JsonNode created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.MAPPER.readTree(response.body());
    }

    private JsonNode hook(JsonNode hook) throws Exception {
        return Json.MAPPER.readTree(send("GET", "/hooks/" + hook.get("id").asText(), null).body());
    }

    private JsonNode awaitLastSync(JsonNode hook, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = hook(hook).get("lastSync");
            if (last != null && !last.isNull() && done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the expected sync was not recorded within 60 s; last: " + last);
    }

    private static void awaitInstant(Instant instant) throws InterruptedException {
        while (Instant.now().isBefore(instant.plusMillis(50))) {
            Thread.sleep(50);
        }
    }

    private void assertNothingSecretIn(String text) {
        String keyLine = github.privateKeyPkcs1Pem().lines().filter(line -> !line.startsWith("-----")).findFirst()
                .orElseThrow();
        assertThat(text).doesNotContain(keyLine).doesNotContain("PRIVATE KEY").doesNotContain(appSecret);
        for (GitHubAppStandIn.Grant grant : github.grants(INSTALLATION)) {
            for (String form : SecretForms.of("x-access-token", grant.token())) {
                assertThat(text).doesNotContain(form);
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(runner.url().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
