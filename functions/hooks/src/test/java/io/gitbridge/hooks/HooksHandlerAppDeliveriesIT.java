package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.json.Json;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn.Attempt;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub App's webhook log through the handler: {@code /app/hook/deliveries} and its attempts on the testkit's
 * stand-in, every call with a JWT that the app stand-in verifies with the app's public key; the app and its routes in
 * a DynamoDB Local table; a GUID counts as received when any hook its repository routes to logged it.
 */
class HooksHandlerAppDeliveriesIT {

    private static final String SECRET = "app-webhook-secret-0123456789";
    private static final long REPO_ONE = 1001;
    private static final long REPO_TWO = 2002;
    private static final byte[] PAYLOAD = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private GitHubAppStandIn appKeys;
    private GitHubDeliveryLogStandIn github;
    private DynamoHookRepository hooks;
    private DynamoDeliveryLog log;
    private DynamoGitHubAppStore store;
    private HooksHandler handler;

    @TempDir
    Path tmp;

    @BeforeEach
    void wire() {
        // The app stand-in holds the app's key pair and judges every JWT as GitHub would.
        appKeys = GitHubAppStandIn.start();
        github = GitHubDeliveryLogStandIn.start("/api/v3", "no-repository-token").appAuthorization(appKeys::acceptsJwt)
                .appWebhook("http://127.0.0.1:9/webhooks/github-app", SECRET);
        hooks = HooksHandlerIT.hookTable(aws);
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        log = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC());
        String appTable = aws.uniqueName("github-app");
        Provisioning.createGitHubAppTable(aws.dynamoDb(), appTable);
        store = new DynamoGitHubAppStore(aws.dynamoDb(), appTable, LocalKeyTokenCipher.inDirectory(tmp));
        String queue = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        handler = new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), true),
                Clock.systemUTC()), new DeliveryService(hooks, log, new SqsSyncQueue(aws.sqs(), queue),
                Clock.systemUTC()), new PublicUrl(Optional.empty())).withGitHubAppDeliveries(store, Clock.systemUTC());
        for (String id : List.of("hk_appmodeoneappmodeoneappmo", "hk_appmodetwoappmodetwoappmo", "hk_appmodesixappmodesixappmo")) {
            Instant created = Instant.now();
            hooks.create(Hook.builder().id(id).project(id.substring(3, 14)).provider("github")
                    .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                    .secret("a-very-secret-secret").buildRepo("https://git.example.net/build.git").buildBranch("master")
                    .createdAt(created).updatedAt(created).build());
        }
        // One repository fanned out to two hooks (two branches), another to a third.
        store.addRoutes("hk_appmodeoneappmodeoneappmo", REPO_ONE, "acme/app");
        store.addRoutes("hk_appmodetwoappmodetwoappmo", REPO_ONE, "acme/app");
        store.addRoutes("hk_appmodesixappmodesixappmo", REPO_TWO, "acme/lib");
    }

    @AfterEach
    void stop() {
        github.close();
        appKeys.close();
    }

    private void storeApp(String privateKeyPem) {
        store.putApp(new GitHubApp(appKeys.appId(), appKeys.clientId(), appKeys.slug(), appKeys.name(),
                appKeys.owner(), "github.example.com", github.apiUrl(), SECRET), privateKeyPem, Instant.now());
    }

    @Test
    void catchUp_asksForWhatNoRoutedHookLogged_andWhatFailed_leavingWhatItCannotCheck() throws IOException {
        storeApp(appKeys.privateKeyPkcs1Pem());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Attempt fannedOut = github.logOnly(0, "push", PAYLOAD, 202, now.minusSeconds(600), REPO_ONE);
        Attempt missed = github.logOnly(0, "push", PAYLOAD, 200, now.minusSeconds(500), REPO_ONE);
        Attempt failed = github.logOnly(0, "push", PAYLOAD, 502, now.minusSeconds(400), REPO_TWO);
        Attempt unrouted = github.logOnly(0, "push", PAYLOAD, 200, now.minusSeconds(300), 3003L);
        Attempt installation = github.logOnly(0, "installation", PAYLOAD, 200, now.minusSeconds(200), null);
        Attempt refused = github.logOnly(0, "push", PAYLOAD, 200, now.minusSeconds(100), REPO_TWO);
        log.recordQueued(Delivery.queued("hk_appmodetwoappmodetwoappmo", fannedOut.guid(), fannedOut.guid(),
                now.minusSeconds(599), "push", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "refs/heads/main"));
        log.record(Delivery.logged("hk_appmodesixappmodesixappmo", refused.guid(), now.minusSeconds(99), "push",
                Delivery.Outcome.REJECTED, 401, "bad signature"));

        JsonNode page = ok(call("GET", "/github-app/provider-deliveries", Map.of()));
        JsonNode answer = ok(call("POST", "/github-app/catch-up", Map.of("since", now.minusSeconds(3600).toString())));

        List<String> received = new ArrayList<>();
        page.get("items").forEach(item -> received.add(item.get("id").asLong() + ":" + item.get("received").asText()));
        assertThat(received).containsExactly(refused.id() + ":false", installation.id() + ":null",
                unrouted.id() + ":null", failed.id() + ":false", missed.id() + ":false", fannedOut.id() + ":true");
        assertThat(whys(answer.get("requested"))).containsExactly(missed.id() + ":missed", failed.id() + ":failed",
                refused.id() + ":missed");
        assertThat(whys(answer.get("skipped"))).containsExactly(installation.id() + ":unchecked",
                unrouted.id() + ":unchecked", fannedOut.id() + ":delivered");
        assertThat(github.attemptsRequested()).containsExactly(missed.id(), failed.id(), refused.id());
        assertThat(github.calls()).startsWith("GET /app/hook/deliveries?per_page=30",
                "GET /app/hook/deliveries?per_page=100");
        assertThat(github.requests()).allSatisfy(request ->
                assertThat(appKeys.acceptsJwt(request.header("authorization"))).isTrue());
    }

    @Test
    void redeliver_asksGitHubWithTheAppsJwt_and404sForAnUnknownDelivery() throws IOException {
        storeApp(appKeys.privateKeyPkcs8Pem());
        Attempt attempt = github.logOnly(0, "push", PAYLOAD, 500, Instant.now(), REPO_ONE);

        APIGatewayV2HTTPResponse accepted = call("POST", "/github-app/provider-deliveries/" + attempt.id()
                + "/redeliver", null);
        APIGatewayV2HTTPResponse unknown = call("POST", "/github-app/provider-deliveries/77/redeliver", null);
        APIGatewayV2HTTPResponse garbled = call("POST", "/github-app/provider-deliveries/x1/redeliver", null);

        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
        assertThat(json(accepted).get("deliveryId").asLong()).isEqualTo(attempt.id());
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(garbled.getStatusCode()).isEqualTo(400);
        assertThat(github.attemptsRequested()).containsExactly(attempt.id());
    }

    @Test
    void withoutAnApp_is409_aKeyGitHubRefuses_is422_andWithoutAnAppTable_503() throws IOException {
        APIGatewayV2HTTPResponse noApp = call("GET", "/github-app/provider-deliveries", Map.of());
        assertThat(noApp.getStatusCode()).isEqualTo(409);
        assertThat(json(noApp).get("error").asText()).isEqualTo("no_github_app");

        try (GitHubAppStandIn otherApp = GitHubAppStandIn.start()) {
            storeApp(otherApp.privateKeyPkcs1Pem());
        }
        APIGatewayV2HTTPResponse refused = call("POST", "/github-app/catch-up",
                Map.of("since", Instant.now().minusSeconds(60).toString()));
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(422);
        assertThat(json(refused).get("error").asText()).isEqualTo("token_rejected");
        assertThat(json(refused).get("message").asText()).contains("private key of the GitHub App")
                .doesNotContain("eyJ");

        HooksHandler withoutTable = new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(),
                true), Clock.systemUTC()), null, new PublicUrl(Optional.empty()));
        APIGatewayV2HTTPResponse notConfigured = withoutTable.handleRequest(event("POST", "/github-app/catch-up",
                Map.of("since", Instant.now().toString())), null);
        assertThat(notConfigured.getStatusCode()).isEqualTo(503);
        assertThat(json(notConfigured).get("error").asText()).isEqualTo("not_configured");
    }

    private static List<String> whys(JsonNode items) {
        List<String> whys = new ArrayList<>();
        items.forEach(item -> whys.add(item.get("id").asLong() + ":" + item.get("why").asText()));
        return whys;
    }

    private static JsonNode ok(APIGatewayV2HTTPResponse response) {
        return HooksHandlerProviderDeliveriesIT.ok(response);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return HooksHandlerProviderDeliveriesIT.json(response);
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> query) {
        return HooksHandlerProviderDeliveriesIT.event(method, path, query);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, Map<String, String> query) {
        return handler.handleRequest(event(method, path, query), null);
    }
}
