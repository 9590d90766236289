package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub App's admin routes and setup page through the handler's API Gateway interface: the store in DynamoDB
 * Local, GitHub the stand-in over real HTTP that verifies every JWT with the app's public key.
 */
class HooksHandlerGitHubAppIT {

    private static final String BASE = "https://abc123defg.execute-api.eu-west-1.amazonaws.com";
    private static final String SECRET = "typed-into-github-0123456789";
    private static final String HOST_PROBLEM = "must be a host name such as github.com: it is not a DNS name: each"
            + " dot-separated part must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen";

    private static GitHubAppStandIn github;
    private static GitHubAppStandIn otherApp;

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private String table;
    private DynamoGitHubAppStore store;
    private HooksHandler handler;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startGitHub() {
        github = GitHubAppStandIn.start();
        github.install(1001, "acme", "Organization").repository(501, "acme/app");
        github.install(1002, "<b>jo&co</b>", "User").allRepositories(true);
        otherApp = GitHubAppStandIn.start(777, "Iv23liOther", "other", "elsewhere");
        otherApp.install(9001, "elsewhere", "Organization");
    }

    @AfterAll
    static void stopGitHub() {
        github.close();
        otherApp.close();
    }

    @BeforeEach
    void createStore() {
        table = aws.uniqueName("github-app");
        Provisioning.createGitHubAppTable(aws.dynamoDb(), table);
        store = new DynamoGitHubAppStore(aws.dynamoDb(), table, LocalKeyTokenCipher.inDirectory(dataDir));
        handler = new HooksHandler(new HookService(null, new HookValidator(Providers.standard(), true),
                Clock.systemUTC()), null, new PublicUrl(Optional.empty())).withGitHubApp(store, Clock.systemUTC());
        github.clearCalls();
    }

    private ObjectNode credentials() {
        return Json.MAPPER.createObjectNode().put("appId", github.appId())
                .put("privateKey", github.privateKeyPkcs1Pem()).put("webhookSecret", SECRET)
                .put("apiUrl", github.apiUrl());
    }

    // ------------------------------------------------------------------ registration link

    @Test
    void registrationLink_forAnOrganisation_generatesAndKeepsAPendingSecret() {
        APIGatewayV2HTTPResponse response = call("GET", "/github-app/registration-link", null,
                Map.of("owner", "acme"));

        JsonNode body = json(response, 200);
        assertThat(body.get("url").asText()).startsWith("https://github.com/organizations/acme/settings/apps/new?")
                .contains("&webhook_url=" + encoded(BASE + "/webhooks/github-app"))
                .contains("&events[]=push&events[]=workflow_run&contents=read&metadata=read&actions=read")
                .contains("&setup_url=" + encoded(BASE + "/github-app/setup"))
                .contains("&setup_on_update=true&public=false");
        String secret = body.get("webhookSecret").asText();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(body.get("url").asText()).doesNotContain(secret);
        assertThat(body.get("webhookUrl").asText()).isEqualTo(BASE + "/webhooks/github-app");
        assertThat(body.get("setupUrl").asText()).isEqualTo(BASE + "/github-app/setup");
        assertThat(body.get("note").asText()).contains("GitHub does not take the webhook secret from the URL");
        assertThat(store.pendingWebhookSecret()).contains(secret);
    }

    @Test
    void registrationLink_forAUserOnEnterpriseServer() {
        JsonNode body = json(call("GET", "/github-app/registration-link", null,
                Map.of("owner", "jo", "ownerType", "user", "host", "GHE.example.com", "name", "jo's bridge")), 200);

        assertThat(body.get("url").asText())
                .startsWith("https://ghe.example.com/settings/apps/new?name=jo%27s%20bridge&");
    }

