package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.json.Json;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn.Attempt;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub's side of the delivery log, end to end through the local runner: a hook registers its webhook on the
 * stand-in GitHub, which really delivers some pushes (signed, they sync and are logged), while others exist only in
 * GitHub's log (missed) or failed there with 500. {@code catch-up} asks GitHub to redeliver exactly those, once; the
 * stand-in delivers them again with the same GUID, and the runner syncs and logs them.
 */
class LocalRunnerCatchUpIT {

    private static final String ADMIN_TOKEN = "catch-up-admin-token";
    private static final String SECRET = "catch-up-webhook-secret";
    private static final String TOKEN = "ghp_catchUpTokenValue0123456789";

    @TempDir
    Path tmp;

    @Test
    void catchUp_redeliversExactlyTheMissedAndFailedPushes_once_andTheRunnerSyncsThem() throws Exception {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("acme/app.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        try (GitHttpServer git = GitHttpServer.startWithBasicAuth(repos, "x-access-token", TOKEN);
             GitHubDeliveryLogStandIn github = GitHubDeliveryLogStandIn.start("/api/v3", TOKEN);
             WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
             LocalRunner runner = LocalRunner.start(
                     new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            AdminApi api = new AdminApi(runner.url(), ADMIN_TOKEN, SECRET);
            String sourceRepo = git.url("acme/app.git").toString();
            String id = createRegisteredHook(api, sourceRepo, GitRepos.fileUri(build).toString(), github.apiUrl());
            long webhook = github.webhookId();
            assertThat(github.webhookUrl(webhook)).endsWith("/webhooks/" + id);
            Instant since = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

            // Delivered for real: a ping and the first push, signed; both are in gitbridge's log.
            Attempt ping = github.deliver(webhook, "ping", "{\"zen\":\"Design for failure.\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(ping.statusCode()).isEqualTo(200);
            ObjectId first = developer.commit(Map.of("app.txt", "one\n"), "one");
            developer.push("main");
            Attempt delivered = github.deliver(webhook, "push", push(first, sourceRepo));
            assertThat(delivered.statusCode()).isEqualTo(202);
            await(() -> GitRepos.head(build, "master").filter(first::equals).isPresent());
            // Only in GitHub's log: one it says was answered (by something that was not gitbridge), one that failed.
            ObjectId second = developer.commit(Map.of("app.txt", "two\n"), "two");
            developer.push("main");
            Attempt missed = github.logOnly(webhook, "push", push(second, sourceRepo), 200, Instant.now().minusSeconds(120));
            ObjectId third = developer.commit(Map.of("app.txt", "three\n"), "three");
            developer.push("main");
            Attempt failed = github.logOnly(webhook, "push", push(third, sourceRepo), 500, Instant.now().minusSeconds(60));

            HttpResponse<String> listed = api.admin("GET", "/hooks/" + id + "/provider-deliveries?limit=3", null);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            JsonNode page = Json.MAPPER.readTree(listed.body());
            assertThat(guids(page.get("items"))).containsExactly(delivered.guid(), ping.guid(), failed.guid());
            assertThat(page.get("items").get(0).get("received").asBoolean()).isTrue();
            assertThat(page.get("items").get(0).get("gitbridgeOutcome").asText()).isEqualTo("queued");
            assertThat(page.get("items").get(1).get("gitbridgeOutcome").asText()).isEqualTo("pong");
            assertThat(page.get("items").get(2).get("received").asBoolean()).isFalse();
            assertThat(page.get("items").get(2).get("statusCode").asInt()).isEqualTo(500);
            assertThat(page.get("next").asText()).doesNotContain("http", "v1_");
            HttpResponse<String> rest = api.admin("GET", "/hooks/" + id + "/provider-deliveries?limit=3&cursor="
                    + page.get("next").asText(), null);
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
            assertThat(guids(Json.MAPPER.readTree(rest.body()).get("items"))).containsExactly(missed.guid());
            assertThat(Json.MAPPER.readTree(rest.body()).get("next").isNull()).isTrue();

            HttpResponse<String> caughtUp = api.admin("POST", "/hooks/" + id + "/catch-up?since="
                    + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8), null);

            assertThat(caughtUp.statusCode()).as(caughtUp.body()).isEqualTo(200);
            JsonNode answer = Json.MAPPER.readTree(caughtUp.body());
            assertThat(answer.get("complete").asBoolean()).isTrue();
            assertThat(answer.get("examined").asInt()).isEqualTo(4);
            assertThat(whys(answer.get("requested"))).containsExactly(missed.guid() + ":missed", failed.guid() + ":failed");
            assertThat(answer.get("requested").get(0).get("id").asLong()).isEqualTo(missed.id());
            assertThat(whys(answer.get("skipped"))).containsExactlyInAnyOrder(delivered.guid() + ":delivered",
                    ping.guid() + ":delivered");
            assertThat(github.attemptsRequested()).containsExactly(missed.id(), failed.id());
            assertThat(caughtUp.body()).doesNotContain(TOKEN, SECRET);

            // The stand-in delivers both again with their GUIDs: the runner logs them and syncs up to the newest.
            github.awaitRedeliveries(Duration.ofSeconds(30));
            api.awaitSync(id, missed.guid());
            api.awaitSync(id, failed.guid());
            await(() -> GitRepos.head(build, "master").filter(third::equals).isPresent());
            assertThat(github.log(webhook).stream().filter(Attempt::redelivery).map(Attempt::statusCode).toList())
                    .containsExactly(202, 202);

            // Nothing is left to catch up: a second call asks for nothing more.
            HttpResponse<String> again = api.admin("POST", "/hooks/" + id + "/catch-up?since="
                    + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8), null);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(again.body()).get("requested")).isEmpty();
            assertThat(github.attemptsRequested()).containsExactly(missed.id(), failed.id());

            // One delivery by hand, and the refusals.
            HttpResponse<String> redelivered = api.admin("POST", "/hooks/" + id + "/provider-deliveries/"
                    + delivered.id() + "/redeliver", null);
            assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(redelivered.body()).get("deliveryId").asLong()).isEqualTo(delivered.id());
            github.awaitRedeliveries(Duration.ofSeconds(30));
            assertThat(api.admin("POST", "/hooks/" + id + "/provider-deliveries/99999/redeliver", null).statusCode())
                    .isEqualTo(404);
            assertThat(api.admin("POST", "/hooks/" + id + "/provider-deliveries/abc/redeliver", null).statusCode())
                    .isEqualTo(400);
            HttpResponse<String> tooOld = api.admin("POST", "/hooks/" + id + "/catch-up?since="
                    + Instant.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.SECONDS), null);
            assertThat(tooOld.statusCode()).as(tooOld.body()).isEqualTo(422);
            assertThat(Json.MAPPER.readTree(tooOld.body()).get("fields").get("since").asText())
                    .contains("older than GitHub keeps");
            assertThat(api.admin("POST", "/hooks/" + id + "/catch-up?since=yesterday", null).statusCode())
                    .isEqualTo(400);
            assertThat(api.admin("POST", "/hooks/" + id + "/catch-up", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("GET", "/hooks/" + id + "/provider-deliveries?cursor=bm90LW91cnM", null)
                    .statusCode()).isEqualTo(400);
        }
    }

    @Test
    void gitHubsFailures_reachTheAdmin_asRateLimitsBadGatewaysAndRejectedTokens_andOtherHooksHaveNoGitHubLog()
            throws Exception {
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        try (GitHubDeliveryLogStandIn github = GitHubDeliveryLogStandIn.start("/api/v3", TOKEN);
             LocalRunner runner = LocalRunner.start(
                     new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            AdminApi api = new AdminApi(runner.url(), ADMIN_TOKEN, SECRET);
            String id = createRegisteredHook(api, "https://github.example.com/acme/app.git",
                    GitRepos.fileUri(build).toString(), github.apiUrl());
            String path = "/hooks/" + id + "/provider-deliveries";

            github.answerNext(403, Map.of("X-RateLimit-Remaining", "0",
                    "X-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 90)), "API rate limit exceeded");
            HttpResponse<String> limited = api.admin("GET", path, null);
            assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
            assertThat(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow())).isBetween(60L, 91L);
            assertThat(Json.MAPPER.readTree(limited.body()).get("error").asText()).isEqualTo("rate_limited");

            github.answerNext(503, Map.of(), "Service Unavailable");
            HttpResponse<String> down = api.admin("POST", "/hooks/" + id + "/catch-up?since="
                    + Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS), null);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(502);

            github.answerNext(401, Map.of(), "Bad credentials");
            HttpResponse<String> rejected = api.admin("GET", path, null);
            assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
            assertThat(Json.MAPPER.readTree(rejected.body()).get("error").asText()).isEqualTo("token_rejected");
            assertThat(List.of(limited.body(), down.body(), rejected.body())).allSatisfy(body ->
                    assertThat(body).doesNotContain(TOKEN));
            assertThat(github.calls()).hasSize(4);

            String unregistered = api.createHook("plain", "https://github.example.com/acme/other.git",
                    GitRepos.fileUri(build).toString());
            HttpResponse<String> notRegistered = api.admin("GET", "/hooks/" + unregistered + "/provider-deliveries", null);
            assertThat(notRegistered.statusCode()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(notRegistered.body()).get("error").asText()).isEqualTo("not_registered");
            assertThat(api.admin("GET", "/hooks/hk_nosuchhook/provider-deliveries", null).statusCode()).isEqualTo(404);
        }
    }

    /**
     * The GitHub App's webhook: GitHub's log read with the app's JWT (verified by the app stand-in), a GUID counted as
     * received when a hook its repository is routed to logged it. The app's own receiver ({@code POST
     * /webhooks/github-app}) and app-mode hooks are not on this branch yet: the app is stored as {@code PUT
     * /github-app} stores it, the route as an app-mode hook adds it, and the stand-in's app webhook delivers to the
     * routed hook's URL in place of the app receiver's fan-out.
     */
    @Test
    void appCatchUp_redeliversWhatTheRoutedHookMissedOrWhatFailed_once() throws Exception {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("acme/app.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        long repositoryId = 555_001;
        try (GitHttpServer git = GitHttpServer.startWithBasicAuth(repos, "x-access-token", TOKEN);
             GitHubAppStandIn appKeys = GitHubAppStandIn.start();
             GitHubDeliveryLogStandIn github = GitHubDeliveryLogStandIn.start("/api/v3", TOKEN)
                     .appAuthorization(appKeys::acceptsJwt);
             WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
             LocalRunner runner = LocalRunner.start(
                     new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            AdminApi api = new AdminApi(runner.url(), ADMIN_TOKEN, SECRET);
            String sourceRepo = git.url("acme/app.git").toString();
            ObjectNode hook = Json.MAPPER.createObjectNode().put("project", "acme-app").put("provider", "github")
                    .put("sourceRepo", sourceRepo).put("branch", "main").put("secret", SECRET).put("token", TOKEN)
                    .put("buildRepo", GitRepos.fileUri(build).toString());
            hook.putObject("events").put("push", true).put("ci", false);
            HttpResponse<String> created = api.admin("POST", "/hooks", hook.toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = Json.MAPPER.readTree(created.body()).get("id").asText();
            HttpResponse<String> noApp = api.admin("GET", "/github-app/provider-deliveries", null);
            assertThat(noApp.statusCode()).as(noApp.body()).isEqualTo(409);
            GitHubAppStore store = new AwsRuntime(runner.config())
                    .gitHubApp(LocalKeyTokenCipher.inDirectory(tmp.resolve("data"))).orElseThrow();
            store.putApp(new GitHubApp(appKeys.appId(), appKeys.clientId(), appKeys.slug(), appKeys.name(),
                    appKeys.owner(), "github.example.com", github.apiUrl(), SECRET), appKeys.privateKeyPkcs1Pem(),
                    Instant.now());
            store.addRoutes(id, repositoryId, "acme/app");
            github.appWebhook(runner.url().resolve("/webhooks/" + id).toString(), SECRET);
            Instant since = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

            ObjectId first = developer.commit(Map.of("app.txt", "one\n"), "one");
            developer.push("main");
            Attempt delivered = github.deliver(0, "push", push(first, sourceRepo), repositoryId);
            assertThat(delivered.statusCode()).isEqualTo(202);
            ObjectId second = developer.commit(Map.of("app.txt", "two\n"), "two");
            developer.push("main");
            Attempt missed = github.logOnly(0, "push", push(second, sourceRepo), 200, Instant.now().minusSeconds(90),
                    repositoryId);
            ObjectId third = developer.commit(Map.of("app.txt", "three\n"), "three");
            developer.push("main");
            Attempt failed = github.logOnly(0, "push", push(third, sourceRepo), 502, Instant.now().minusSeconds(60),
                    repositoryId);
            Attempt installation = github.logOnly(0, "installation", "{}".getBytes(StandardCharsets.UTF_8), 200,
                    Instant.now().minusSeconds(30), null);

            HttpResponse<String> caughtUp = api.admin("POST", "/github-app/catch-up?since="
                    + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8), null);

            assertThat(caughtUp.statusCode()).as(caughtUp.body()).isEqualTo(200);
            JsonNode answer = Json.MAPPER.readTree(caughtUp.body());
            assertThat(whys(answer.get("requested"))).containsExactly(missed.guid() + ":missed",
                    failed.guid() + ":failed");
            assertThat(whys(answer.get("skipped"))).containsExactlyInAnyOrder(installation.guid() + ":unchecked",
                    delivered.guid() + ":delivered");
            assertThat(github.attemptsRequested()).containsExactly(missed.id(), failed.id());
            assertThat(github.requests()).allSatisfy(request ->
                    assertThat(appKeys.acceptsJwt(request.header("authorization"))).isTrue());
            github.awaitRedeliveries(Duration.ofSeconds(30));
            api.awaitSync(id, missed.guid());
            api.awaitSync(id, failed.guid());
            await(() -> GitRepos.head(build, "master").filter(third::equals).isPresent());

            HttpResponse<String> listed = api.admin("GET", "/github-app/provider-deliveries?limit=2", null);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            JsonNode newest = Json.MAPPER.readTree(listed.body()).get("items");
            assertThat(newest.get(0).get("redelivery").asBoolean()).isTrue();
            assertThat(newest.get(0).get("received").asBoolean()).isTrue();
            HttpResponse<String> again = api.admin("POST", "/github-app/catch-up?since="
                    + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8), null);
            assertThat(Json.MAPPER.readTree(again.body()).get("requested")).isEmpty();
            assertThat(github.attemptsRequested()).containsExactly(missed.id(), failed.id());
        }
    }

    private static String createRegisteredHook(AdminApi api, String sourceRepo, String buildRepo, String apiUrl)
            throws Exception {
        ObjectNode hook = Json.MAPPER.createObjectNode()
                .put("project", "acme-app")
                .put("provider", "github")
                .put("sourceRepo", sourceRepo)
                .put("branch", "main")
                .put("secret", SECRET)
                .put("token", TOKEN)
                .put("buildRepo", buildRepo)
                .put("apiUrl", apiUrl)
                .put("register", true);
        hook.putObject("events").put("push", true).put("ci", false);
        HttpResponse<String> created = api.admin("POST", "/hooks", hook.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.MAPPER.readTree(created.body()).get("id").asText();
    }

    private static byte[] push(ObjectId commit, String sourceRepo) throws Exception {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("github/push.json"));
        payload.put("ref", "refs/heads/main").put("after", commit.name());
        ((ObjectNode) payload.get("repository")).put("clone_url", sourceRepo);
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> guids(JsonNode items) {
        List<String> guids = new ArrayList<>();
        items.forEach(item -> guids.add(item.get("guid").asText()));
        return guids;
    }

    private static List<String> whys(JsonNode items) {
        List<String> whys = new ArrayList<>();
        items.forEach(item -> whys.add(item.get("guid").asText() + ":" + item.get("why").asText()));
        return whys;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within 60 s");
    }
}
