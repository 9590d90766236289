package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin API details over the runner's real HTTP port: PATCH with a JSON Merge Patch, deleting a hook removes its work
 * repository, a port in use is named at start.
 */
class LocalRunnerAdminIT {

    private static final String ADMIN_TOKEN = "local-admin-token-for-tests";
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void patch_changesOneField_andLeavesTheOthersAsTheyWere() throws Exception {
        try (LocalRunner runner = start()) {
            JsonNode created = create(runner.url());
            String id = created.get("id").asText();

            HttpResponse<String> patched = send(runner.url(), "PATCH", "/hooks/" + id, "{\"branch\":\"release\"}",
                    MERGE_PATCH);

            assertThat(patched.statusCode()).isEqualTo(200);
            JsonNode hook = Json.MAPPER.readTree(get(runner.url(), id).body());
            assertThat(hook.get("branch").asText()).isEqualTo("release");
            ObjectNode unchanged = ((ObjectNode) hook.deepCopy()).put("branch", "main");
            unchanged.set("updatedAt", created.get("updatedAt"));
            assertThat(unchanged).isEqualTo(created);
            assertThat(Json.MAPPER.readTree(patched.body())).isEqualTo(hook);
        }
    }

    @Test
    void patch_mergesEventsMemberByMember_nullKeepsAToken_andTheEmptyStringRemovesIt() throws Exception {
        try (LocalRunner runner = start()) {
            String id = create(runner.url()).get("id").asText();

            HttpResponse<String> patched = send(runner.url(), "PATCH", "/hooks/" + id,
                    "{\"events\":{\"ci\":true},\"token\":null,\"secret\":null,\"buildBranch\":\"deploy\"}",
                    MERGE_PATCH);

            assertThat(patched.statusCode()).isEqualTo(200);
            JsonNode hook = Json.MAPPER.readTree(patched.body());
            assertThat(hook.get("events")).isEqualTo(Json.MAPPER.readTree("{\"push\":true,\"ci\":true}"));
            assertThat(hook.get("hasToken").asBoolean()).isTrue();
            assertThat(hook.get("buildBranch").asText()).isEqualTo("deploy");
            HttpResponse<String> removed = send(runner.url(), "PATCH", "/hooks/" + id, "{\"token\":\"\"}",
                    MERGE_PATCH);
            assertThat(removed.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(removed.body()).get("hasToken").asBoolean()).isFalse();
            HttpResponse<String> resetBranch = send(runner.url(), "PATCH", "/hooks/" + id,
                    "{\"buildBranch\":null}", MERGE_PATCH);
            assertThat(Json.MAPPER.readTree(resetBranch.body()).get("buildBranch").asText()).isEqualTo("master");
        }
    }

