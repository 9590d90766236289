package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.http.StandInServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Project administrators through the real runner: the front checks their JWTs against a JWKS as API Gateway's JWT
 * authorizer does, and the hooks function lets them manage only their projects' hooks.
 */
class LocalRunnerProjectAdminsIT {

    private static final String ADMIN_TOKEN = "local-admin-token-for-tests";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void projectAdmin_managesItsProjectsHook_andGets403OnAnothers() throws Exception {
        TestIssuer issuer = TestIssuer.create(tmp.resolve("idp"));
        try (LocalRunner runner = start(issuer.options())) {
            URI url = runner.url();
            String alice = issuer.token("alice", "demo");
            String other = createAsOperator(url, "other");

            HttpResponse<String> created = send(url, "POST", "/projects/demo/hook", hookBody(null), alice, null);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = Json.MAPPER.readTree(created.body()).get("id").asText();
            assertThat(Json.MAPPER.readTree(created.body()).get("project").asText()).isEqualTo("demo");
            assertThat(Json.MAPPER.readTree(created.body()).get("webhookUrl").asText())
                    .isEqualTo(url + "/webhooks/" + id);

            HttpResponse<String> got = send(url, "GET", "/projects/Demo/hook", null, alice, null);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(got.body()).get("id").asText()).isEqualTo(id);

            HttpResponse<String> patched = send(url, "PATCH", "/projects/demo/hook", "{\"branch\":\"release\"}", alice,
                    MERGE_PATCH);
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(patched.body()).get("branch").asText()).isEqualTo("release");
            HttpResponse<String> viaOperator = send(url, "GET", "/hooks/" + id, null, ADMIN_TOKEN, null);
            assertThat(Json.MAPPER.readTree(viaOperator.body()).get("branch").asText()).isEqualTo("release");

            HttpResponse<String> deliveries = send(url, "GET", "/projects/demo/hook/deliveries", null, alice, null);
            assertThat(deliveries.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(deliveries.body()).get("_embedded").get("deliveries").size()).isZero();

