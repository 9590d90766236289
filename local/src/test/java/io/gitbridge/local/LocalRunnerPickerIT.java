package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.net.SecretForms;
import io.gitbridge.testkit.http.StandInServer;
import io.gitbridge.testkit.listing.ListingStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository and branch picker end to end through the local runner in a process of its own: for each of the eight
 * providers, two pages of repositories and two of branches from its listing stand-in through the runner's HTTP front;
 * then a refused token, a rate limit and a provider down. Afterwards neither the runner's output nor any file in its
 * data directory holds the token in any form.
 */
class LocalRunnerPickerIT {

    private static final String ADMIN_TOKEN = "picker-admin-token-0123456789";
    private static final String TOKEN = ListingStandIn.TOKEN;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void everyProvidersRepositoriesAndBranches_listThroughTheRunner_andTheTokenIsNeitherStoredNorLogged()
            throws Exception {
        Path dataDir = tmp.resolve("data");
        String output;
        try (RunnerProcess runner = RunnerProcess.start(dataDir, ADMIN_TOKEN, 5)) {
            for (ListingStandIn standIn : ListingStandIn.all()) {
                try (StandInServer server = StandInServer.start()) {
                    standIn.scriptOn(server);
                    assertPagesThrough(runner.url(), standIn, server);
                }
            }
            try (StandInServer github = StandInServer.start()) {
                github.on("GET", "/api/v3/user/repos", 401, "{\"message\":\"Bad credentials " + TOKEN + "\"}")
                        .on("GET", "/api/v3/repos/acme/app/branches", 429, "{\"message\":\"slow down\"}",
                                Map.of("Retry-After", "9"));
                ObjectNode body = Json.MAPPER.createObjectNode().put("token", TOKEN)
                        .put("apiUrl", github.url() + "/api/v3");

                HttpResponse<String> rejected = post(runner.url(), "/providers/github/repositories", body);
                HttpResponse<String> limited = post(runner.url(), "/providers/github/branches",
                        body.deepCopy().put("repository", "acme/app"));
                String down = github.url();
                github.close();
                HttpResponse<String> unreachable = post(runner.url(), "/providers/github/repositories",
                        body.deepCopy().put("apiUrl", down + "/api/v3"));

                assertThat(rejected.statusCode()).isEqualTo(422);
                assertThat(Json.MAPPER.readTree(rejected.body()).get("error").asText()).isEqualTo("token_rejected");
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.headers().firstValue("retry-after")).contains("9");
                assertThat(unreachable.statusCode()).isEqualTo(502);
                for (HttpResponse<String> response : List.of(rejected, limited, unreachable)) {
                    assertNoForm(response.body(), "an answer");
                }
            }
            assertThat(runner.sigterm()).isEqualTo(143);
            output = runner.output();
        }

        assertThat(output).contains("gitbridge listening on");
        assertNoForm(output, "the runner's output");
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertNoForm(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
            }
        }
    }

    private void assertPagesThrough(URI runner, ListingStandIn standIn, StandInServer server) throws Exception {
        String provider = standIn.provider();
        ObjectNode body = Json.MAPPER.createObjectNode().put("token", TOKEN).put("apiUrl", standIn.apiBase(server));
        List<String> repositories = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        collect(runner, "/providers/" + provider + "/repositories", body, "fullName", repositories);
        collect(runner, "/providers/" + provider + "/branches",
                body.deepCopy().put("repository", standIn.repository()), "name", branches);

        List<String> expectedRepositories = new ArrayList<>();
        standIn.repositoryPages().forEach(page -> page.forEach(r -> expectedRepositories.add(r.fullName())));
        List<String> expectedBranches = new ArrayList<>();
        standIn.branchPages().forEach(expectedBranches::addAll);
        assertThat(repositories).as(provider).containsExactlyElementsOf(expectedRepositories);
        assertThat(branches).as(provider).containsExactlyElementsOf(expectedBranches);
        List<String> calls = new ArrayList<>(standIn.repositoryCalls());
        calls.addAll(standIn.branchCalls());
        assertThat(server.calls()).as(provider).containsExactlyElementsOf(calls);
        assertThat(server.requests()).allSatisfy(request ->
                assertThat(request.header("Authorization")).isEqualTo(standIn.authorization()));
    }

    /** Follows {@code next} until it is null, adding each item's {@code field}; at most 10 pages. */
    private void collect(URI runner, String path, ObjectNode body, String field, List<String> into) throws Exception {
        ObjectNode request = body.deepCopy();
        for (int pages = 0; pages < 10; pages++) {
            HttpResponse<String> response = post(runner, path, request);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            assertNoForm(response.body(), "an answer");
            JsonNode page = Json.MAPPER.readTree(response.body());
            page.get("items").forEach(item -> into.add(item.get(field).asText()));
            if (page.get("next").isNull()) {
                return;
            }
            request.put("cursor", page.get("next").asText());
        }
        throw new AssertionError(path + " did not end within 10 pages");
    }

    private HttpResponse<String> post(URI runner, String path, ObjectNode body) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(runner.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoForm(String text, String where) {
        for (String form : SecretForms.of(TOKEN)) {
            assertThat(text).as("%s holds the token as %s", where, form).doesNotContain(form);
        }
    }
}
