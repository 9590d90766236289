package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.http.StandInServer;
import io.gitbridge.testkit.listing.ListingStandIn;
import io.gitbridge.testkit.listing.ListingStandIn.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repository and branch picker through the handler's API Gateway interface, against each provider's listing
 * stand-in over real HTTP: two pages each way with opaque cursors, every bad body answered 400/404/422 naming the
 * problem, and provider failures as 422 (token), 429 (rate limit, with Retry-After) and 502 (down).
 */
class HooksHandlerProvidersIT {

    private static final String TOKEN = ListingStandIn.TOKEN;

    private StandInServer server;
    private HooksHandler handler;

    @BeforeEach
    void start() {
        server = StandInServer.start();
        handler = new HooksHandler(new HookService(null, new HookValidator(Providers.standard(), true),
                Clock.systemUTC()), null, new PublicUrl(Optional.empty()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<ListingStandIn> standIns() {
        return ListingStandIn.all().stream();
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void repositories_pagesWithAnOpaqueCursor(ListingStandIn standIn) {
        standIn.scriptOn(server);

        JsonNode first = ok(call(standIn.provider(), "repositories", body(standIn)));
        JsonNode second = ok(call(standIn.provider(), "repositories", body(standIn).put("cursor",
                first.get("next").asText())));

        assertThat(first.get("items")).isEqualTo(items(standIn.repositoryPages().get(0)));
        assertThat(first.get("next").asText()).matches("[A-Za-z0-9_-]+")
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(server.url()
                        .getBytes(StandardCharsets.UTF_8)).substring(0, 8));
        assertThat(second.get("items")).isEqualTo(items(standIn.repositoryPages().get(1)));
        assertThat(second.get("next").isNull()).isTrue();
        assertThat(server.calls()).containsExactlyElementsOf(standIn.repositoryCalls());
        assertThat(server.requests()).allSatisfy(request ->
                assertThat(request.header("Authorization")).isEqualTo(standIn.authorization()));
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void branches_pagesWithAnOpaqueCursor(ListingStandIn standIn) {
        standIn.scriptOn(server);

        JsonNode first = ok(call(standIn.provider(), "branches", body(standIn).put("repository",
                standIn.repository())));
        JsonNode second = ok(call(standIn.provider(), "branches", body(standIn).put("repository",
                standIn.repository()).put("cursor", first.get("next").asText())));

        assertThat(first.get("items")).isEqualTo(names(standIn.branchPages().get(0)));
        assertThat(second.get("items")).isEqualTo(names(standIn.branchPages().get(1)));
        assertThat(second.get("next").isNull()).isTrue();
        assertThat(server.calls()).containsExactlyElementsOf(standIn.branchCalls());
    }

    @Test
    void unknownProvider_is404_namingIt() throws IOException {
        APIGatewayV2HTTPResponse response = call("sourceforge", "repositories", body(ListingStandIn.github()));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).contains("no provider sourceforge");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void bodyThatIsNotJson_is400() {
        assertThat(call("github", "repositories", "{\"token\":").getStatusCode()).isEqualTo(400);
        assertThat(call("github", "repositories", "[1]").getStatusCode()).isEqualTo(400);
    }

    @Test
    void missingToken_is422_namingTheField() throws IOException {
        APIGatewayV2HTTPResponse response = call("github", "repositories", "{}");

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get("token").asText()).isEqualTo("is required");
    }

    @Test
    void badFields_are422_eachNamed() throws IOException {
        ObjectNode body = body(ListingStandIn.github()).put("query", "x".repeat(101)).put("shape", "round");
        body.put("token", 42);

        JsonNode fields = json(call("github", "repositories", body.toString())).get("fields");

        assertThat(fields.get("token").asText()).isEqualTo("must be a string");
        assertThat(fields.get("query").asText()).isEqualTo("must be at most 100 characters");
        assertThat(fields.get("shape").asText()).startsWith("unknown field");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void tokenWithAControlCharacter_is422() throws IOException {
        ObjectNode body = body(ListingStandIn.github()).put("token", "abc\ndef");

        assertThat(json(call("github", "repositories", body.toString())).get("fields").get("token").asText())
                .contains("control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gitea", "gogs", "bitbucket-server", "azure-devops"})
    void missingApiUrl_forASelfHostedProvider_is422_withAnExample(String provider) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("token", TOKEN);

        APIGatewayV2HTTPResponse response = call(provider, "repositories", body.toString());

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get("apiUrl").asText()).startsWith("is required for provider "
                + provider).contains("https://");
    }

    @Test
    void apiUrlWithCredentialsOrAnotherScheme_is422() throws IOException {
        ObjectNode withCredentials = body(ListingStandIn.gitea()).put("apiUrl", "https://u:p@gitea.example.com/api/v1");
        ObjectNode ftp = body(ListingStandIn.gitea()).put("apiUrl", "ftp://gitea.example.com/api/v1");

        assertThat(json(call("gitea", "repositories", withCredentials.toString())).get("fields").get("apiUrl").asText())
                .contains("credentials");
        assertThat(json(call("gitea", "repositories", ftp.toString())).get("fields").get("apiUrl").asText())
                .contains("http");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void cursorThisListNeverGave_is422() throws IOException {
        ListingStandIn github = ListingStandIn.github();
        String other = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "1\ngitlab\nrepositories\n2".getBytes(StandardCharsets.UTF_8));
        String branches = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "1\ngithub\nbranches\n2".getBytes(StandardCharsets.UTF_8));
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("1\ngithub\nrepositories\n" + server.url() + "/steal").getBytes(StandardCharsets.UTF_8));

        for (String cursor : List.of("not base64 !", other, branches, url, "")) {
            APIGatewayV2HTTPResponse response = call("github", "repositories", body(github).put("cursor", cursor));
            assertThat(response.getStatusCode()).as(cursor).isEqualTo(422);
            assertThat(json(response).get("fields").get("cursor").asText()).as(cursor)
                    .contains("not a cursor this list gave");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void branches_withoutARepository_orOfTheWrongShape_is422() throws IOException {
        ListingStandIn github = ListingStandIn.github();

        assertThat(json(call("github", "branches", body(github))).get("fields").get("repository").asText())
                .isEqualTo("is required");
        assertThat(json(call("github", "branches", body(github).put("repository", "acme"))).get("fields")
                .get("repository").asText()).contains("owner/name");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void tokenTheProviderRefuses_is422_sayingWhichScopesItNeeds() throws IOException {
        server.on("GET", "/api/v3/user/repos", 401, "{\"message\":\"Bad credentials\"}");

        APIGatewayV2HTTPResponse response = call("github", "repositories", body(ListingStandIn.github()));

        assertThat(response.getStatusCode()).isEqualTo(422);
        JsonNode error = json(response);
        assertThat(error.get("error").asText()).isEqualTo("token_rejected");
        assertThat(error.get("message").asText()).contains("HTTP 401").contains("Metadata read").contains("repo scope");
        assertThat(response.getBody()).doesNotContain(TOKEN);
    }

    @Test
    void forbiddenOnBranches_is422_namingTheRepository() throws IOException {
        server.on("GET", "/api/v4/projects/group%2Fapp/repository/branches", 403, "{\"message\":\"403 Forbidden\"}");

        APIGatewayV2HTTPResponse response = call("gitlab", "branches", body(ListingStandIn.gitlab())
                .put("repository", "group/app"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("message").asText()).contains("read_api").contains("group/app");
    }

    @Test
    void providerFailing_is502() throws IOException {
        server.on("GET", "/api/v3/user/repos", 503, "{\"message\":\"unavailable\"}");

        APIGatewayV2HTTPResponse response = call("github", "repositories", body(ListingStandIn.github()));

        assertThat(response.getStatusCode()).isEqualTo(502);
        assertThat(json(response).get("error").asText()).isEqualTo("provider_unavailable");
    }

    @Test
    void providerUnreachable_is502() throws IOException {
        ObjectNode body = body(ListingStandIn.github());
        server.close();

        APIGatewayV2HTTPResponse response = call("github", "repositories", body);

        assertThat(response.getStatusCode()).isEqualTo(502);
        assertThat(json(response).get("message").asText()).contains("could not be reached");
        assertThat(response.getBody()).doesNotContain(TOKEN);
        server = StandInServer.start();
    }

    @Test
    void rateLimit_is429_withTheProvidersRetryAfter() throws IOException {
        server.on("GET", "/api/v1/user/repos", 429, "{\"message\":\"rate limited\"}", Map.of("Retry-After", "30"));

        APIGatewayV2HTTPResponse response = call("gitea", "repositories", body(ListingStandIn.gitea()));

        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(response.getHeaders()).containsEntry("retry-after", "30");
        assertThat(json(response).get("error").asText()).isEqualTo("rate_limited");
    }

    @Test
    void exhaustedRateLimit_403_is429_untilTheReset_bounded() {
        long reset = Instant.now().getEpochSecond() + 7200;
        server.on("GET", "/api/v3/user/repos", 403, "{\"message\":\"API rate limit exceeded\"}",
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset)));

        APIGatewayV2HTTPResponse response = call("github", "repositories", body(ListingStandIn.github()));

        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(response.getHeaders()).containsEntry("retry-after", "3600");
    }

    @Test
    void query_isSentAsTheProvidersSearch_whereItHasOne() {
        server.on("GET", "/api/v4/projects", 200, "[]");

        ok(call("gitlab", "repositories", body(ListingStandIn.gitlab()).put("query", "my app")));

        assertThat(server.calls()).containsExactly("GET /api/v4/projects?membership=true&order_by=path&sort=asc"
                + "&search=my+app&search_namespaces=true&per_page=30&page=1");
    }

    @Test
    void query_filtersThePage_whereTheProviderHasNoSearch() {
        ListingStandIn.github().scriptOn(server);

        JsonNode page = ok(call("github", "repositories", body(ListingStandIn.github()).put("query", "LIB")));

        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("fullName").asText()).isEqualTo("acme/lib");
        assertThat(page.get("next").isNull()).isFalse();
    }

    @Test
    void projectAdmin_listsRepositoriesAndBranches_forItsProject_andIs403ForAnother() throws IOException {
        ListingStandIn github = ListingStandIn.github();
        github.scriptOn(server);
        Map<String, String> alice = Map.of("sub", "alice", "gitbridge_projects", "[demo]");
        ObjectNode branches = body(github).put("repository", github.repository());

        JsonNode repositories = ok(callAs("/projects/demo/providers/github/repositories", body(github), alice));
        JsonNode branchPage = ok(callAs("/projects/Demo/providers/github/branches", branches, alice));

        assertThat(repositories.get("items")).isEqualTo(items(github.repositoryPages().get(0)));
        assertThat(branchPage.get("items")).isEqualTo(names(github.branchPages().get(0)));
        int calls = server.requests().size();
        APIGatewayV2HTTPResponse forbidden = callAs("/projects/other/providers/github/repositories", body(github),
                alice);
        assertThat(forbidden.getStatusCode()).isEqualTo(403);
        assertThat(json(forbidden).get("message").asText()).isEqualTo("alice is not an administrator of project other");
        APIGatewayV2HTTPResponse anonymous = callAs("/projects/demo/providers/github/branches", branches, null);
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("error").asText()).isEqualTo("unauthorized");
        assertThat(callAs("/projects/demo/providers/sourceforge/branches", branches, alice).getStatusCode())
                .isEqualTo(404);
        assertThat(server.requests()).hasSize(calls);
    }