    @Test
    void registrationLink_refusesBadParameters_namingEach() {
        assertThat(fields(call("GET", "/github-app/registration-link", null, Map.of())))
                .isEqualTo(Map.of("owner", "is required: the organisation or user the app is registered on"));
        assertThat(fields(call("GET", "/github-app/registration-link", null, Map.of("owner", "acme/x",
                "ownerType", "team", "host", "bad host", "name", "x".repeat(35)))))
                .isEqualTo(Map.of(
                        "owner", "must be a GitHub login (letters, digits and hyphens, at most 39 characters)",
                        "ownerType", "must be organization or user",
                        "host", HOST_PROBLEM,
                        "name", "must be 1 to 34 characters (GitHub's limit)"));
        assertThat(store.pendingWebhookSecret()).isEmpty();
    }

    // ------------------------------------------------------------------ PUT / GET

    @Test
    void put_checksTheAppWithGitHub_storesIt_andAnswersWithoutKeyOrSecret() {
        APIGatewayV2HTTPResponse response = call("PUT", "/github-app", credentials().toString(), Map.of());

        JsonNode body = json(response, 201);
        assertThat(body.get("appId").asLong()).isEqualTo(github.appId());
        assertThat(body.get("clientId").asText()).isEqualTo(github.clientId());
        assertThat(body.get("slug").asText()).isEqualTo(github.slug());
        assertThat(body.get("name").asText()).isEqualTo(github.name());
        assertThat(body.get("owner").asText()).isEqualTo(github.owner());
        assertThat(body.get("host").asText()).isEqualTo("github.com");
        assertThat(body.get("apiUrl").asText()).isEqualTo(github.apiUrl());
        assertThat(body.get("webhookUrl").asText()).isEqualTo(BASE + "/webhooks/github-app");
        assertThat(body.get("installUrl").asText()).isEqualTo("https://github.com/apps/gitbridge-test/installations/new");
        assertThat(body.get("hasWebhookSecret").asBoolean()).isTrue();
        assertThat(body.get("installations")).isEmpty();
        assertNoKeyOrSecret(response);
        assertThat(github.callLines()).containsExactly("GET /app");
        assertThat(store.app().orElseThrow().app().webhookSecret()).isEqualTo(SECRET);
        assertThat(store.privateKey().orElseThrow().bits()).isEqualTo(2048);

        APIGatewayV2HTTPResponse read = call("GET", "/github-app", null, Map.of());
        assertThat(json(read, 200)).isEqualTo(body);
        assertNoKeyOrSecret(read);
    }

    @Test
    void put_usesThePendingSecret_acceptsClientIdAndPkcs8_andAnswers200WhenReplacing() {
        String pending = json(call("GET", "/github-app/registration-link", null, Map.of("owner", "acme")), 200)
                .get("webhookSecret").asText();
        ObjectNode withoutSecret = credentials();
        withoutSecret.remove("webhookSecret");
        APIGatewayV2HTTPResponse first = call("PUT", "/github-app", withoutSecret.toString(), Map.of());
        assertThat(json(first, 201).get("hasWebhookSecret").asBoolean()).isTrue();
        assertThat(store.app().orElseThrow().app().webhookSecret()).isEqualTo(pending);
        assertThat(store.pendingWebhookSecret()).isEmpty();
        ObjectNode byClientId = Json.MAPPER.createObjectNode().put("clientId", github.clientId())
                .put("privateKey", github.privateKeyPkcs8Pem()).put("apiUrl", github.apiUrl());

        APIGatewayV2HTTPResponse response = call("PUT", "/github-app", byClientId.toString(), Map.of());

        assertThat(json(response, 200).get("appId").asLong()).isEqualTo(github.appId());
        assertThat(store.app().orElseThrow().app().webhookSecret()).isEqualTo(pending);
        assertThat(store.pendingWebhookSecret()).isEmpty();
        assertThat(first.getBody()).doesNotContain(pending);
        assertThat(response.getBody()).doesNotContain(pending);
    }

