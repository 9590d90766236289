package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.Hmac;
import io.gitbridge.testkit.deliveries.TestDelivery;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import io.gitbridge.testkit.http.StandInServer;
import java.net.URI;
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
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin's whole day through the local runner: a hook created with a token registers its webhook on a stand-in
 * GitHub API, the provider's ping shows in the delivery log, a push to a private repository syncs, sync-now and
 * redeliver work, deleting the hook removes the webhook, and a rejected token stores nothing.
 */
class LocalRunnerRegistrationIT {

    private static final String ADMIN_TOKEN = "registration-admin-token";
    private static final String SECRET = "registration-webhook-secret";
    private static final String TOKEN = "ghp_registrationTokenValue0123";
    private static final String HOOKS_PATH = "/repos/acme/app/hooks";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void registeredHook_pingsSyncsAndUnregisters_andARejectedTokenStoresNothing() throws Exception {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("acme/app.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        try (GitHttpServer git = GitHttpServer.startWithBasicAuth(repos, "x-access-token", TOKEN);
             StandInServer github = StandInServer.start();
             WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
             LocalRunner runner = LocalRunner.start(
                     new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            github.on("POST", HOOKS_PATH, 401, "{\"message\":\"Bad credentials\"}")
                    .on("POST", HOOKS_PATH, 201, "{\"id\":4242,\"type\":\"Repository\",\"name\":\"web\"}")
                    .on("DELETE", HOOKS_PATH + "/4242", 204, null);
            ObjectId first = developer.commit(Map.of("app.txt", "one\n"), "one");
            developer.push("main");
            URI base = runner.url();
            ObjectNode hook = Json.MAPPER.createObjectNode()
                    .put("project", "acme-app")
                    .put("provider", "github")
                    .put("sourceRepo", git.url("acme/app.git").toString())
                    .put("branch", "main")
                    .put("secret", SECRET)
                    .put("token", TOKEN)
                    .put("buildRepo", GitRepos.fileUri(build).toString())
                    .put("apiUrl", github.url())
                    .put("register", true);
            hook.putObject("events").put("push", true).put("ci", false);

            HttpResponse<String> rejected = admin("POST", base.resolve("/hooks"), hook.toString());
            assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
            assertThat(Json.MAPPER.readTree(rejected.body()).get("message").asText()).contains("GitHub rejected the token");
            assertThat(rejected.body()).doesNotContain(TOKEN, SECRET);
            assertThat(Json.MAPPER.readTree(admin("GET", base.resolve("/hooks"), null).body())
                    .get("_embedded").get("hooks")).isEmpty();

            HttpResponse<String> created = admin("POST", base.resolve("/hooks"), hook.toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode stored = Json.MAPPER.readTree(created.body());
            String id = stored.get("id").asText();
            assertThat(stored.get("registration").get("status").asText()).isEqualTo("registered");
            assertThat(stored.get("registration").get("providerHookId").asText()).isEqualTo("4242");
            StandInServer.RecordedRequest registration = github.requests("POST").get(1);
            assertThat(registration.header("authorization")).isEqualTo("Bearer " + TOKEN);
            JsonNode config = registration.json().get("config");
            assertThat(config.get("url").asText()).isEqualTo(stored.get("webhookUrl").asText());
            assertThat(config.get("secret").asText()).isEqualTo(SECRET);
            assertThat(config.get("content_type").asText()).isEqualTo("json");
            assertThat(registration.json().get("events").toString()).isEqualTo("[\"push\"]");

            URI webhook = URI.create(config.get("url").asText());
            byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":4242}".getBytes(StandardCharsets.UTF_8);
            assertThat(deliver(webhook, new TestDelivery(Map.of("Content-Type", "application/json",
                    "X-GitHub-Event", "ping", "X-GitHub-Delivery", "ping-4242",
                    "X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(config.get("secret").asText(), ping)), ping))
                    .body()).contains("pong");
            assertThat(deliveries(base, id).get(0).get("outcome").asText()).isEqualTo("pong");

            assertThat(deliver(webhook, Deliveries.of("github").push(SECRET, "main", first.name(), "push-1"))
                    .statusCode()).isEqualTo(202);
            await(() -> GitRepos.head(build, "master").filter(first::equals).isPresent());
            assertThat(git.authenticatedUsers()).contains("x-access-token");

            ObjectId second = developer.commit(Map.of("app.txt", "two\n"), "two");
            developer.push("main");
            assertThat(admin("POST", base.resolve("/hooks/" + id + "/sync"), null).statusCode()).isEqualTo(202);
            await(() -> GitRepos.head(build, "master").filter(second::equals).isPresent());

            assertThat(admin("POST", base.resolve("/hooks/" + id + "/deliveries/push-1/redeliver"), null).statusCode())
                    .isEqualTo(202);
            await(() -> deliveries(base, id).stream().anyMatch(d -> d.get("deliveryId").asText().equals("push-1")
                    && d.get("redeliveries").asInt() == 1));

            assertThat(admin("DELETE", base.resolve("/hooks/" + id), null).statusCode()).isEqualTo(204);
            assertThat(github.calls()).contains("DELETE " + HOOKS_PATH + "/4242");
        }
    }

    private java.util.List<JsonNode> deliveries(URI base, String id) {
        try {
            JsonNode page = Json.MAPPER.readTree(admin("GET", base.resolve("/hooks/" + id + "/deliveries"), null).body());
            java.util.List<JsonNode> list = new java.util.ArrayList<>();
            page.get("_embedded").get("deliveries").forEach(list::add);
            return list;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("condition not met within 60 s");
    }

    private HttpResponse<String> deliver(URI webhook, TestDelivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, URI uri, String body) {
        try {
            return http.send(HttpRequest.newBuilder(uri)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("content-type", "application/json")
                    .header("authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
