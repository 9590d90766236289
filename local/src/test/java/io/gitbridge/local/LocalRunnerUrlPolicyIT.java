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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runner started with {@code --url-policy deployed} applies exactly the deployed URL rules over its real admin
 * API: hooks that point at internal addresses get 422 naming the field and the reason, and nothing is stored. Under
 * the default local rules, file URLs and loopback work, and a token never goes over plain http to another host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunnerUrlPolicyIT {

    private static final String ADMIN_TOKEN = "url-policy-admin-token-for-tests";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    private static LocalRunner deployed;

    @BeforeAll
    static void startDeployedRunner() throws Exception {
        deployed = LocalRunner.start(RunnerOptions.parse("--port", "0", "--data-dir", shared.resolve("data").toString(),
                "--url-policy", "deployed"), ADMIN_TOKEN);
    }

    @AfterAll
    static void stopDeployedRunner() {
        if (deployed != null) {
            deployed.close();
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @Order(1)
    @CsvSource(delimiter = '|', value = {
            "sourceRepo | file:///srv/git/app.git                | file:// repositories are accepted only by the local runner",
            "sourceRepo | http://github.com/acme/app.git         | must be an https URL (plain http is accepted only by the local runner)",
            "sourceRepo | https://127.0.0.1/acme/app.git         | has a host that is a loopback address",
            "sourceRepo | https://localhost:8443/acme/app.git    | has a host that is a loopback name",
            "sourceRepo | https://169.254.169.254/latest         | has a host that is a link-local address (169.254.0.0/16",
            "sourceRepo | https://10.0.0.5/acme/app.git          | has a host that is a private address (RFC 1918)",
            "sourceRepo | https://172.20.1.1/acme/app.git        | has a host that is a private address (RFC 1918)",
            "sourceRepo | https://192.168.1.1/acme/app.git       | has a host that is a private address (RFC 1918)",
            "sourceRepo | https://100.64.1.1/acme/app.git        | has a host that is a carrier-grade NAT address",
            "sourceRepo | https://0.0.0.0/acme/app.git           | has a host that is an unspecified",
            "sourceRepo | https://[::1]/acme/app.git             | has a host that is a loopback address",
            "sourceRepo | https://[::ffff:169.254.169.254]/a.git | has a host that is a link-local address",
            "sourceRepo | https://[fe80::1]/acme/app.git         | has a host that is a link-local address (fe80::/10)",
            "sourceRepo | https://[fd00::1]/acme/app.git         | has a host that is a unique-local address (fc00::/7)",
            "sourceRepo | https://[ff02::1]/acme/app.git         | has a host that is a multicast address",
            "sourceRepo | https://2130706433/acme/app.git        | has a host that is a numeric host spelling",
            "sourceRepo | https://0x7f.1/acme/app.git            | has a host that is a numeric host spelling",
            "sourceRepo | https://017700000001/acme/app.git      | has a host that is a numeric host spelling",
            "sourceRepo | https://127.1/acme/app.git             | has a host that is a numeric host spelling",
            "buildRepo  | https://127.0.0.1:9418/build.git       | has a host that is a loopback address",
            "buildRepo  | https://239.1.1.1/build.git            | has a host that is a multicast address",
            "apiUrl     | https://192.168.0.10/api/v3            | has a host that is a private address (RFC 1918)",
    })
    void deployedPolicy_refusesInternalAddresses_with422_andStoresNothing(String field, String url, String reason)
            throws Exception {
        LocalRunner runner = deployed;
        {
            ObjectNode hook = hook("https://github.com/acme/app.git", "https://git.example.net/build/app.git");
            hook.put(field, url);

            HttpResponse<String> created = send("POST", runner.url().resolve("/hooks"), hook.toString());

            assertThat(created.statusCode()).isEqualTo(422);
            JsonNode body = Json.MAPPER.readTree(created.body());
            assertThat(body.get("error").asText()).isEqualTo("validation");
            assertThat(body.get("fields").size()).isEqualTo(1);
            assertThat(body.get("fields").get(field).asText()).startsWith(reason);
            JsonNode listed = Json.MAPPER.readTree(send("GET", runner.url().resolve("/hooks"), null).body());
            assertThat(listed.get("_embedded").get("hooks")).isEmpty();
        }
    }

    @Test
    @Order(2)
    void localPolicy_acceptsFileUrlsAndLoopback_butNoTokenOverPlainHttpToAnotherHost() throws Exception {
        // One durable ElasticMQ per JVM (its SQL persistence keeps a process-wide pool): the deployed runner goes first.
        stopDeployedRunner();
        deployed = null;
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        RunnerOptions options = RunnerOptions.parse("--port", "0", "--data-dir", tmp.resolve("data").toString());
        try (LocalRunner runner = LocalRunner.start(options, ADMIN_TOKEN)) {
            ObjectNode overHttp = hook("http://git.example.org/acme/app.git", GitRepos.fileUri(source).toString());
            overHttp.put("token", "ghp_mustNotTravelInClearText");
            HttpResponse<String> refused = send("POST", runner.url().resolve("/hooks"), overHttp.toString());
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(Json.MAPPER.readTree(refused.body()).get("fields").get("sourceRepo").asText())
                    .startsWith("must be an https URL: over plain http the token would travel in clear text");

            ObjectNode loopback = hook("http://127.0.0.1:9/acme/app.git", GitRepos.fileUri(source).toString());
            loopback.put("token", "ghp_loopbackStaysOnThisMachine");
            assertThat(send("POST", runner.url().resolve("/hooks"), loopback.toString()).statusCode()).isEqualTo(201);
        }
    }

    private static ObjectNode hook(String sourceRepo, String buildRepo) {
        ObjectNode hook = Json.MAPPER.createObjectNode()
                .put("project", "acme-app")
                .put("provider", "github")
                .put("sourceRepo", sourceRepo)
                .put("branch", "main")
                .put("secret", "a-webhook-secret-of-some-length")
                .put("buildRepo", buildRepo);
        hook.putObject("events").put("push", true).put("ci", false);
        return hook;
    }

    private HttpResponse<String> send(String method, URI uri, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + ADMIN_TOKEN);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