    @Test
    void put_newKeyOfTheStoredApp_isRefused_whenALaterRegistrationLinkLeftAnotherSecret_insteadOfSwappingIt() {
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        // Someone only looks at the registration link (a GET) after the app was stored...
        String pending = json(call("GET", "/github-app/registration-link", null, Map.of("owner", "acme")), 200)
                .get("webhookSecret").asText();
        ObjectNode newKey = credentials().put("privateKey", github.privateKeyPkcs8Pem());
        newKey.remove("webhookSecret");
        github.clearCalls();

        // ...then the key is rotated: GitHub still signs with SECRET, so the pending one must not replace it.
        assertThat(fields(call("PUT", "/github-app", newKey.toString(), Map.of()))).isEqualTo(Map.of("webhookSecret",
                "is required: app 424242 is stored with a webhook secret and a registration link generated another"
                        + " one since; send the one the app's Webhook secret field on GitHub holds"));
        assertThat(store.app().orElseThrow().app().webhookSecret()).isEqualTo(SECRET);
        assertThat(store.pendingWebhookSecret()).contains(pending);

        json(call("PUT", "/github-app", newKey.put("webhookSecret", SECRET).toString(), Map.of()), 200);
        assertThat(store.app().orElseThrow().app().webhookSecret()).isEqualTo(SECRET);
    }

    @Test
    void put_keepsTheStoredSecret_forANewKeyOfTheSameApp_butNotForAnotherApp() {
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        ObjectNode newKey = credentials();
        newKey.remove("webhookSecret");

        json(call("PUT", "/github-app", newKey.toString(), Map.of()), 200);
        assertThat(store.app().orElseThrow().app().webhookSecret()).isEqualTo(SECRET);

        ObjectNode another = Json.MAPPER.createObjectNode().put("appId", otherApp.appId())
                .put("privateKey", otherApp.privateKeyPkcs1Pem()).put("apiUrl", otherApp.apiUrl());
        assertThat(fields(call("PUT", "/github-app", another.toString(), Map.of()))).isEqualTo(Map.of("webhookSecret",
                "is required: no registration link generated one (the secret typed into the app's Webhook secret"
                        + " field on GitHub)"));
        assertThat(store.app().orElseThrow().app().appId()).isEqualTo(github.appId());
    }

    @Test
    void put_isRefused_whenTheKeyBelongsToAnotherApp_andStoresNothing() {
        ObjectNode wrongKey = credentials().put("privateKey", otherApp.privateKeyPkcs1Pem());

        Map<String, String> fields = fields(call("PUT", "/github-app", wrongKey.toString(), Map.of()));

        assertThat(fields).containsOnlyKeys("privateKey");
        assertThat(fields.get("privateKey")).isEqualTo("GitHub at " + github.apiUrl() + " rejected the app's JWT"
                + " (HTTP 401, \"A JSON web token could not be decoded\") while gitbridge tried to read the app: the"
                + " private key does not belong to the app 424242, or there is no such app on this GitHub");
        assertThat(store.app()).isEmpty();
        assertThat(call("GET", "/github-app", null, Map.of()).getStatusCode()).isEqualTo(404);
    }

    @Test
    void put_isRefused_forAnUnknownAppId() {
        Map<String, String> fields = fields(call("PUT", "/github-app", credentials().put("appId", 31337).toString(),
                Map.of()));

        assertThat(fields.get("privateKey")).contains("\"Integration not found\"").contains("app 31337");
        assertThat(store.app()).isEmpty();
    }

    @Test
    void put_isRefused_forAKeyThatIsNotRsa_withoutAskingGitHub() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String ec = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";

        Map<String, String> fields = fields(call("PUT", "/github-app", credentials().put("privateKey", ec).toString(),
                Map.of()));

