package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.hooks.HooksHandler;
import io.gitbridge.json.Json;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.provider.Signatures;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import io.gitbridge.testkit.git.WorkingClone;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn;
import io.gitbridge.testkit.http.StandInServer;
import io.gitbridge.testkit.listing.ListingStandIn;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Checks the running API against {@code openapi.yaml}: a scenario that calls every documented operation, each
 * answer checked for a documented status and a body the documented schema accepts, so the two cannot drift.
 */
class OpenApiContractIT {

    private static final String ADMIN_TOKEN = "contract-admin-token";
    private static final String SECRET = "contract-webhook-secret-0123";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void everyOperationInOpenApiYaml_answersAsDocumented() throws Exception {
        OpenApiContract contract = new OpenApiContract();
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        ObjectId head;
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("work"))) {
            head = clone.commit(Map.of("README.md", "contract\n"), "first");
            clone.push("main");
        }
        TestIssuer issuer = TestIssuer.create(tmp.resolve("idp"));
        try (LocalRunner runner = LocalRunner.start(
                new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty())
                        .withJwt(issuer.options()), ADMIN_TOKEN)) {
            Api api = new Api(runner.url(), contract);
            ObjectNode hook = Json.MAPPER.createObjectNode()
                    .put("project", "contract")
                    .put("provider", "github")
                    .put("sourceRepo", GitRepos.fileUri(source).toString())
                    .put("branch", "main")
                    .put("secret", SECRET)
                    .put("buildRepo", GitRepos.fileUri(build).toString());
            hook.putObject("events").put("push", true).put("ci", false);

            assertThat(api.call("POST", "/hooks", hook.toString(), null).statusCode()).isEqualTo(401);
            assertThat(api.admin("POST", "/hooks", "{\"project\":").statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", "/hooks", hook.deepCopy().put("branch", "a..b").toString()).statusCode())
                    .isEqualTo(422);
            HttpResponse<String> created = api.admin("POST", "/hooks", hook.toString());
            assertThat(created.statusCode()).isEqualTo(201);
            String id = Json.MAPPER.readTree(created.body()).get("id").asText();
            assertThat(api.admin("POST", "/hooks", hook.toString()).statusCode()).isEqualTo(409);

            assertThat(api.admin("GET", "/hooks?limit=1", null).statusCode()).isEqualTo(200);
            assertThat(api.admin("GET", "/hooks?limit=0", null).statusCode()).isEqualTo(422);
            assertThat(api.admin("GET", "/hooks/" + id, null).statusCode()).isEqualTo(200);
            assertThat(api.admin("GET", "/hooks/hk_missing", null).statusCode()).isEqualTo(404);
            ObjectNode update = hook.deepCopy();
            update.remove("secret");
            assertThat(api.admin("PUT", "/hooks/" + id, update.toString()).statusCode()).isEqualTo(200);
            assertThat(api.admin("PUT", "/hooks/hk_missing", update.toString()).statusCode()).isEqualTo(404);
            assertThat(api.call("PATCH", "/hooks/" + id, "{\"buildBranch\":\"deploy\"}", ADMIN_TOKEN,
                    "application/merge-patch+json").statusCode()).isEqualTo(200);
            assertThat(api.call("PATCH", "/hooks/" + id, "{\"buildBranch\":\"deploy\"}", ADMIN_TOKEN,
                    "application/json").statusCode()).isEqualTo(415);
            assertThat(api.call("PATCH", "/hooks/" + id, "{\"branch\":\"a..b\"}", ADMIN_TOKEN,
                    "application/merge-patch+json").statusCode()).isEqualTo(422);
            assertThat(api.call("PATCH", "/hooks/hk_missing", "{}", ADMIN_TOKEN,
                    "application/merge-patch+json").statusCode()).isEqualTo(404);

            TestDelivery push = Deliveries.of("github").push(SECRET, "main", head.name(), "contract-delivery-1");
            assertThat(api.deliver(id, push).statusCode()).isEqualTo(202);
            assertThat(api.deliver(id, push).statusCode()).isEqualTo(200);
            assertThat(api.deliver("hk_missing", push).statusCode()).isEqualTo(404);
            TestDelivery forged = Deliveries.of("github").push("not-the-secret-0123456", "main", head.name(), "x");
            assertThat(api.deliver(id, forged).statusCode()).isEqualTo(401);
            TestDelivery ci = Deliveries.of("github").ciSuccess(SECRET, "main", head.name(), "contract-delivery-2");
            assertThat(api.deliver(id, ci).statusCode()).isEqualTo(400);
            awaitSync(api, id);

            assertThat(api.admin("GET", "/hooks/" + id + "/deliveries?limit=2", null).statusCode()).isEqualTo(200);
            assertThat(api.admin("GET", "/hooks/" + id + "/deliveries?cursor=nonsense", null).statusCode())
                    .isEqualTo(422);
            assertThat(api.admin("GET", "/hooks/hk_missing/deliveries", null).statusCode()).isEqualTo(404);
            assertThat(api.admin("GET", "/hooks/" + id + "/deliveries/contract-delivery-1", null).statusCode())
                    .isEqualTo(200);
            assertThat(api.admin("GET", "/hooks/" + id + "/deliveries/no-such-delivery", null).statusCode())
                    .isEqualTo(404);
            assertThat(api.admin("POST", "/hooks/" + id + "/sync", null).statusCode()).isEqualTo(202);
            assertThat(api.admin("POST", "/hooks/hk_missing/sync", null).statusCode()).isEqualTo(404);
            assertThat(api.admin("POST", "/hooks/" + id + "/deliveries/contract-delivery-1/redeliver", null).statusCode())
                    .isEqualTo(202);
            assertThat(api.admin("POST", "/hooks/" + id + "/deliveries/no-such-delivery/redeliver", null).statusCode())
                    .isEqualTo(404);

            assertThat(api.admin("GET", "/dead-letters?limit=10", null).statusCode()).isEqualTo(200);
            assertThat(api.admin("GET", "/dead-letters?limit=0", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", "/dead-letters/redrive?hookId=" + id, null).statusCode()).isEqualTo(202);
            assertThat(api.admin("POST", "/dead-letters/redrive?hookId=a%20b", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", "/dead-letters/redrive", null).statusCode()).isEqualTo(202);

            exerciseSecretRotation(api, id, head);
            // Before any app is stored, the app's webhook says so.
            assertThat(api.deliver("github-app", Deliveries.of("github").push(SECRET, "main", head.name(),
                    "contract-app-early")).statusCode()).isEqualTo(404);

            assertThat(api.admin("DELETE", "/hooks/" + id, null).statusCode()).isEqualTo(204);
            assertThat(api.admin("DELETE", "/hooks/" + id, null).statusCode()).isEqualTo(404);

            exerciseProviderDeliveries(api);
            exerciseProjectRoutes(api, issuer, hook, head);
            exercisePicker(api, "", ADMIN_TOKEN);
            exerciseProjectPicker(api, issuer);
            exerciseGitHubApp(api);
            exerciseGitHubAppWebhook(api, runner, hook, head);
            exerciseAppProviderDeliveries(api, runner);
        }

        assertThat(contract.exercisedSuccessfully()).containsExactlyInAnyOrderElementsOf(contract.operations());
    }

    /** The project administrators' routes, with JWTs from a test issuer the runner trusts. */
    private void exerciseProjectRoutes(Api api, TestIssuer issuer, ObjectNode operatorHook, ObjectId head)
            throws Exception {
        String admin = issuer.token("alice", "contract-project");
        String stranger = issuer.token("bob", "elsewhere");
        String expired = issuer.token(c -> c.subject("alice").claim("gitbridge_projects", java.util.List.of("contract"))
                .issueTime(java.util.Date.from(Instant.now().minusSeconds(7200)))
                .notBeforeTime(java.util.Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(java.util.Date.from(Instant.now().minusSeconds(3600))));
        String base = "/projects/contract-project/hook";
        ObjectNode hook = operatorHook.deepCopy();
        hook.remove("project");

        assertThat(api.call("POST", base, hook.toString(), null).statusCode()).isEqualTo(401);
        assertThat(api.call("POST", base, hook.toString(), expired).statusCode()).isEqualTo(401);
        assertThat(api.call("POST", base, hook.toString(), stranger).statusCode()).isEqualTo(403);
        assertThat(api.call("POST", base, "{\"project\":", admin).statusCode()).isEqualTo(400);
        assertThat(api.call("POST", base, hook.deepCopy().put("project", "other").toString(), admin).statusCode())
                .isEqualTo(422);
        assertThat(api.call("GET", base, null, admin).statusCode()).isEqualTo(404);
        HttpResponse<String> created = api.call("POST", base, hook.toString(), admin);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = Json.MAPPER.readTree(created.body()).get("id").asText();
        assertThat(api.call("POST", base, hook.toString(), admin).statusCode()).isEqualTo(409);

        assertThat(api.call("GET", base, null, admin).statusCode()).isEqualTo(200);
        assertThat(api.call("GET", base, null, stranger).statusCode()).isEqualTo(403);
        ObjectNode update = hook.deepCopy();
        update.remove("secret");
        assertThat(api.call("PUT", base, update.toString(), admin).statusCode()).isEqualTo(200);
        assertThat(api.call("PUT", base, update.deepCopy().put("branch", "a..b").toString(), admin).statusCode())
                .isEqualTo(422);
        assertThat(api.call("PATCH", base, "{\"buildBranch\":\"deploy\"}", admin, "application/merge-patch+json")
                .statusCode()).isEqualTo(200);
        assertThat(api.call("PATCH", base, "{\"buildBranch\":\"deploy\"}", admin, "application/json").statusCode())
                .isEqualTo(415);

        TestDelivery push = Deliveries.of("github").push(SECRET, "main", head.name(), "contract-project-delivery");
        assertThat(api.deliver(id, push).statusCode()).isEqualTo(202);
        assertThat(api.call("GET", base + "/deliveries?limit=2", null, admin).statusCode()).isEqualTo(200);
        assertThat(api.call("GET", base + "/deliveries?limit=0", null, admin).statusCode()).isEqualTo(422);
        assertThat(api.call("GET", base + "/deliveries", null, stranger).statusCode()).isEqualTo(403);
        assertThat(api.call("GET", base + "/deliveries/contract-project-delivery", null, admin).statusCode())
                .isEqualTo(200);
        assertThat(api.call("GET", base + "/deliveries/no-such-delivery", null, admin).statusCode()).isEqualTo(404);
        assertThat(api.call("POST", base + "/sync", null, admin).statusCode()).isEqualTo(202);
        assertThat(api.call("POST", base + "/sync", null, null).statusCode()).isEqualTo(401);
        assertThat(api.call("POST", base + "/deliveries/contract-project-delivery/redeliver", null, admin)
                .statusCode()).isEqualTo(202);
        assertThat(api.call("POST", base + "/deliveries/no-such-delivery/redeliver", null, admin).statusCode())
                .isEqualTo(404);
        HttpResponse<String> rotated = api.call("POST", base + "/secret", "{\"graceSeconds\":60}", admin);
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(rotated.body()).get("secret").asText()).hasSize(43);
        assertThat(Json.MAPPER.readTree(rotated.body()).at("/hook/secretRotation/previousValidUntil").isTextual())
                .isTrue();
        assertThat(api.call("POST", base + "/secret", "{\"graceSeconds\":-1}", admin).statusCode()).isEqualTo(422);
        assertThat(api.call("POST", base + "/secret", "{}", stranger).statusCode()).isEqualTo(403);
        assertThat(api.call("POST", base + "/secret", "{}", null).statusCode()).isEqualTo(401);

        assertThat(api.call("DELETE", base, null, stranger).statusCode()).isEqualTo(403);
        assertThat(api.call("DELETE", base, null, admin).statusCode()).isEqualTo(204);
        assertThat(api.call("DELETE", base, null, admin).statusCode()).isEqualTo(404);
    }

    @Test
    void everyAdminRouteTheHandlerServes_isInOpenApiYaml() throws Exception {
        HooksHandler handler = new HooksHandler(null, null, null);
        Set<String> documented = new OpenApiContract().operations().stream()
                .filter(operation -> operation.contains(" /hooks") || operation.contains(" /dead-letters")
                        || operation.contains(" /projects")
                        || operation.contains(" /providers")
                        || operation.contains(" /github-app"))
                .collect(Collectors.toSet());

        assertThat(handler.routeKeys()).containsExactlyInAnyOrderElementsOf(documented);
    }

    /** The GitHub App's routes against the JWT-verifying stand-in: every status the runner can give them. */
    private void exerciseGitHubApp(Api api) throws Exception {
        try (GitHubAppStandIn github = GitHubAppStandIn.start()) {
            github.install(1001, "acme", "Organization").repository(501, "acme/app");
            ObjectNode app = Json.MAPPER.createObjectNode().put("appId", github.appId())
                    .put("privateKey", github.privateKeyPkcs1Pem()).put("apiUrl", github.apiUrl());
            String setup = "/github-app/setup?installation_id=1001&setup_action=install";

            assertThat(api.call("GET", "/github-app/registration-link?owner=acme", null, null).statusCode())
                    .isEqualTo(401);
            assertThat(api.admin("GET", "/github-app/registration-link?owner=a%2Fb", null).statusCode())
                    .isEqualTo(422);
            assertThat(api.admin("GET", "/github-app/registration-link?owner=acme", null).statusCode())
                    .isEqualTo(200);
            assertThat(api.admin("GET", "/github-app", null).statusCode()).isEqualTo(404);
            assertThat(api.call("GET", setup, null, null).statusCode()).isEqualTo(404);
            assertThat(api.call("PUT", "/github-app", app.toString(), null).statusCode()).isEqualTo(401);
            assertThat(api.admin("PUT", "/github-app", "{\"appId\":").statusCode()).isEqualTo(400);
            assertThat(api.call("PUT", "/github-app", app.toString(), ADMIN_TOKEN, "text/plain").statusCode())
                    .isEqualTo(415);
            assertThat(api.admin("PUT", "/github-app", app.deepCopy().put("appId", 31337).toString()).statusCode())
                    .isEqualTo(422);
            github.failNext(503, "{\"message\":\"unavailable\"}", Map.of());
            assertThat(api.admin("PUT", "/github-app", app.toString()).statusCode()).isEqualTo(502);
            github.failNext(429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "5"));
            assertThat(api.admin("PUT", "/github-app", app.toString()).statusCode()).isEqualTo(429);
            assertThat(api.admin("PUT", "/github-app", app.toString()).statusCode()).isEqualTo(201);
            assertThat(api.admin("PUT", "/github-app", app.toString()).statusCode()).isEqualTo(200);
            assertThat(api.admin("GET", "/github-app", null).statusCode()).isEqualTo(200);

            assertThat(api.call("GET", "/github-app/setup?installation_id=x&setup_action=install", null, null)
                    .statusCode()).isEqualTo(400);
            assertThat(api.call("GET", "/github-app/setup?installation_id=9999&setup_action=install", null, null)
                    .statusCode()).isEqualTo(404);
            github.failNext(500, "{}", Map.of());
            assertThat(api.call("GET", setup, null, null).statusCode()).isEqualTo(502);
            HttpResponse<String> page = api.call("GET", setup, null, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
            // Unknown ids until the page's budget of GitHub calls (a burst of 10) is spent: then the 429 page.
            HttpResponse<String> limited = null;
            for (int id = 7000; id < 7011 && (limited == null || limited.statusCode() != 429); id++) {
                limited = api.call("GET", "/github-app/setup?installation_id=" + id + "&setup_action=install", null,
                        null);
            }
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("retry-after")).isPresent();
        }
    }

    /** The picker under /projects/{project}: as the operator's with the project's JWT, 403 with another's. */
    private void exerciseProjectPicker(Api api, TestIssuer issuer) throws Exception {
        String prefix = "/projects/contract-project";
        exercisePicker(api, prefix, issuer.token("alice", "contract-project"));
        String stranger = issuer.token("bob", "elsewhere");
        String body = "{\"token\":\"t\",\"repository\":\"acme/app\"}";
        assertThat(api.call("POST", prefix + "/providers/github/repositories", body, stranger).statusCode())
                .isEqualTo(403);
        assertThat(api.call("POST", prefix + "/providers/github/branches", body, stranger).statusCode())
                .isEqualTo(403);
    }

    /**
     * The repository and branch picker against a GitHub listing stand-in: every status the two routes document.
     *
     * @param prefix before {@code /providers/...}: empty for the operator's routes, {@code /projects/{project}}
     * @param token the caller's bearer token (the admin token, or a project administrator's JWT)
     */
    private void exercisePicker(Api api, String prefix, String token) throws Exception {
        try (StandInServer github = StandInServer.start()) {
            ListingStandIn standIn = ListingStandIn.github();
            standIn.scriptOn(github);
            github.on("GET", "/rejecting/api/v3/user/repos", 401, "{\"message\":\"Bad credentials\"}")
                    .on("GET", "/limited/api/v3/repos/acme/app/branches", 429, "{\"message\":\"slow down\"}",
                            Map.of("Retry-After", "12"))
                    .on("GET", "/down/api/v3/user/repos", 503, "{\"message\":\"unavailable\"}")
                    .on("GET", "/down/api/v3/repos/acme/app/branches", 503, "{\"message\":\"unavailable\"}");
            String repositories = prefix + "/providers/github/repositories";
            String branches = prefix + "/providers/github/branches";
            ObjectNode list = Json.MAPPER.createObjectNode().put("token", ListingStandIn.TOKEN)
                    .put("apiUrl", standIn.apiBase(github));
            ObjectNode branchList = list.deepCopy().put("repository", standIn.repository());

            HttpResponse<String> first = api.call("POST", repositories, list.toString(), token);
            assertThat(first.statusCode()).isEqualTo(200);
            String next = Json.MAPPER.readTree(first.body()).get("next").asText();
            assertThat(api.call("POST", repositories, list.deepCopy().put("cursor", next).toString(), token)
                    .statusCode()).isEqualTo(200);
            assertThat(api.call("POST", branches, branchList.toString(), token).statusCode()).isEqualTo(200);
            for (String path : List.of(repositories, branches)) {
                ObjectNode body = path.equals(branches) ? branchList : list;
                assertThat(api.call("POST", path, body.toString(), null).statusCode()).isEqualTo(401);
                assertThat(api.call("POST", path, "{\"token\":", token).statusCode()).isEqualTo(400);
                assertThat(api.call("POST", path.replace("github", "sourceforge"), body.toString(), token).statusCode())
                        .isEqualTo(404);
                assertThat(api.call("POST", path, body.deepCopy().put("token", "x".repeat(70_000)).toString(), token)
                        .statusCode()).isEqualTo(413);
                assertThat(api.call("POST", path, body.toString(), token, "text/plain").statusCode())
                        .isEqualTo(415);
                assertThat(api.call("POST", path, body.deepCopy().put("cursor", "nonsense").toString(), token)
                        .statusCode()).isEqualTo(422);
                assertThat(api.call("POST", path, body.deepCopy().put("apiUrl", github.url() + "/down/api/v3")
                        .toString(), token).statusCode()).isEqualTo(502);
            }
            assertThat(api.call("POST", repositories, list.deepCopy().put("apiUrl", github.url()
                    + "/rejecting/api/v3").toString(), token).statusCode()).isEqualTo(422);
            HttpResponse<String> limited = api.call("POST", branches, branchList.deepCopy().put("apiUrl", github.url()
                    + "/limited/api/v3").toString(), token);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("retry-after")).contains("12");
            assertThat(api.call("POST", branches, list.toString(), token).statusCode()).isEqualTo(422);
        }
    }

    /**
     * GitHub's side of the delivery log against the testkit's stand-in: a hook registered there, its log listed and
     * paged, one attempt redelivered, a catch-up, and every refusal the three routes document (a catch-up GitHub
     * rate-limits halfway answers 429 with what it already asked for).
     */
    private void exerciseProviderDeliveries(Api api) throws Exception {
        String token = "ghp_contractDeliveryLog0123456789";
        try (GitHubDeliveryLogStandIn github = GitHubDeliveryLogStandIn.start("/api/v3", token)) {
            ObjectNode create = Json.MAPPER.createObjectNode()
                    .put("project", "contract-github-log")
                    .put("provider", "github")
                    .put("sourceRepo", "https://github.example.com/acme/app.git")
                    .put("branch", "main")
                    .put("secret", SECRET)
                    .put("token", token)
                    .put("buildRepo", GitRepos.fileUri(tmp.resolve("build.git")).toString())
                    .put("apiUrl", github.apiUrl())
                    .put("register", true);
            create.putObject("events").put("push", true).put("ci", false);
            HttpResponse<String> created = api.admin("POST", "/hooks", create.toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = Json.MAPPER.readTree(created.body()).get("id").asText();
            long webhook = github.webhookId();
            byte[] payload = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
            Instant now = Instant.now();
            GitHubDeliveryLogStandIn.Attempt first = github.logOnly(webhook, "push", payload, 500, now.minusSeconds(300));
            github.logOnly(webhook, "push", payload, 0, now.minusSeconds(200));
            github.logOnly(webhook, "push", payload, 200, now.minusSeconds(100));
            String list = "/hooks/" + id + "/provider-deliveries";
            String redeliver = list + "/" + first.id() + "/redeliver";
            String since = URLEncoder.encode(now.minusSeconds(3600).toString(), StandardCharsets.UTF_8);
            String catchUp = "/hooks/" + id + "/catch-up?since=" + since;
            ObjectNode other = create.deepCopy().put("project", "contract-github-plain")
                    .put("sourceRepo", "https://github.example.com/acme/plain.git").put("register", false);
            other.remove("token");
            HttpResponse<String> plain = api.admin("POST", "/hooks", other.toString());
            assertThat(plain.statusCode()).as(plain.body()).isEqualTo(201);
            String plainId = Json.MAPPER.readTree(plain.body()).get("id").asText();
            Map<String, String> rateLimited = Map.of("X-RateLimit-Remaining", "0",
                    "X-RateLimit-Reset", Long.toString(now.getEpochSecond() + 120));

            HttpResponse<String> page = api.admin("GET", list + "?limit=2", null);
            assertThat(page.statusCode()).isEqualTo(200);
            String next = Json.MAPPER.readTree(page.body()).get("next").asText();
            assertThat(api.admin("GET", list + "?limit=2&cursor=" + next, null).statusCode()).isEqualTo(200);
            assertThat(api.admin("POST", redeliver, null).statusCode()).isEqualTo(202);
            github.awaitRedeliveries(Duration.ofSeconds(10));
            for (String path : List.of(list, redeliver, catchUp)) {
                String method = path.equals(list) ? "GET" : "POST";
                assertThat(api.call(method, path, null, null).statusCode()).isEqualTo(401);
                assertThat(api.admin(method, path.replace(id, "hk_missing"), null).statusCode()).isEqualTo(404);
                assertThat(api.admin(method, path.replace(id, plainId), null).statusCode()).isEqualTo(409);
                github.answerNext(401, Map.of(), "Bad credentials");
                assertThat(api.admin(method, path, null).statusCode()).isEqualTo(422);
                github.answerNext(403, rateLimited, "API rate limit exceeded");
                assertThat(api.admin(method, path, null).statusCode()).isEqualTo(429);
                github.answerNext(502, Map.of(), "Server Error");
                assertThat(api.admin(method, path, null).statusCode()).isEqualTo(502);
            }
            assertThat(api.admin("GET", list + "?limit=0", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("GET", list + "?cursor=bm9wZQ", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", list + "/not-a-number/redeliver", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", list + "/999999999/redeliver", null).statusCode()).isEqualTo(404);
            assertThat(api.admin("POST", "/hooks/" + id + "/catch-up?since=soon", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", "/hooks/" + id + "/catch-up?since="
                    + URLEncoder.encode(now.minusSeconds(8 * 86_400).toString(), StandardCharsets.UTF_8), null)
                    .statusCode()).isEqualTo(422);

            github.answerAttemptAfter(1, 403, rateLimited, "API rate limit exceeded");
            HttpResponse<String> halfway = api.admin("POST", catchUp, null);
            assertThat(halfway.statusCode()).as(halfway.body()).isEqualTo(429);
            JsonNode stopped = Json.MAPPER.readTree(halfway.body());
            assertThat(stopped.get("requested")).hasSize(1);
            assertThat(stopped.get("skipped").toString()).contains("\"why\":\"stopped\"");
            github.awaitRedeliveries(Duration.ofSeconds(10));
            HttpResponse<String> caughtUp = api.admin("POST", catchUp, null);
            assertThat(caughtUp.statusCode()).as(caughtUp.body()).isEqualTo(200);
            github.awaitRedeliveries(Duration.ofSeconds(10));
        }
    }

    /**
     * The GitHub App's webhook log against the testkit's stand-in, JWTs verified by the app stand-in. The app is
     * stored in the runner's table as {@code PUT /github-app} stores it (replacing any app stored before, so this runs
     * after the app's own routes are exercised); 409 without an app is covered by HooksHandlerAppDeliveriesIT.
     */
    private void exerciseAppProviderDeliveries(Api api, LocalRunner runner) throws Exception {
        try (GitHubAppStandIn appKeys = GitHubAppStandIn.start();
             GitHubDeliveryLogStandIn github = GitHubDeliveryLogStandIn.start("/api/v3", "unused-token")
                     .appAuthorization(appKeys::acceptsJwt)
                     .appWebhook(runner.url().resolve("/webhooks/github-app").toString(), SECRET)) {
            String since = URLEncoder.encode(Instant.now().minusSeconds(3600).toString(), StandardCharsets.UTF_8);
            String list = "/github-app/provider-deliveries";
            String catchUp = "/github-app/catch-up?since=" + since;
            GitHubAppStore store = new AwsRuntime(runner.config())
                    .gitHubApp(LocalKeyTokenCipher.inDirectory(tmp.resolve("data"))).orElseThrow();
            store.putApp(new GitHubApp(appKeys.appId(), appKeys.clientId(), appKeys.slug(), appKeys.name(),
                    appKeys.owner(), "github.example.com", github.apiUrl(), SECRET), appKeys.privateKeyPkcs1Pem(),
                    Instant.now());
            byte[] payload = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
            GitHubDeliveryLogStandIn.Attempt failed = github.logOnly(0, "push", payload, 502,
                    Instant.now().minusSeconds(60), 555L);
            github.logOnly(0, "installation", payload, 200, Instant.now().minusSeconds(30), null);
            String redeliver = list + "/" + failed.id() + "/redeliver";
            Map<String, String> rateLimited = Map.of("X-RateLimit-Remaining", "0",
                    "X-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 120));

            assertThat(api.admin("GET", list + "?limit=1", null).statusCode()).isEqualTo(200);
            assertThat(api.admin("POST", redeliver, null).statusCode()).isEqualTo(202);
            github.awaitRedeliveries(Duration.ofSeconds(10));
            assertThat(api.admin("POST", catchUp, null).statusCode()).isEqualTo(200);
            github.awaitRedeliveries(Duration.ofSeconds(10));
            for (String path : List.of(list, redeliver, catchUp)) {
                String method = path.equals(list) ? "GET" : "POST";
                assertThat(api.call(method, path, null, null).statusCode()).isEqualTo(401);
                github.answerNext(401, Map.of(), "A JSON web token could not be decoded");
                assertThat(api.admin(method, path, null).statusCode()).isEqualTo(422);
                github.answerNext(429, Map.of("Retry-After", "7"), "secondary rate limit");
                assertThat(api.admin(method, path, null).statusCode()).isEqualTo(429);
                github.answerNext(503, Map.of(), "Service Unavailable");
                assertThat(api.admin(method, path, null).statusCode()).isEqualTo(502);
            }
            github.answerNext(403, rateLimited, "API rate limit exceeded");
            assertThat(api.admin("GET", list, null).headers().firstValue("retry-after")).isPresent();
            assertThat(api.admin("GET", list + "?cursor=bm9wZQ", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", list + "/0/redeliver", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", list + "/424242424/redeliver", null).statusCode()).isEqualTo(404);
            assertThat(api.admin("POST", "/github-app/catch-up", null).statusCode()).isEqualTo(400);
            assertThat(api.admin("POST", "/github-app/catch-up?since=" + URLEncoder.encode(
                    Instant.now().plusSeconds(3600).toString(), StandardCharsets.UTF_8), null).statusCode())
                    .isEqualTo(422);
        }
    }

    /** POST /hooks/{id}/secret: generated and chosen secrets, bad input, unknown hook; the hook and log after it. */
    private static void exerciseSecretRotation(Api api, String id, ObjectId head) throws Exception {
        // Without a body: the front answers 401 before reading one.
        assertThat(api.call("POST", "/hooks/" + id + "/secret", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> generated = api.admin("POST", "/hooks/" + id + "/secret", "{\"graceSeconds\":600}");
        assertThat(generated.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(generated.body()).get("secret").asText()).hasSize(43);
        assertThat(api.admin("POST", "/hooks/" + id + "/secret", "{\"secret\":\"contract-rotated-secret-0\"}")
                .statusCode()).isEqualTo(200);
        assertThat(api.admin("POST", "/hooks/" + id + "/secret", "{\"graceSeconds\":604801}").statusCode())
                .isEqualTo(422);
        assertThat(api.admin("POST", "/hooks/" + id + "/secret", "{\"secret\":").statusCode()).isEqualTo(400);
        assertThat(api.call("POST", "/hooks/" + id + "/secret", "{}", ADMIN_TOKEN, "text/plain").statusCode())
                .isEqualTo(415);
        assertThat(api.admin("POST", "/hooks/hk_missing/secret", "{}").statusCode()).isEqualTo(404);
        assertThat(api.admin("GET", "/hooks/" + id, null).statusCode()).isEqualTo(200);
        // The secret before the last rotation still verifies, and the log says so.
        TestDelivery previous = Deliveries.of("github").push(Json.MAPPER.readTree(generated.body()).get("secret")
                .asText(), "main", head.name(), "contract-delivery-previous");
        assertThat(api.deliver(id, previous).statusCode()).isEqualTo(202);
        HttpResponse<String> entry = api.admin("GET", "/hooks/" + id + "/deliveries/contract-delivery-previous", null);
        assertThat(Json.MAPPER.readTree(entry.body()).get("verifiedWith").asText()).isEqualTo("previous");
    }

    /**
     * POST /webhooks/github-app with an app whose webhook secret the test knows (stored as PUT /github-app stores it,
     * replacing the one exerciseGitHubApp stored) and a hook routed to acme/app: ping, installation recorded, push
     * queued for the hook, duplicate, another repository ignored, an event the app does not take, a forged signature.
     */
    private void exerciseGitHubAppWebhook(Api api, LocalRunner runner, ObjectNode operatorHook, ObjectId head)
            throws Exception {
        HttpResponse<String> created = api.admin("POST", "/hooks", operatorHook.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String hookId = Json.MAPPER.readTree(created.body()).get("id").asText();
        String appSecret = "contract-app-webhook-secret";
        TestDelivery push = Deliveries.of("github").push(appSecret, "main", head.name(), "contract-app-push");
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(runner.config());
                GitHubAppStandIn github = GitHubAppStandIn.start()) {
            DynamoGitHubAppStore store = new DynamoGitHubAppStore(dynamoDb,
                    runner.config().gitHubAppTable().orElseThrow(), LocalKeyTokenCipher.inDirectory(tmp.resolve("data")));
            store.putApp(new GitHubApp(github.appId(), github.clientId(), github.slug(), github.name(), github.owner(),
                    "github.com", GitHubApp.GITHUB_API, appSecret), github.privateKeyPkcs1Pem(), Instant.now());
            store.addRoutes(hookId, 186853002L, "acme/app");
        }
        assertThat(api.deliver("github-app", appSigned(appSecret, "ping", "{\"zen\":\"Keep it simple.\"}",
                "contract-app-ping")).statusCode()).isEqualTo(200);
        assertThat(api.deliver("github-app", appSigned(appSecret, "installation", "{\"action\":\"created\","
                + "\"installation\":{\"id\":42,\"account\":{\"login\":\"acme\",\"type\":\"Organization\"},"
                + "\"repository_selection\":\"all\",\"suspended_at\":null,\"updated_at\":\"2026-11-30T06:00:00Z\"}}",
                "contract-app-installation")).statusCode()).isEqualTo(200);
        assertThat(api.deliver("github-app", push).statusCode()).isEqualTo(202);
        assertThat(api.deliver("github-app", Deliveries.of("github").push(appSecret, "main", head.name(),
                "contract-app-push")).statusCode()).isEqualTo(200);
        String other = new String(push.body(), StandardCharsets.UTF_8).replace("acme/app", "acme/other")
                .replace("186853002", "999");
        assertThat(api.deliver("github-app", appSigned(appSecret, "push", other, "contract-app-other")).statusCode())
                .isEqualTo(200);
        assertThat(api.deliver("github-app", appSigned(appSecret, "issues", "{}", "contract-app-issues"))
                .statusCode()).isEqualTo(400);
        assertThat(api.deliver("github-app", Deliveries.of("github").push("not-the-app-secret", "main", head.name(),
                "contract-app-forged")).statusCode()).isEqualTo(401);
    }

    /** A GitHub delivery signed with {@code secret}. */
    private static TestDelivery appSigned(String secret, String event, String body, String guid) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new TestDelivery(Map.of("Content-Type", "application/json", "User-Agent", "GitHub-Hookshot/test",
                "X-GitHub-Event", event, "X-GitHub-Delivery", guid, "X-Hub-Signature-256", "sha256="
                        + Signatures.hex(Signatures.hmacSha256(secret, bytes))), bytes);
    }

    private void awaitSync(Api api, String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode hook = Json.MAPPER.readTree(api.admin("GET", "/hooks/" + id, null).body());
            if (!hook.get("lastSync").isNull()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no sync within 60 s");
    }

    /** Calls the runner and checks every answer against the contract. */
    private final class Api {
        private final URI base;
        private final OpenApiContract contract;

        Api(URI base, OpenApiContract contract) {
            this.base = base;
            this.contract = contract;
        }

        HttpResponse<String> admin(String method, String pathAndQuery, String body) throws Exception {
            return call(method, pathAndQuery, body, ADMIN_TOKEN);
        }

        HttpResponse<String> call(String method, String pathAndQuery, String body, String token) throws Exception {
            return call(method, pathAndQuery, body, token, "application/json");
        }

        HttpResponse<String> call(String method, String pathAndQuery, String body, String token, String contentType)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .header("content-type", contentType);
            if (token != null) {
                request.header("authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            contract.check(method, URI.create(pathAndQuery).getPath(), contentType,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8), response);
            return response;
        }

        HttpResponse<String> deliver(String hookId, TestDelivery delivery) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/webhooks/" + hookId))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
            delivery.headers().forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = delivery.headers().entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase("content-type")).map(Map.Entry::getValue)
                    .findFirst().orElseThrow();
            contract.check("POST", "/webhooks/" + hookId, contentType, delivery.body(), response);
            return response;
        }
    }
}
