package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.git.GitRepos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin API details over the runner's real HTTP port: PATCH with a JSON Merge Patch. */
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
    void patch_mergesEventsMemberByMember_andNullRemovesAToken_whileTheSecretIsKept() throws Exception {
        try (LocalRunner runner = start()) {
            String id = create(runner.url()).get("id").asText();

            HttpResponse<String> patched = send(runner.url(), "PATCH", "/hooks/" + id,
                    "{\"events\":{\"ci\":true},\"token\":null,\"buildBranch\":\"deploy\"}", MERGE_PATCH);

            assertThat(patched.statusCode()).isEqualTo(200);
            JsonNode hook = Json.MAPPER.readTree(patched.body());
            assertThat(hook.get("events")).isEqualTo(Json.MAPPER.readTree("{\"push\":true,\"ci\":true}"));
            assertThat(hook.get("hasToken").asBoolean()).isFalse();
            assertThat(hook.get("buildBranch").asText()).isEqualTo("deploy");
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
            HttpResponse<String> nullSecret = send(runner.url(), "PATCH", "/hooks/" + id, "{\"secret\":null}",
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
            assertThat(nullSecret.statusCode()).isEqualTo(422);
            assertThat(error(nullSecret).get("fields").get("secret").asText()).isEqualTo("is required");
            assertThat(notAnObject.statusCode()).isEqualTo(400);
            assertThat(error(notAnObject).get("message").asText()).isEqualTo("body must be a JSON object");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(get(runner.url(), id).body())).isEqualTo(created);
        }
    }

    private LocalRunner start() throws Exception {
        return LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
    }

    private JsonNode create(URI base) throws Exception {
        ObjectNode create = Json.MAPPER.createObjectNode()
                .put("project", "acme-app")
                .put("provider", "github")
                .put("sourceRepo", GitRepos.fileUri(GitRepos.createBare(tmp.resolve("source.git"))).toString())
                .put("branch", "main")
                .put("secret", SECRET)
                .put("token", "ghp_localRunnerSourceToken0123456789")
                .put("buildRepo", GitRepos.fileUri(GitRepos.createBare(tmp.resolve("build.git"))).toString());
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
