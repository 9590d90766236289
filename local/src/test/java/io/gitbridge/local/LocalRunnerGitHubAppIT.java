package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub App mode through the runner over real HTTP, against the stand-in that verifies every JWT with the app's
 * public key: registration link → PUT /github-app → GET /github-app (no key, no secret) → the public setup page;
 * then a restart on the same data directory, after which the sealed key still opens.
 */
class LocalRunnerGitHubAppIT {

    private static final String ADMIN_TOKEN = "github-app-admin-token";

    @TempDir
    Path tmp;

    private GitHubAppStandIn github;

    @BeforeEach
    void startGitHub() {
        github = GitHubAppStandIn.start();
        github.install(1001, "acme", "Organization").repository(501, "acme/app");
    }

    @AfterEach
    void stopGitHub() {
        github.close();
    }

    private LocalRunner start() throws Exception {
        return LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
    }

    @Test
    void registrationLink_put_get_setup_andARestart() throws Exception {
        String pending;
        try (LocalRunner runner = start()) {
            AdminApi api = new AdminApi(runner.url(), ADMIN_TOKEN, "unused-secret-0123456");

            HttpResponse<String> link = api.admin("GET", "/github-app/registration-link?owner=acme", null);
            assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
            JsonNode linkBody = Json.MAPPER.readTree(link.body());
            pending = linkBody.get("webhookSecret").asText();
            URI registration = URI.create(linkBody.get("url").asText());
            assertThat(registration.getHost()).isEqualTo("github.com");
            assertThat(registration.getPath()).isEqualTo("/organizations/acme/settings/apps/new");
            List<String> parameters = Stream.of(registration.getRawQuery().split("&"))
                    .map(pair -> URLDecoder.decode(pair, StandardCharsets.UTF_8)).toList();
            assertThat(parameters).contains("webhook_url=" + runner.url().resolve("/webhooks/github-app"),
                    "setup_url=" + runner.url().resolve("/github-app/setup"), "events[]=push",
                    "events[]=workflow_run", "contents=read", "metadata=read", "actions=read", "public=false");

            ObjectNode credentials = Json.MAPPER.createObjectNode().put("appId", Long.toString(github.appId()))
                    .put("privateKey", github.privateKeyPkcs1Pem()).put("apiUrl", github.apiUrl());
            HttpResponse<String> put = api.admin("PUT", "/github-app", credentials.toString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            assertThat(github.callLines()).containsExactly("GET /app");
            assertThat(github.calls().get(0).authorization()).startsWith("Bearer ");

            HttpResponse<String> read = api.admin("GET", "/github-app", null);
            assertThat(read.statusCode()).isEqualTo(200);
            JsonNode app = Json.MAPPER.readTree(read.body());
            assertThat(app.get("slug").asText()).isEqualTo(github.slug());
            assertThat(app.get("webhookUrl").asText()).isEqualTo(runner.url().resolve("/webhooks/github-app").toString());
            for (HttpResponse<String> answer : List.of(put, read)) {
                assertThat(answer.body()).doesNotContain(pending).doesNotContain("PRIVATE KEY");
                github.privateKeyPkcs1Pem().lines().filter(line -> !line.startsWith("-----"))
                        .forEach(line -> assertThat(answer.body()).doesNotContain(line));
            }
            assertThat(api.anonymous("GET", "/github-app", null).statusCode()).isEqualTo(401);

            HttpResponse<String> page = api.anonymous("GET",
                    "/github-app/setup?installation_id=1001&setup_action=install", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
            assertThat(page.body()).contains("installed on <strong>acme</strong>");
            assertThat(api.anonymous("GET", "/github-app/setup?installation_id=777&setup_action=install", null)
                    .statusCode()).isEqualTo(404);
        }
        assertNoClearKeyOnDisk(tmp.resolve("data"));

        github.clearCalls();
        try (LocalRunner runner = start()) {
            AdminApi api = new AdminApi(runner.url(), ADMIN_TOKEN, "unused-secret-0123456");
            JsonNode app = Json.MAPPER.readTree(api.admin("GET", "/github-app", null).body());
            assertThat(app.get("installations").get(0).get("account").asText()).isEqualTo("acme");
            assertThat(api.anonymous("GET", "/github-app/setup?installation_id=1001&setup_action=update", null)
                    .statusCode()).isEqualTo(200);
            assertThat(github.callLines()).containsExactly("GET /app/installations/1001");
        }
    }

    @Test
    void setupPage_answersOtherMethodsWith405_withoutAskingForTheAdminToken() throws Exception {
        try (LocalRunner runner = start()) {
            AdminApi api = new AdminApi(runner.url(), ADMIN_TOKEN, "unused-secret-0123456");

            for (String method : List.of("POST", "PUT", "DELETE")) {
                HttpResponse<String> answer = api.anonymous(method,
                        "/github-app/setup?installation_id=1001&setup_action=install", "{}");
                assertThat(answer.statusCode()).as(method + " " + answer.body()).isEqualTo(405);
                assertThat(Json.MAPPER.readTree(answer.body()).get("message").asText())
                        .isEqualTo(method + " is not allowed on /github-app/setup");
            }
            assertThat(api.anonymous("POST", "/github-app", "{}").statusCode()).isEqualTo(401);
        }
    }

    /** Neither the PEM nor its base64 body is anywhere in the data directory (DynamoDB Local's files included). */
    private void assertNoClearKeyOnDisk(Path dataDir) throws Exception {
        List<String> bodyLines = github.privateKeyPkcs1Pem().lines().filter(line -> !line.startsWith("-----"))
                .limit(3).toList();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain("PRIVATE KEY");
                bodyLines.forEach(line -> assertThat(content).as(file.toString()).doesNotContain(line));
            }
        }
    }
}