    @Test
    void projectRoute_tokenTheProviderRefuses_is422TokenRejected_asOnTheOperatorRoute() throws IOException {
        server.on("GET", "/api/v3/user/repos", 401, "{\"message\":\"Bad credentials\"}");

        APIGatewayV2HTTPResponse response = callAs("/projects/demo/providers/github/repositories",
                body(ListingStandIn.github()), Map.of("sub", "alice", "gitbridge_projects", "[demo]"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("error").asText()).isEqualTo("token_rejected");
    }

    private ObjectNode body(ListingStandIn standIn) {
        return Json.MAPPER.createObjectNode().put("token", TOKEN).put("apiUrl", standIn.apiBase(server));
    }

    private static JsonNode items(List<Repository> repositories) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Repository repository : repositories) {
            Map<String, Object> item = new java.util.LinkedHashMap<>();
            item.put("fullName", repository.fullName());
            item.put("cloneUrl", repository.cloneUrl());
            item.put("defaultBranch", repository.defaultBranch());
            item.put("private", repository.isPrivate());
            item.put("canManageHooks", repository.canManageHooks());
            items.add(item);
        }
        return Json.MAPPER.valueToTree(items);
    }

    private static JsonNode names(List<String> names) {
        return Json.MAPPER.valueToTree(names.stream().map(name -> Map.of("name", name)).toList());
    }

    private static JsonNode ok(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getBody()).doesNotContain(TOKEN);
        return json(response);
    }

    private APIGatewayV2HTTPResponse call(String provider, String list, ObjectNode body) {
        return call(provider, list, body.toString());
    }

    private APIGatewayV2HTTPResponse call(String provider, String list, String body) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/providers/" + provider + "/" + list)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("abc123defg.execute-api.eu-west-1.amazonaws.com")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
        return handler.handleRequest(event, null);
    }

    /** A project route, with the JWT claims API Gateway's authorizer passes (none: null). */
    private APIGatewayV2HTTPResponse callAs(String path, ObjectNode body, Map<String, String> claims) {
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context = APIGatewayV2HTTPEvent.RequestContext
                .builder()
                .withDomainName("abc123defg.execute-api.eu-west-1.amazonaws.com")
                .withStage("$default")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                    .build());
        }
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder().withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json")).withBody(body.toString())
                .withRequestContext(context.build()).build(), null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