    @Test
    void patch_badInput_isRefusedWithTheExactStatus_andStoresNothing() throws Exception {
        try (LocalRunner runner = start()) {
            JsonNode created = create(runner.url());
            String id = created.get("id").asText();

            HttpResponse<String> plainJson = send(runner.url(), "PATCH", "/hooks/" + id, "{\"branch\":\"x\"}",
                    "application/json");
            HttpResponse<String> badBranch = send(runner.url(), "PATCH", "/hooks/" + id, "{\"branch\":\"a..b\"}",
                    MERGE_PATCH);
            HttpResponse<String> wrongType = send(runner.url(), "PATCH", "/hooks/" + id, "{\"sourceRepo\":7}",
                    MERGE_PATCH);
            HttpResponse<String> readOnly = send(runner.url(), "PATCH", "/hooks/" + id, "{\"id\":null}", MERGE_PATCH);
            HttpResponse<String> secretNotAString = send(runner.url(), "PATCH", "/hooks/" + id, "{\"secret\":7}",
                    MERGE_PATCH);
            HttpResponse<String> notAnObject = send(runner.url(), "PATCH", "/hooks/" + id, "[]", MERGE_PATCH);
            HttpResponse<String> unknown = send(runner.url(), "PATCH", "/hooks/hk_missing", "{\"branch\":\"x\"}",
                    MERGE_PATCH);

            assertThat(plainJson.statusCode()).isEqualTo(415);
            assertThat(error(plainJson).get("message").asText())
                    .isEqualTo("body must be sent as Content-Type: application/merge-patch+json, got application/json");
            assertThat(badBranch.statusCode()).isEqualTo(422);
            assertThat(error(badBranch).get("fields").has("branch")).isTrue();
            assertThat(wrongType.statusCode()).isEqualTo(422);
            assertThat(error(wrongType).get("fields").has("sourceRepo")).isTrue();
            assertThat(readOnly.statusCode()).isEqualTo(422);
            assertThat(error(readOnly).get("fields").has("id")).isTrue();
            assertThat(secretNotAString.statusCode()).isEqualTo(422);
            assertThat(error(secretNotAString).get("fields").get("secret").asText()).isEqualTo("must be a string");
            assertThat(notAnObject.statusCode()).isEqualTo(400);
            assertThat(error(notAnObject).get("message").asText()).isEqualTo("body must be a JSON object");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(get(runner.url(), id).body())).isEqualTo(created);
        }
    }

    @Test
    void delete_removesTheHooksWorkRepository() throws Exception {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("work"))) {
            clone.commit(Map.of("README.md", "# app\n"), "first");
            clone.push("main");
        }
        Path workRoot = tmp.resolve("data").resolve("git");
        try (LocalRunner runner = start()) {
            String id = create(runner.url()).get("id").asText();
            String other = create(runner.url(), "other-app").get("id").asText();
            assertThat(send(runner.url(), "POST", "/hooks/" + id + "/sync", null, "application/json").statusCode())
                    .isEqualTo(202);
            assertThat(send(runner.url(), "POST", "/hooks/" + other + "/sync", null, "application/json")
                    .statusCode()).isEqualTo(202);
            awaitSynced(runner.url(), id);
            awaitSynced(runner.url(), other);
            assertThat(workRepositories(workRoot, id)).hasSize(1);

            assertThat(send(runner.url(), "DELETE", "/hooks/" + id, null, "application/json").statusCode())
                    .isEqualTo(204);

            assertThat(workRepositories(workRoot, id)).isEmpty();
            assertThat(workRepositories(workRoot, other)).as("another hook's stays").hasSize(1);
        }
    }

    @Test
    void start_onAPortInUse_namesThePortAndTheOption() throws Exception {
        try (LocalRunner first = start()) {
            int port = first.url().getPort();
            RunnerOptions taken = new RunnerOptions(port, tmp.resolve("data2"), Optional.empty(), Optional.empty());

            assertThatThrownBy(() -> LocalRunner.start(taken, ADMIN_TOKEN).close())
                    .isInstanceOf(IOException.class)
                    .hasMessage("port " + port + " on 127.0.0.1 is already in use (another gitbridge, or another"
                            + " program): stop it, or start with --port N (0 picks a free port)")
                    .hasRootCauseInstanceOf(BindException.class);
        }
    }

    private void awaitSynced(URI base, String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode lastSync = Json.MAPPER.readTree(get(base, id).body()).get("lastSync");
            if (!lastSync.isNull()) {
                assertThat(lastSync.get("status").asText()).isEqualTo("synced");
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("hook " + id + " did not sync within 60 s");
    }

    private static List<Path> workRepositories(Path workRoot, String id) throws IOException {
        if (!Files.isDirectory(workRoot)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(workRoot)) {
            return entries.filter(dir -> dir.getFileName().toString().startsWith(id + "-")).toList();
        }
    }

    private LocalRunner start() throws Exception {
        return LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
    }

    private JsonNode create(URI base) throws Exception {
        return create(base, "acme-app");
    }

    /** A hook from {@code source.git} (made when missing) to a build repository of the project's own. */
    private JsonNode create(URI base, String project) throws Exception {
        Path source = tmp.resolve("source.git");
        if (!Files.exists(source)) {
            GitRepos.createBare(source);
        }
        ObjectNode create = Json.MAPPER.createObjectNode()
                .put("project", project)
                .put("provider", "github")
                .put("sourceRepo", GitRepos.fileUri(source).toString())
                .put("branch", "main")
                .put("secret", SECRET)
                .put("token", "ghp_localRunnerSourceToken0123456789")
                .put("buildRepo", GitRepos.fileUri(GitRepos.createBare(tmp.resolve(project + "-build.git")))
                        .toString());
        create.putObject("events").put("push", true).put("ci", false);
        HttpResponse<String> created = send(base, "POST", "/hooks", create.toString(), "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        return Json.MAPPER.readTree(created.body());
    }

    private HttpResponse<String> get(URI base, String id) throws Exception {
        return send(base, "GET", "/hooks/" + id, null, "application/json");
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> send(URI base, String method, String path, String body, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", contentType)
                .header("authorization", "Bearer " + ADMIN_TOKEN);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
