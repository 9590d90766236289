package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The GitHub App's webhook end to end through the runner's real HTTP port: the app stored with {@code PUT
 * /github-app} (checked against the JWT-verifying stand-in), an {@code installation}
 * event recorded, three hooks on one repository routed to (two on {@code main}, one on {@code release}); a signed
 * app-level push to {@code main} syncs both main hooks' build repositories and is ignored by the release hook, a push
 * to {@code release} syncs only the release hook, and a push for another repository is ignored.
 */
class LocalRunnerGitHubAppWebhookIT {

    private static final String ADMIN_TOKEN = "local-admin-token-for-tests";
    private static final String APP_SECRET = "app-webhook-secret-for-the-runner";
    private static final long REPOSITORY_ID = 186853002L;
    private static final String ZERO = "0000000000000000000000000000000000000000";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void appPushes_syncEveryRoutedHookThatWantsThem_andAnotherRepositorysPushIsIgnored() throws Exception {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path buildMain = GitRepos.createBare(tmp.resolve("build-main.git"));
        Path buildPreview = GitRepos.createBare(tmp.resolve("build-preview.git"));
        Path buildRelease = GitRepos.createBare(tmp.resolve("build-release.git"));
        ObjectId onMain;
        ObjectId onRelease;
        try (WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            onMain = developer.commit(Map.of("app.txt", "main\n"), "on main");
            developer.push("main");
            onRelease = developer.checkout("release").commit(Map.of("app.txt", "release\n"), "on release");
            developer.push("release");
        }
        Path data = tmp.resolve("data");
        try (LocalRunner runner = LocalRunner.start(new RunnerOptions(0, data, Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
                DynamoDbClient dynamoDb = AwsClients.dynamoDb(runner.config());
                GitHubAppStandIn github = GitHubAppStandIn.start()) {
            Api api = new Api(runner);
            // No app yet: the app's webhook says so.
            assertThat(api.deliver("ping", Fixtures.text("github/ping.json"), "guid-early").statusCode())
                    .isEqualTo(404);
            // The app as an operator stores it: checked against GitHub (the stand-in) with a JWT.
            ObjectNode credentials = Json.MAPPER.createObjectNode().put("appId", github.appId())
                    .put("privateKey", github.privateKeyPkcs1Pem()).put("apiUrl", github.apiUrl())
                    .put("webhookSecret", APP_SECRET);
            HttpResponse<String> stored = api.admin("PUT", "/github-app", credentials.toString());
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
            // Routes as hooks in app mode add them (appauth's "auth": "github-app"); read without the key.
            DynamoGitHubAppStore store = DynamoGitHubAppStore.withoutKey(dynamoDb, runner.config().gitHubAppTable()
                    .orElseThrow());

            HttpResponse<String> installed = api.deliver("installation", "{\"action\":\"created\",\"installation\":"
                    + "{\"id\":42,\"account\":{\"login\":\"acme\",\"type\":\"Organization\"},"
                    + "\"repository_selection\":\"selected\",\"suspended_at\":null,"
                    + "\"updated_at\":\"2026-11-30T06:00:00Z\"},"
                    + "\"repositories\":[{\"id\":186853002,\"full_name\":\"acme/app\"}]}", "guid-installed");
            assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
            assertThat(store.installation(42).orElseThrow().repositories())
                    .containsExactly(new Installation.Repository(REPOSITORY_ID, "acme/app"));
            JsonNode shown = Json.MAPPER.readTree(api.admin("GET", "/github-app", null).body());
            assertThat(shown.get("installations").toString()).contains("42").contains("acme/app");

            String main = api.createHook("acme-main", source, "main", buildMain);
            String preview = api.createHook("acme-preview", source, "main", buildPreview);
            String release = api.createHook("acme-release", source, "release", buildRelease);
            for (String hook : new String[] {main, preview, release}) {
                store.addRoutes(hook, REPOSITORY_ID, "acme/app");
            }

            HttpResponse<String> toMain = api.deliver("push", push("refs/heads/main", onMain, "acme/app",
                    REPOSITORY_ID), "guid-main");
            assertThat(toMain.statusCode()).as(toMain.body()).isEqualTo(202);
            JsonNode answer = Json.MAPPER.readTree(toMain.body());
            assertThat(answer.get("queued")).extracting(JsonNode::asText).containsExactlyInAnyOrder(main, preview);
            assertThat(answer.get("hookCount").asInt()).isEqualTo(3);
            api.awaitSynced(main, onMain);
            api.awaitSynced(preview, onMain);
            assertThat(GitRepos.requireHead(buildMain, "master")).isEqualTo(onMain);
            assertThat(GitRepos.requireHead(buildPreview, "master")).isEqualTo(onMain);
            assertThat(GitRepos.head(buildRelease, "master")).isEmpty();
            JsonNode ignored = api.delivery(release, 0);
            assertThat(ignored.get("outcome").asText()).isEqualTo("ignored");
            assertThat(ignored.get("providerDeliveryId").asText()).isEqualTo("guid-main");
            assertThat(api.delivery(main, 0).get("verifiedWith").asText()).isEqualTo("app");

            HttpResponse<String> toRelease = api.deliver("push", push("refs/heads/release", onRelease, "acme/app",
                    REPOSITORY_ID), "guid-release");
            assertThat(toRelease.statusCode()).as(toRelease.body()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(toRelease.body()).get("queued")).extracting(JsonNode::asText)
                    .containsExactly(release);
            api.awaitSynced(release, onRelease);
            assertThat(GitRepos.requireHead(buildRelease, "master")).isEqualTo(onRelease);

            HttpResponse<String> other = api.deliver("push", push("refs/heads/main", onMain, "acme/other", 999L),
                    "guid-other");
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(other.body()).get("status").asText()).isEqualTo("ignored");
            assertThat(Json.MAPPER.readTree(other.body()).get("reason").asText())
                    .isEqualTo("no hook in GitHub App mode syncs acme/other (repository id 999)");

            HttpResponse<String> again = api.deliver("push", push("refs/heads/main", onMain, "acme/app",
                    REPOSITORY_ID), "guid-main");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(again.body()).get("status").asText()).isEqualTo("duplicate");

            HttpResponse<String> forged = api.send("POST", "/webhooks/github-app", "{}", Map.of(
                    "x-github-event", "push", "x-github-delivery", "guid-forged",
                    "x-hub-signature-256", "sha256=" + "0".repeat(64)));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(api.send("GET", "/webhooks/github-app", null, Map.of()).statusCode()).isEqualTo(405);
        }
    }