        assertThat(fields).isEqualTo(Map.of("privateKey",
                "is not an RSA private key (GitHub App keys are RSA; this one is an EC key)"));
        assertThat(github.calls()).isEmpty();
    }

    @Test
    void put_refusesBadFields_namingEach() {
        ObjectNode bad = Json.MAPPER.createObjectNode().put("appId", "12a").put("clientId", "nope")
                .put("privateKey", "garbage").put("webhookSecret", "short").put("host", "a b")
                .put("extra", true);

        assertThat(fields(call("PUT", "/github-app", bad.toString(), Map.of()))).isEqualTo(Map.of(
                "extra", "is not a field of the GitHub App",
                "appId", "must be the app's numeric id, a positive whole number",
                "clientId", "must be the app's client id as GitHub shows it (Iv1.… or Iv23…)",
                "privateKey", "has no -----BEGIN ...----- block (paste the whole .pem file GitHub generated)",
                "webhookSecret", "must be 16 to 256 characters",
                "host", HOST_PROBLEM));
        assertThat(fields(call("PUT", "/github-app", "{}", Map.of()))).isEqualTo(Map.of(
                "appId", "is required, or clientId: the app's id from its settings page on GitHub",
                "privateKey", "is required: the .pem file GitHub generated for the app",
                "webhookSecret", "is required: no registration link generated one (the secret typed into the"
                        + " app's Webhook secret field on GitHub)"));
        assertThat(fields(call("PUT", "/github-app", credentials().put("apiUrl", "ftp://github.example").toString(),
                Map.of()))).isEqualTo(Map.of("apiUrl", "must be an http(s) URL"));
        assertThat(call("PUT", "/github-app", "{\"appId\":", Map.of()).getStatusCode()).isEqualTo(400);
        assertThat(github.calls()).isEmpty();
        assertThat(store.app()).isEmpty();
    }

    @Test
    void put_refusesCredentialsInApiUrl_pointingAtThePrivateKey_notAtATokenField() {
        String withCredentials = github.apiUrl().replace("://", "://octocat:hunter2@");

        assertThat(fields(call("PUT", "/github-app", credentials().put("apiUrl", withCredentials).toString(),
                Map.of()))).isEqualTo(Map.of("apiUrl", "must not contain credentials (user:password@): the app"
                        + " authenticates with its private key, sent as privateKey"));
        assertThat(github.calls()).isEmpty();
        assertThat(store.app()).isEmpty();
    }

    @Test
    void put_refusesAWebhookSecretWithControlCharactersOrALoneSurrogate_asHookSecretsAre() {
        // As JSON string escapes: a lone surrogate cannot travel as UTF-8, only escaped in the JSON text.
        for (String escaped : List.of(SECRET + "\\n", "typed\\u0000into-github-0123", SECRET + "\\uD800",
                "\\uDC00" + SECRET, SECRET + "\\u007F")) {
            String body = credentials().put("webhookSecret", "SECRET-HERE").toString()
                    .replace("SECRET-HERE", escaped);
            assertThat(fields(call("PUT", "/github-app", body, Map.of()))).as(escaped).isEqualTo(Map.of(
                    "webhookSecret", "must not contain control characters or unpaired UTF-16 surrogates"));
        }
        assertThat(github.calls()).isEmpty();
        assertThat(store.app()).isEmpty();
    }

    @Test
    void put_refusesAnAppIdInDigitsOfAnotherScript_withoutAskingGitHub() {
        // Arabic-Indic and full-width digits for 424242: Long.parseLong reads both as the stand-in's app id.
        for (String digits : List.of("\u0664\u0662\u0664\u0662\u0664\u0662", "\uFF14\uFF12\uFF14\uFF12\uFF14\uFF12")) {
            assertThat(fields(call("PUT", "/github-app", credentials().put("appId", digits).toString(), Map.of())))
                    .isEqualTo(Map.of("appId", "must be the app's numeric id, a positive whole number"));
        }
        assertThat(github.calls()).isEmpty();
        assertThat(store.app()).isEmpty();
    }

    @Test
    void put_whenGitHubIsDown_is502_andWhenRateLimited_is429() {
        github.failNext(503, "{\"message\":\"unavailable\"}", Map.of());
        APIGatewayV2HTTPResponse down = call("PUT", "/github-app", credentials().toString(), Map.of());
        assertThat(down.getStatusCode()).isEqualTo(502);
        assertThat(json(down, 502).get("error").asText()).isEqualTo("provider_unavailable");

        github.failNext(429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "30"));
        APIGatewayV2HTTPResponse limited = call("PUT", "/github-app", credentials().toString(), Map.of());
        assertThat(limited.getStatusCode()).isEqualTo(429);
        assertThat(limited.getHeaders()).containsEntry("retry-after", "30");
        assertNoKeyOrSecret(down);
        assertNoKeyOrSecret(limited);
        assertThat(store.app()).isEmpty();
    }

    @Test
    void get_is404_whenNoAppIsConnected() {
        APIGatewayV2HTTPResponse response = call("GET", "/github-app", null, Map.of());

        assertThat(json(response, 404).get("message").asText()).isEqualTo("no GitHub App is connected: see"
                + " GET /github-app/registration-link and PUT /github-app");
    }

    // ------------------------------------------------------------------ setup page

    @Test
    void setup_verifiesTheInstallationWithGitHub_recordsIt_andAnswersAPage() {
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        github.clearCalls();

        APIGatewayV2HTTPResponse page = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1001", "setup_action", "install"));

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(page.getBody()).contains("is installed on <strong>acme</strong> (installation 1001, selected"
                + " repositories)").contains("<code>\"auth\": \"github-app\"</code>");
        assertThat(github.callLines()).containsExactly("GET /app/installations/1001");
        Installation recorded = store.installation(1001).orElseThrow();
        assertThat(recorded.account()).isEqualTo("acme");
        assertThat(recorded.selection()).isEqualTo(Installation.Selection.SELECTED);
        assertThat(json(call("GET", "/github-app", null, Map.of()), 200).get("installations").get(0).get("id")
                .asLong()).isEqualTo(1001);
    }

    @Test
    void setup_escapesWhatGitHubSays_andKeepsKnownRepositories() {
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        store.putInstallation(new Installation(1002, "jo", "User", Installation.Selection.SELECTED,
                List.of(new Installation.Repository(601, "jo/site")), false, false, Instant.parse("2020-01-01T00:00:00Z")));

        APIGatewayV2HTTPResponse page = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1002", "setup_action", "update"));

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).contains("is updated on <strong>&lt;b&gt;jo&amp;co&lt;/b&gt;</strong>")
                .doesNotContain("<b>jo");
        assertThat(store.installation(1002).orElseThrow().selection()).isEqualTo(Installation.Selection.ALL);
    }

    @Test
    void setup_answersTheSame404_forAnotherAppsInstallation_orNoApp_andStoresNothing() {
        APIGatewayV2HTTPResponse noApp = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1001", "setup_action", "install"));
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        APIGatewayV2HTTPResponse foreign = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "9001", "setup_action", "install"));

        assertThat(noApp.getStatusCode()).isEqualTo(404);
        assertThat(foreign.getStatusCode()).isEqualTo(404);
        assertThat(foreign.getBody()).isEqualTo(noApp.getBody()).contains("does not know this installation");
        assertThat(store.installations()).isEmpty();
    }

    @Test
    void setup_is400_forMissingOrBadParameters() {
        for (Map<String, String> query : List.of(Map.<String, String>of(), Map.of("installation_id", "1001"),
                Map.of("installation_id", "abc", "setup_action", "install"),
                Map.of("installation_id", "1".repeat(19), "setup_action", "install"),
                Map.of("installation_id", "0", "setup_action", "install"),
                // Digits of other scripts, which Long.parseLong would read as 1001.
                Map.of("installation_id", "\u0661\u0660\u0660\u0661", "setup_action", "install"),
                Map.of("installation_id", "\uFF11\uFF10\uFF10\uFF11", "setup_action", "install"),
                Map.of("installation_id", "1001", "setup_action", "delete"))) {
            APIGatewayV2HTTPResponse page = call("GET", "/github-app/setup", null, query);
            assertThat(page.getStatusCode()).as(query.toString()).isEqualTo(400);
            assertThat(page.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8");
        }
        assertThat(github.calls()).isEmpty();
    }

    @Test
    void setup_is502Page_whenGitHubIsDown_andStoresNothing() {
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        github.failNext(500, "{}", Map.of());

        APIGatewayV2HTTPResponse page = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1001", "setup_action", "install"));

        assertThat(page.getStatusCode()).isEqualTo(502);
        assertThat(page.getBody()).contains("Reload this page in a minute");
        assertThat(store.installations()).isEmpty();
    }

    @Test
    void setup_is503Page_notA500_whenTheAppsKeyDoesNotOpen_andStoresNothing(@TempDir Path otherDataDir) {
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        // The same table read with another token-key (a data directory whose token-key was replaced).
        handler.withGitHubApp(new DynamoGitHubAppStore(aws.dynamoDb(), table,
                LocalKeyTokenCipher.inDirectory(otherDataDir)), Clock.systemUTC());
        github.clearCalls();

        APIGatewayV2HTTPResponse page = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1001", "setup_action", "install"));

        assertThat(page.getStatusCode()).as(page.getBody()).isEqualTo(503);
        assertThat(page.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(page.getBody()).contains("<h1>gitbridge cannot use its GitHub App just now</h1>");
        assertThat(github.calls()).isEmpty();
        assertThat(store.installations()).isEmpty();
    }

    @Test
    void setup_unknownIds_askGitHubAtMostTheBurst_thenAre429WithRetryAfter_withoutAskingGitHub() {
        SettableClock clock = guardedHandler();

        for (int i = 0; i < SetupPageGuard.BURST + 10; i++) {
            APIGatewayV2HTTPResponse page = call("GET", "/github-app/setup", null,
                    Map.of("installation_id", Integer.toString(5000 + i), "setup_action", "install"));
            if (i < SetupPageGuard.BURST) {
                assertThat(page.getStatusCode()).as("request " + i).isEqualTo(404);
            } else {
                assertThat(page.getStatusCode()).as("request " + i).isEqualTo(429);
                assertThat(page.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8")
                        .containsEntry("retry-after", "6");
                assertThat(page.getBody()).contains("<h1>Too many requests just now</h1>").contains("in 6 seconds");
            }
        }
        assertThat(github.callLines()).hasSize(SetupPageGuard.BURST).allMatch(line ->
                line.matches("GET /app/installations/50[0-9][0-9]"));

        clock.advance(SetupPageGuard.REFILL);
        assertThat(call("GET", "/github-app/setup", null, Map.of("installation_id", "5999", "setup_action",
                "install")).getStatusCode()).isEqualTo(404);
        assertThat(call("GET", "/github-app/setup", null, Map.of("installation_id", "5998", "setup_action",
                "install")).getStatusCode()).isEqualTo(429);
        assertThat(github.callLines()).hasSize(SetupPageGuard.BURST + 1).endsWith("GET /app/installations/5999");
        assertThat(store.installations()).isEmpty();
    }

    @Test
    void setup_repeatedId_isAnsweredFromTheCache_foundOrNot_untilItExpires() {
        SettableClock clock = guardedHandler();
        Map<String, String> foreign = Map.of("installation_id", "9001", "setup_action", "install");
        Map<String, String> updated = Map.of("installation_id", "1002", "setup_action", "update");

        for (int i = 0; i < 5; i++) {
            assertThat(call("GET", "/github-app/setup", null, foreign).getStatusCode()).isEqualTo(404);
            APIGatewayV2HTTPResponse page = call("GET", "/github-app/setup", null, updated);
            assertThat(page.getStatusCode()).isEqualTo(200);
            assertThat(page.getBody()).contains("(installation 1002, all repositories)");
        }
        assertThat(github.callLines()).containsExactly("GET /app/installations/9001", "GET /app/installations/1002");

        clock.advance(SetupPageGuard.CACHE_TTL);
        assertThat(call("GET", "/github-app/setup", null, foreign).getStatusCode()).isEqualTo(404);
        assertThat(call("GET", "/github-app/setup", null, updated).getStatusCode()).isEqualTo(200);
        assertThat(github.callLines()).containsExactly("GET /app/installations/9001", "GET /app/installations/1002",
                "GET /app/installations/9001", "GET /app/installations/1002");
    }

    @Test
    void setup_activeInstallationInTheStore_isAnsweredFromTheStore_evenWhenTheBudgetIsSpent() {
        guardedHandler();
        store.putInstallation(new Installation(1001, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(new Installation.Repository(501, "acme/app")), false, false, Instant.now()));
        store.putInstallation(new Installation(1002, "jo", "User", Installation.Selection.ALL, List.of(), false, true,
                Instant.now()));
        for (int i = 0; i < SetupPageGuard.BURST; i++) {
            call("GET", "/github-app/setup", null, Map.of("installation_id", Integer.toString(6000 + i),
                    "setup_action", "install"));
        }
        github.clearCalls();

        APIGatewayV2HTTPResponse installed = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1001", "setup_action", "install"));
        APIGatewayV2HTTPResponse updated = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1001", "setup_action", "update"));
        APIGatewayV2HTTPResponse uninstalled = call("GET", "/github-app/setup", null,
                Map.of("installation_id", "1002", "setup_action", "install"));

        assertThat(installed.getStatusCode()).isEqualTo(200);
        assertThat(installed.getBody()).contains("is installed on <strong>acme</strong> (installation 1001, selected"
                + " repositories)");
        assertThat(updated.getStatusCode()).isEqualTo(200);
        assertThat(updated.getBody()).contains("is updated on <strong>acme</strong>");
        // An uninstalled one is not trusted from the store: it needs GitHub, and the budget is spent.
        assertThat(uninstalled.getStatusCode()).isEqualTo(429);
        assertThat(github.calls()).isEmpty();
    }

    /** A handler whose setup page guard runs on a clock the test moves; the app stored, GitHub's calls cleared. */
    private SettableClock guardedHandler() {
        // 70 s behind: the stand-in still takes the app's JWTs after the test moves the clock by a minute.
        SettableClock clock = new SettableClock(Instant.now().minusSeconds(70));
        handler = new HooksHandler(new HookService(null, new HookValidator(Providers.standard(), true),
                Clock.systemUTC()), null, new PublicUrl(Optional.empty())).withGitHubApp(store, clock);
        json(call("PUT", "/github-app", credentials().toString(), Map.of()), 201);
        github.clearCalls();
        return clock;
    }

    /** A clock that stands still until the test moves it. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void withoutAGitHubAppTable_theAdminRoutesAre503_andTheSetupPage404() {
        HooksHandler old = new HooksHandler(new HookService(null, new HookValidator(Providers.standard(), true),
                Clock.systemUTC()), null, new PublicUrl(Optional.empty()));
        handler = old;

        assertThat(json(call("GET", "/github-app", null, Map.of()), 503).get("error").asText())
                .isEqualTo("not_configured");
        assertThat(call("PUT", "/github-app", credentials().toString(), Map.of()).getStatusCode()).isEqualTo(503);
        assertThat(call("GET", "/github-app/registration-link", null, Map.of("owner", "acme")).getStatusCode())
                .isEqualTo(503);
        assertThat(call("GET", "/github-app/setup", null, Map.of("installation_id", "1001", "setup_action",
                "install")).getStatusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ helpers

    private static void assertNoKeyOrSecret(APIGatewayV2HTTPResponse response) {
        assertThat(response.getBody()).doesNotContain(SECRET).doesNotContain("PRIVATE KEY");
        github.privateKeyPkcs1Pem().lines().filter(line -> !line.startsWith("-----"))
                .forEach(line -> assertThat(response.getBody()).doesNotContain(line));
    }

    private static String encoded(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> query) {
        Map<String, String> headers = new HashMap<>();
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(body)
                .withRequestContext(AdminEvents.requestContext(method))
                .build();
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> fields(APIGatewayV2HTTPResponse response) {
        JsonNode body = json(response, 422);
        assertThat(body.get("error").asText()).isEqualTo("validation");
        Map<String, String> fields = new HashMap<>();
        body.get("fields").fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
        return fields;
    }
}
