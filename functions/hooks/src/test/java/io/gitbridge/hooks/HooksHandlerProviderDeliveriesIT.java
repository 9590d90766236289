package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.hook.Registration;
import io.gitbridge.json.Json;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn.Attempt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub's side of the delivery log through the handler's API Gateway interface, with hooks and the delivery log in
 * DynamoDB Local and the testkit's GitHub stand-in over real HTTP: received flags from gitbridge's log, the bounds of a
 * catch-up, and the hooks that have no GitHub log.
 */
class HooksHandlerProviderDeliveriesIT {

    private static final String TOKEN = "ghp_handlerDeliveryLog0123456789";
    private static final String HOOK_ID = "hk_providerdeliveriesprovide";
    private static final byte[] PAYLOAD = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private GitHubDeliveryLogStandIn github;
    private DynamoHookRepository hooks;
    private DynamoDeliveryLog log;
    private HooksHandler handler;
    private long webhook;

    @BeforeEach
    void wire() {
        github = GitHubDeliveryLogStandIn.start("/api/v3", TOKEN);
        // Nothing listens on port 9: the stand-in's redeliveries there are logged as "failed to connect".
        webhook = github.createWebhook("acme/app", "http://127.0.0.1:9/webhooks/" + HOOK_ID, "a-very-secret-secret");
        hooks = HooksHandlerIT.hookTable(aws);
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        log = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC());
        String queue = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        handler = new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), true),
                Clock.systemUTC()), new DeliveryService(hooks, log, new SqsSyncQueue(aws.sqs(), queue),
                Clock.systemUTC()), new PublicUrl(Optional.empty()));
        hooks.create(hook(HOOK_ID, "github", new Registration(Registration.Status.REGISTERED, Long.toString(webhook),
                null), TOKEN));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private Hook hook(String id, String provider, Registration registration, String token) {
        Instant created = Instant.now();
        return Hook.builder().id(id).project(id.substring(3, 12)).provider(provider)
                .sourceRepo("https://github.example.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("a-very-secret-secret").token(token).apiUrl(github.apiUrl())
                .buildRepo("https://git.example.net/build.git").buildBranch("master").registration(registration)
                .createdAt(created).updatedAt(created).build();
    }

    @Test
    void list_marksEachAttempt_withWhatGitbridgesLogSaysAboutItsGuid() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Attempt queued = github.logOnly(webhook, "push", PAYLOAD, 202, now.minusSeconds(400));
        Attempt ignored = github.logOnly(webhook, "push", PAYLOAD, 200, now.minusSeconds(300));
        Attempt rejected = github.logOnly(webhook, "push", PAYLOAD, 401, now.minusSeconds(200));
        Attempt missed = github.logOnly(webhook, "push", PAYLOAD, 0, now.minusSeconds(100));
        log.recordQueued(Delivery.queued(HOOK_ID, queued.guid(), queued.guid(), now.minusSeconds(399), "push",
                "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "refs/heads/main"));
        log.record(Delivery.logged(HOOK_ID, ignored.guid(), now.minusSeconds(299), "push", Delivery.Outcome.IGNORED,
                200, "another branch"));
        log.record(Delivery.logged(HOOK_ID, rejected.guid(), now.minusSeconds(199), "push", Delivery.Outcome.REJECTED,
                401, "bad signature"));

        JsonNode page = ok(call("GET", "/hooks/" + HOOK_ID + "/provider-deliveries", Map.of("limit", "10")));

        List<String> seen = new ArrayList<>();
        page.get("items").forEach(item -> seen.add(item.get("id").asLong() + ":" + item.get("received").asText() + ":"
                + item.get("gitbridgeOutcome").asText()));
        assertThat(seen).containsExactly(missed.id() + ":false:null", rejected.id() + ":false:rejected",
                ignored.id() + ":true:ignored", queued.id() + ":true:queued");
        assertThat(page.get("items").get(0).get("status").asText()).isEqualTo("failed to connect");
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(github.calls()).containsExactly("GET /repos/acme/app/hooks/" + webhook + "/deliveries?per_page=10");
    }

    @Test
    void catchUp_readsAtMostTenPages_andAsksForAtMostFifty_eachOnce() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 1001; i++) {
            github.logOnly(webhook, "push", PAYLOAD, 502, now.minusSeconds(1001 - i));
        }

        JsonNode answer = ok(call("POST", "/hooks/" + HOOK_ID + "/catch-up",
                Map.of("since", now.minusSeconds(3600).toString())));

        assertThat(answer.get("complete").asBoolean()).isFalse();
        assertThat(answer.get("examined").asInt()).isEqualTo(1000);
        assertThat(answer.get("requested")).hasSize(ProviderDeliveryRoutes.MAX_REDELIVERIES);
        assertThat(answer.get("skipped")).hasSize(1000 - ProviderDeliveryRoutes.MAX_REDELIVERIES);
        answer.get("skipped").forEach(item -> assertThat(item.get("why").asText()).isEqualTo("limit"));
        answer.get("requested").forEach(item -> assertThat(item.get("why").asText()).isEqualTo("failed"));
        assertThat(github.calls().stream().filter(call -> call.startsWith("GET ")).count())
                .isEqualTo(ProviderDeliveryRoutes.MAX_PAGES);
        List<Long> asked = github.attemptsRequested();
        assertThat(asked).hasSize(ProviderDeliveryRoutes.MAX_REDELIVERIES);
        assertThat(new HashSet<>(asked)).hasSize(asked.size());
        // Oldest first among those read: the first asked for is the oldest of the 1000 newest attempts.
        assertThat(answer.get("requested").get(0).get("deliveredAt").asText())
                .isEqualTo(now.minusSeconds(1000).toString());
    }

    @Test
    void hooksWithoutAGitHubLog_are409_sayingWhy() throws IOException {
        hooks.create(hook("hk_gitlabgitlabgitlabgitlabgi", "gitlab", new Registration(Registration.Status.REGISTERED,
                "7", null), TOKEN));
        hooks.create(hook("hk_unregisteredunregistereduu", "github", null, TOKEN));
        hooks.create(hook("hk_notokennotokennotokennotok", "github", new Registration(Registration.Status.REGISTERED,
                Long.toString(webhook), null), null));

        for (Map.Entry<String, String> expected : Map.of("hk_gitlabgitlabgitlabgitlabgi", "not_github",
                "hk_unregisteredunregistereduu", "not_registered", "hk_notokennotokennotokennotok", "no_token").entrySet()) {
            for (String path : List.of("/provider-deliveries", "/provider-deliveries/5/redeliver", "/catch-up")) {
                APIGatewayV2HTTPResponse response = call(path.contains("deliveries") && !path.contains("redeliver")
                        ? "GET" : "POST", "/hooks/" + expected.getKey() + path,
                        Map.of("since", Instant.now().minusSeconds(60).toString()));
                assertThat(response.getStatusCode()).as(expected.getKey() + path).isEqualTo(409);
                assertThat(json(response).get("error").asText()).isEqualTo(expected.getValue());
            }
        }
        assertThat(github.calls()).isEmpty();
    }

    /** The body of a 200 answer; fails naming the body otherwise. */
    static JsonNode ok(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return json(response);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, Map<String, String> query) {
        return handler.handleRequest(event(method, path, query), null);
    }

    /** An admin request as API Gateway hands it to the function. */
    static APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> query) {
        return HooksHandlerDeliveriesIT.event(method, path, query);
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