            for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
                HttpResponse<String> refused = send(url, method, "/projects/other/hook", "{}", alice,
                        method.equals("PATCH") ? MERGE_PATCH : null);
                assertThat(refused.statusCode()).as(method).isEqualTo(403);
                assertThat(Json.MAPPER.readTree(refused.body())).isEqualTo(Json.MAPPER.readTree(
                        "{\"error\":\"forbidden\",\"message\":\"alice is not an administrator of project other\"}"));
            }
            assertThat(send(url, "POST", "/projects/other/hook/sync", null, alice, null).statusCode()).isEqualTo(403);
            assertThat(send(url, "GET", "/hooks/" + other, null, ADMIN_TOKEN, null).statusCode()).isEqualTo(200);

            HttpResponse<String> deleted = send(url, "DELETE", "/projects/demo/hook", null, alice, null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(send(url, "GET", "/hooks/" + id, null, ADMIN_TOKEN, null).statusCode()).isEqualTo(404);
            HttpResponse<String> gone = send(url, "GET", "/projects/demo/hook", null, alice, null);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(gone.body()).get("message").asText()).isEqualTo("project demo has no hook");
        }
    }

    @Test
    void invalidOrMissingJwt_is401_withWwwAuthenticate_andTheHookIsUntouched() throws Exception {
        TestIssuer issuer = TestIssuer.create(tmp.resolve("idp"));
        try (LocalRunner runner = start(issuer.options())) {
            URI url = runner.url();
            String id = createAsOperator(url, "demo");
            Date hourAgo = Date.from(Instant.now().minusSeconds(3600));
            List<String[]> tokens = List.of(
                    new String[] {"expired", issuer.token(c -> c.subject("alice").claim("gitbridge_projects",
                            List.of("demo")).issueTime(hourAgo).notBeforeTime(hourAgo).expirationTime(hourAgo))},
                    new String[] {"wrong issuer", issuer.token(c -> c.subject("alice").issuer("https://evil.example")
                            .claim("gitbridge_projects", List.of("demo")))},
                    new String[] {"wrong audience", issuer.token(c -> c.subject("alice").audience("another-api")
                            .claim("gitbridge_projects", List.of("demo")))},
                    new String[] {"bad signature", issuer.forgedToken(c -> c.subject("alice")
                            .claim("gitbridge_projects", List.of("demo")))},
                    new String[] {"the admin token", ADMIN_TOKEN});

            for (String[] token : tokens) {
                HttpResponse<String> refused = send(url, "DELETE", "/projects/demo/hook", null, token[1], null);
                assertThat(refused.statusCode()).as(token[0]).isEqualTo(401);
                assertThat(refused.headers().firstValue("www-authenticate").orElseThrow()).as(token[0])
                        .startsWith("Bearer error=\"invalid_token\"");
                assertThat(Json.MAPPER.readTree(refused.body()).get("error").asText()).isEqualTo("unauthorized");
                assertThat(refused.body()).doesNotContain(token[1]);
            }
            HttpResponse<String> none = send(url, "GET", "/projects/demo/hook", null, null, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).contains("Bearer");
            assertThat(send(url, "GET", "/hooks/" + id, null, ADMIN_TOKEN, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void starClaim_coversEveryProject_andApiGatewaysArraySpelling_isRead() throws Exception {
        TestIssuer issuer = TestIssuer.create(tmp.resolve("idp"));
        try (LocalRunner runner = start(issuer.options())) {
            URI url = runner.url();
            createAsOperator(url, "demo");
            createAsOperator(url, "app");
            String root = issuer.token(c -> c.subject("root").claim("gitbridge_projects", "*"));
            String spelled = issuer.token(c -> c.subject("bob").claim("gitbridge_projects", "[app demo]"));
            String single = issuer.token(c -> c.subject("carol").claim("gitbridge_projects", "App"));
            String jsonText = issuer.token(c -> c.subject("dave").claim("gitbridge_projects", "[\"demo\"]"));

            for (String project : List.of("demo", "app")) {
                assertThat(send(url, "GET", "/projects/" + project + "/hook", null, root, null).statusCode())
                        .isEqualTo(200);
                assertThat(send(url, "GET", "/projects/" + project + "/hook", null, spelled, null).statusCode())
                        .isEqualTo(200);
            }
            assertThat(send(url, "GET", "/projects/app/hook", null, single, null).statusCode()).isEqualTo(200);
            assertThat(send(url, "GET", "/projects/demo/hook", null, single, null).statusCode()).isEqualTo(403);
            assertThat(send(url, "GET", "/projects/demo/hook", null, jsonText, null).statusCode()).isEqualTo(200);
            assertThat(send(url, "GET", "/projects/app/hook", null, jsonText, null).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void configuredClaim_andAJwksUrl_areUsed() throws Exception {
        TestIssuer issuer = TestIssuer.create(tmp.resolve("idp"));
        try (StandInServer idp = StandInServer.start()) {
            idp.on("GET", "/.well-known/jwks.json", 200, Files.readString(issuer.jwksFile()));
            JwtOptions options = new JwtOptions(Optional.of(idp.url() + "/.well-known/jwks.json"),
                    Optional.of(TestIssuer.ISSUER), List.of(TestIssuer.AUDIENCE), "groups");
            try (LocalRunner runner = start(options)) {
                URI url = runner.url();
                createAsOperator(url, "demo");

                String viaGroups = issuer.token(c -> c.subject("alice").claim("groups", List.of("demo")));
                String viaDefault = issuer.token("alice", "demo");

                assertThat(send(url, "GET", "/projects/demo/hook", null, viaGroups, null).statusCode())
                        .isEqualTo(200);
                assertThat(send(url, "GET", "/projects/demo/hook", null, viaDefault, null).statusCode())
                        .isEqualTo(403);
                assertThat(idp.requests("GET")).isNotEmpty();
            }
        }
    }

    @Test
    void withoutJwtOptions_projectRoutesAre401_sayingJwtAuthIsNotConfigured() throws Exception {
        try (LocalRunner runner = start(JwtOptions.NONE)) {
            URI url = runner.url();
            createAsOperator(url, "demo");

            HttpResponse<String> refused = send(url, "GET", "/projects/demo/hook", null, ADMIN_TOKEN, null);

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("www-authenticate")).contains("Bearer");
            assertThat(Json.MAPPER.readTree(refused.body()).get("message").asText())
                    .startsWith("JWT auth is not configured");
        }
    }

    private LocalRunner start(JwtOptions jwt) throws Exception {
        return LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty())
                .withJwt(jwt), ADMIN_TOKEN);
    }

    private String createAsOperator(URI url, String project) throws Exception {
        HttpResponse<String> created = send(url, "POST", "/hooks", hookBody(project), ADMIN_TOKEN, null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.MAPPER.readTree(created.body()).get("id").asText();
    }

    private static String hookBody(String project) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (project != null) {
            body.put("project", project);
        }
        body.put("provider", "github").put("sourceRepo", "https://github.com/acme/app.git").put("branch", "main")
                .put("secret", "a-webhook-secret-of-some-length")
                .put("buildRepo", "https://git.example.net/build/app.git");
        body.putObject("events").put("push", true).put("ci", false);
        return body.toString();
    }

    private HttpResponse<String> send(URI url, String method, String path, String body, String bearer,
                                      String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", contentType == null ? "application/json" : contentType);
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
