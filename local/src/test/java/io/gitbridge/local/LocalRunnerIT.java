package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsClients;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole bridge on one machine, over the runner's real HTTP port: create a hook through the admin API,
 * deliver a signed GitHub push, and see the build repository receive the commit.
 */
class LocalRunnerIT {

    private static final String ADMIN_TOKEN = "local-admin-token-for-tests";
    private static final String SECRET = "a-webhook-secret-of-some-length";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void signedPush_reachesTheBuildRepository_andHooksSurviveARestart() throws Exception {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        ObjectId pushed;
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("work"))) {
            clone.commit(Map.of("README.md", "# app\n"), "first");
            pushed = clone.commit(Map.of("app.txt", "v2\n"), "second");
            clone.push("main");
        }
        RunnerOptions options = new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty());
        String hookId;
        try (LocalRunner runner = LocalRunner.start(options, ADMIN_TOKEN)) {
            URI base = runner.url();
            ObjectNode create = Json.MAPPER.createObjectNode()
                    .put("project", "acme-app")
                    .put("provider", "github")
                    .put("sourceRepo", GitRepos.fileUri(source).toString())
                    .put("branch", "main")
                    .put("secret", SECRET)
                    .put("buildRepo", GitRepos.fileUri(build).toString());
            create.putObject("events").put("push", true).put("ci", false);

            assertThat(send("POST", base.resolve("/hooks"), create.toString(), null).statusCode()).isEqualTo(401);
            HttpResponse<String> created = send("POST", base.resolve("/hooks"), create.toString(), ADMIN_TOKEN);
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode hook = Json.MAPPER.readTree(created.body());
            hookId = hook.get("id").asText();
            URI webhook = URI.create(hook.get("webhookUrl").asText());
            assertThat(webhook).isEqualTo(base.resolve("/webhooks/" + hookId));

            assertThat(deliver(webhook, "ping", Fixtures.bytes("github/ping.json"), "ping-1").body())
                    .contains("\"pong\"");
            byte[] push = pushPayload(pushed);
            HttpResponse<String> queued = deliver(webhook, "push", push, "delivery-1");
            assertThat(queued.statusCode()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(queued.body()).get("status").asText()).isEqualTo("queued");

            JsonNode lastSync = awaitLastSync(base, hookId);
            assertThat(lastSync.get("status").asText()).isEqualTo("synced");
            assertThat(lastSync.get("commit").asText()).isEqualTo(pushed.name());
            assertThat(GitRepos.requireHead(build, "master")).isEqualTo(pushed);
            assertThat(GitRepos.branchTree(build, "master")).isEqualTo(GitRepos.treeOf(source, pushed));

            HttpResponse<String> again = deliver(webhook, "push", push, "delivery-1");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(again.body()).get("status").asText()).isEqualTo("duplicate");
        }

        try (LocalRunner restarted = LocalRunner.start(options, ADMIN_TOKEN)) {
            HttpResponse<String> found = send("GET", restarted.url().resolve("/hooks/" + hookId), null, ADMIN_TOKEN);
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(found.body()).get("lastSync").get("status").asText()).isEqualTo("synced");
        }
    }

    @Test
    void tokens_areStoredSealedUnderTheDataDirsKey_andStillOpenAfterARestart() throws Exception {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        ObjectId pushed;
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("work"))) {
            pushed = clone.commit(Map.of("README.md", "# app\n"), "first");
            clone.push("main");
        }
        RunnerOptions options = new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty());
        String token = "ghp_localRunnerSourceToken0123456789";
        String buildToken = "local-runner-build-token-9876543210";
        String hookId;
        try (LocalRunner runner = LocalRunner.start(options, ADMIN_TOKEN)) {
            ObjectNode create = Json.MAPPER.createObjectNode()
                    .put("project", "acme-app")
                    .put("provider", "github")
                    .put("sourceRepo", GitRepos.fileUri(source).toString())
                    .put("branch", "main")
                    .put("secret", SECRET)
                    .put("token", token)
                    .put("buildRepo", GitRepos.fileUri(build).toString())
                    .put("buildToken", buildToken);
            create.putObject("events").put("push", true).put("ci", false);
            HttpResponse<String> created = send("POST", runner.url().resolve("/hooks"), create.toString(), ADMIN_TOKEN);
            assertThat(created.statusCode()).isEqualTo(201);
            hookId = Json.MAPPER.readTree(created.body()).get("id").asText();

            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(runner.config())) {
                List<Map<String, AttributeValue>> items = dynamoDb.scan(s -> s.tableName(LocalRunner.HOOKS_TABLE)).items();
                assertThat(items).isNotEmpty();
                List<String> stored = items.stream().flatMap(item -> item.values().stream())
                        .flatMap(value -> text(value).stream()).toList();
                assertThat(stored).contains(SECRET).noneMatch(v -> v.contains(token) || v.contains(buildToken));
            }
        }
        Path keyFile = options.dataDir().resolve("token-key");
        assertThat(keyFile).hasSize(32);
        if (Files.getFileStore(keyFile).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }

        try (LocalRunner restarted = LocalRunner.start(options, ADMIN_TOKEN)) {
            HttpResponse<String> found = send("GET", restarted.url().resolve("/hooks/" + hookId), null, ADMIN_TOKEN);
            assertThat(found.statusCode()).isEqualTo(200);
            JsonNode hook = Json.MAPPER.readTree(found.body());
            assertThat(hook.get("hasToken").asBoolean()).isTrue();
            assertThat(hook.get("hasBuildToken").asBoolean()).isTrue();

            HttpResponse<String> queued = deliver(URI.create(hook.get("webhookUrl").asText()), "push",
                    pushPayload(pushed), "delivery-after-restart");
            assertThat(queued.statusCode()).isEqualTo(202);
            JsonNode lastSync = awaitLastSync(restarted.url(), hookId);
            assertThat(lastSync.get("status").asText()).as("the sync opened the tokens: %s", lastSync)
                    .isEqualTo("synced");
            assertThat(GitRepos.requireHead(build, "master")).isEqualTo(pushed);
        }
    }

    /** Every string and binary value of an attribute, however deeply nested, as text. */
    private static List<String> text(AttributeValue value) {
        List<String> found = new ArrayList<>();
        if (value.s() != null) {
            found.add(value.s());
        }
        if (value.b() != null) {
            found.add(new String(value.b().asByteArray(), StandardCharsets.ISO_8859_1));
        }
        value.l().forEach(v -> found.addAll(text(v)));
        value.m().values().forEach(v -> found.addAll(text(v)));
        return found;
    }

    private static byte[] pushPayload(ObjectId commit) throws IOException {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("github/push.json"));
        payload.put("after", commit.name());
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> deliver(URI webhook, String event, byte[] body, String deliveryId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .header("content-type", "application/json")
                .header("user-agent", "GitHub-Hookshot/test")
                .header("x-github-event", event)
                .header("x-github-delivery", deliveryId)
                .header("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitLastSync(URI base, String hookId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode hook = Json.MAPPER.readTree(send("GET", base.resolve("/hooks/" + hookId), null, ADMIN_TOKEN).body());
            if (!hook.get("lastSync").isNull()) {
                return hook.get("lastSync");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no sync was recorded within 60 s");
    }

    private HttpResponse<String> send(String method, URI uri, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