    /** GitHub's push fixture for another ref, head and repository. */
    private static String push(String ref, ObjectId after, String fullName, long repositoryId) throws Exception {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.text("github/push.json")
                .replace("acme/app", fullName));
        payload.put("ref", ref).put("before", ZERO).put("after", after.name());
        ((ObjectNode) payload.get("repository")).put("id", repositoryId);
        return payload.toString();
    }

    /** The runner's admin API and the app's webhook. */
    private final class Api {
        private final LocalRunner runner;

        Api(LocalRunner runner) {
            this.runner = runner;
        }

        String createHook(String project, Path source, String branch, Path build) throws Exception {
            ObjectNode hook = Json.MAPPER.createObjectNode().put("project", project).put("provider", "github")
                    .put("sourceRepo", GitRepos.fileUri(source).toString()).put("branch", branch)
                    .put("secret", "a-hook-secret-nobody-signs-with").put("buildRepo", GitRepos.fileUri(build).toString());
            hook.putObject("events").put("push", true).put("ci", false);
            HttpResponse<String> created = admin("POST", "/hooks", hook.toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return Json.MAPPER.readTree(created.body()).get("id").asText();
        }

        HttpResponse<String> deliver(String event, String body, String guid) throws Exception {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return send("POST", "/webhooks/github-app", body, Map.of("x-github-event", event,
                    "x-github-delivery", guid, "user-agent", "GitHub-Hookshot/test",
                    "x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(APP_SECRET, bytes))));
        }

        /** The hook's {@code index}-th newest delivery log entry. */
        JsonNode delivery(String hookId, int index) throws Exception {
            JsonNode page = Json.MAPPER.readTree(admin("GET", "/hooks/" + hookId + "/deliveries?limit=10", null)
                    .body());
            return page.get("_embedded").get("deliveries").get(index);
        }

        void awaitSynced(String hookId, ObjectId commit) throws Exception {
            Instant deadline = Instant.now().plusSeconds(60);
            JsonNode last = null;
            while (Instant.now().isBefore(deadline)) {
                last = Json.MAPPER.readTree(admin("GET", "/hooks/" + hookId, null).body()).get("lastSync");
                if (last != null && !last.isNull() && commit.name().equals(last.path("commit").asText())
                        && "synced".equals(last.path("status").asText())) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("hook " + hookId + " did not sync " + commit.name() + " within 60 s; last: "
                    + last);
        }

        HttpResponse<String> admin(String method, String path, String body) throws Exception {
            return send(method, path, body, Map.of("authorization", "Bearer " + ADMIN_TOKEN));
        }

        HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(runner.url().resolve(path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .header("content-type", "application/json");
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
