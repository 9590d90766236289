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
import io.gitbridge.delivery.Delivery.Outcome;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.hook.LastSync;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The delivery routes of the admin API (list, sync now, redeliver) against DynamoDB and SQS, through the handler's
 * API Gateway interface.
 */
class HooksHandlerDeliveriesIT {

    private static final String HOOK_ID = "hk_deliveriesdeliveriesdeli";
    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String MAIN = "refs/heads/main";
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private DynamoDeliveryLog deliveries;
    private String queueUrl;
    private HooksHandler handler;

    /** A delivery service over a new deliveries table and sync queue, for handlers that do not look at them. */
    static DeliveryService deliveryService(AwsTestEnvironment aws, HookRepository hooks) {
        String table = aws.uniqueName("deliveries");
        Provisioning.createDeliveriesTable(aws.dynamoDb(), table);
        String queue = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        return new DeliveryService(hooks, new DynamoDeliveryLog(aws.dynamoDb(), table, Duration.ofDays(30),
                Clock.systemUTC()), new SqsSyncQueue(aws.sqs(), queue), Clock.systemUTC());
    }

    @BeforeEach
    void wire() {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        hooks = DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable);
        deliveries = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC());
        handler = handler(new SqsSyncQueue(aws.sqs(), queueUrl));
        Instant created = Instant.now();
        hooks.create(Hook.builder().id(HOOK_ID).project("deliveries").provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("a-very-secret-secret").buildRepo("https://git.example.net/build.git").buildBranch("master")
                .createdAt(created).updatedAt(created).build());
    }

    private HooksHandler handler(SqsSyncQueue queue) {
        return new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), false), Clock.systemUTC()),
                new DeliveryService(hooks, deliveries, queue, Clock.systemUTC()), new PublicUrl(Optional.empty()));
    }

    @Test
    void listDeliveries_isNewestFirst_pageByPage_withEveryFieldAndTheSyncResult() throws IOException {
        deliveries.recordQueued(Delivery.queued(HOOK_ID, "d1", "d1", T0, "push", COMMIT, MAIN));
        deliveries.recordSync(HOOK_ID, "d1", new LastSync(LastSync.Status.FAILED, COMMIT, T0.plusSeconds(4),
                "the build repository https://git.example.net/build.git refused the push to branch master"
                        + " (pre-receive hook declined); if the branch changed during the sync, the retry reads it again"));
        Delivery pong = Delivery.logged(HOOK_ID, "p1", T0.plusSeconds(1), "ping", Outcome.PONG, 200, null);
        Delivery rejected = Delivery.logged(HOOK_ID, null, T0.plusSeconds(2), "push", Outcome.REJECTED, 401,
                "X-Hub-Signature-256 is missing");
        deliveries.record(pong);
        deliveries.record(rejected);

        APIGatewayV2HTTPResponse first = call("GET", "/hooks/" + HOOK_ID + "/deliveries", Map.of("limit", "2"));

        assertThat(first.getStatusCode()).isEqualTo(200);
        JsonNode page = json(first);
        assertThat(page.get("page").get("size").asInt()).isEqualTo(2);
        assertThat(ids(page)).containsExactly(rejected.deliveryId(), pong.deliveryId());
        JsonNode refused = page.get("_embedded").get("deliveries").get(0);
        assertThat(refused.get("outcome").asText()).isEqualTo("rejected");
        assertThat(refused.get("status").asInt()).isEqualTo(401);
        assertThat(refused.get("reason").asText()).isEqualTo("X-Hub-Signature-256 is missing");
        assertThat(refused.get("providerDeliveryId").isNull()).isTrue();
        String next = page.get("page").get("next").asText();

        JsonNode second = json(call("GET", "/hooks/" + HOOK_ID + "/deliveries", Map.of("limit", "2", "cursor", next)));

        assertThat(second.get("page").get("next").isNull()).isTrue();
        JsonNode queued = second.get("_embedded").get("deliveries").get(0);
        assertThat(queued).isEqualTo(Json.MAPPER.readTree("""
                {"deliveryId": "d1", "providerDeliveryId": "d1", "receivedAt": "2026-11-21T10:00:00Z",
                 "event": "push", "outcome": "queued", "status": 202, "reason": null,
                 "commit": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "ref": "refs/heads/main", "redeliveries": 0,
                 "sync": {"status": "failed", "commit": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                          "at": "2026-11-21T10:00:04Z",
                          "error": "the build repository https://git.example.net/build.git refused the push to branch master (pre-receive hook declined); if the branch changed during the sync, the retry reads it again"}}
                """));
    }

    @Test
    void listDeliveries_unknownHook_is404_andBadLimitOrCursor_is422() throws IOException {
        APIGatewayV2HTTPResponse unknown = call("GET", "/hooks/hk_nope/deliveries", null);
        APIGatewayV2HTTPResponse badLimit = call("GET", "/hooks/" + HOOK_ID + "/deliveries", Map.of("limit", "101"));
        APIGatewayV2HTTPResponse badCursor = call("GET", "/hooks/" + HOOK_ID + "/deliveries", Map.of("cursor", "garbage"));

        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("not_found");
        assertThat(badLimit.getStatusCode()).isEqualTo(422);
        assertThat(json(badLimit).get("fields").get("limit").asText()).isEqualTo("must be a whole number from 1 to 100");
        assertThat(badCursor.getStatusCode()).isEqualTo(422);
        assertThat(json(badCursor).get("fields").get("cursor").asText()).isEqualTo("cursor is not one this API returned");
    }

    @Test
    void getDelivery_returnsTheEntryAsTheListShowsIt() throws IOException {
        deliveries.recordQueued(Delivery.queued(HOOK_ID, "d1", "d1", T0, "push", COMMIT, MAIN));
        Delivery rejected = Delivery.logged(HOOK_ID, null, T0.plusSeconds(2), "push", Outcome.REJECTED, 401,
                "X-Hub-Signature-256 is missing");
        deliveries.record(rejected);

        APIGatewayV2HTTPResponse queued = call("GET", "/hooks/" + HOOK_ID + "/deliveries/d1", null);
        APIGatewayV2HTTPResponse refused = call("GET", "/hooks/" + HOOK_ID + "/deliveries/"
                + rejected.deliveryId(), null);

        assertThat(queued.getStatusCode()).isEqualTo(200);
        JsonNode listed = json(call("GET", "/hooks/" + HOOK_ID + "/deliveries", null)).get("_embedded")
                .get("deliveries");
        assertThat(json(queued)).isEqualTo(listed.get(1));
        assertThat(refused.getStatusCode()).isEqualTo(200);
        assertThat(json(refused)).isEqualTo(listed.get(0));
        assertThat(json(refused).get("outcome").asText()).isEqualTo("rejected");
    }

    @Test
    void getDelivery_unknownHookOrDeliveryOrOverlongId_is404() throws IOException {
        deliveries.recordQueued(Delivery.queued("hk_otherotherotherotherother", "d1", "d1", T0, "push", COMMIT, MAIN));

        APIGatewayV2HTTPResponse noHook = call("GET", "/hooks/hk_nope/deliveries/d1", null);
        APIGatewayV2HTTPResponse noDelivery = call("GET", "/hooks/" + HOOK_ID + "/deliveries/d1", null);
        APIGatewayV2HTTPResponse overlong = call("GET", "/hooks/" + HOOK_ID + "/deliveries/" + "d".repeat(129), null);

        assertThat(noHook.getStatusCode()).isEqualTo(404);
        assertThat(json(noHook).get("message").asText()).isEqualTo("no delivery d1 on hook hk_nope");
        assertThat(noDelivery.getStatusCode()).isEqualTo(404);
        assertThat(json(noDelivery).get("message").asText()).isEqualTo("no delivery d1 on hook " + HOOK_ID);
        assertThat(overlong.getStatusCode()).isEqualTo(404);
        assertThat(json(overlong).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void sync_queuesTheBranchHead_andLogsItAsAManualSync() throws IOException {
        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + HOOK_ID + "/sync", null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("commit").isNull()).isTrue();
        String deliveryId = body.get("deliveryId").asText();
        assertThat(deliveryId).matches("sync_[a-z2-7]{26}");
        List<Message> messages = receiveAll();
        assertThat(messages).hasSize(1);
        assertThat(SyncRequestCodec.decode(messages.get(0).body())).isEqualTo(SyncRequest.headOf(HOOK_ID, deliveryId, MAIN));
        Delivery logged = deliveries.find(HOOK_ID, deliveryId).orElseThrow();
        assertThat(logged.event()).isEqualTo(Delivery.MANUAL_SYNC);
        assertThat(logged.outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(logged.status()).isEqualTo(202);
        assertThat(logged.commit()).isNull();
        assertThat(logged.ref()).isEqualTo(MAIN);
        assertThat(logged.providerDeliveryId()).isNull();
    }

    @Test
    void sync_unknownHook_is404_andQueuesNothing() {
        assertThat(call("POST", "/hooks/hk_nope/sync", null).getStatusCode()).isEqualTo(404);
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void sync_whenTheQueueRefuses_is503_andLogsNothing() throws IOException {
        HooksHandler queueDown = handler(new SqsSyncQueue(aws.sqs(), aws.sqsEndpoint() + "/000000000000/missing.fifo"));

        APIGatewayV2HTTPResponse response = queueDown.handleRequest(event("POST", "/hooks/" + HOOK_ID + "/sync", null),
                null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(json(response).get("error").asText()).isEqualTo("queue_unavailable");
        assertThat(deliveries.list(HOOK_ID, 10, null).items()).isEmpty();
    }

    @Test
    void redeliver_queuesTheSameCommitAgain_pastTheQueuesDeduplication_andCountsIt() throws IOException {
        deliveries.recordQueued(Delivery.queued(HOOK_ID, "d1", "d1", T0, "push", COMMIT, MAIN));

        APIGatewayV2HTTPResponse first = call("POST", "/hooks/" + HOOK_ID + "/deliveries/d1/redeliver", null);
        APIGatewayV2HTTPResponse second = call("POST", "/hooks/" + HOOK_ID + "/deliveries/d1/redeliver", null);

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(second.getStatusCode()).isEqualTo(202);
        assertThat(json(first)).isEqualTo(Json.MAPPER.readTree(
                "{\"status\": \"queued\", \"deliveryId\": \"d1\", \"commit\": \"" + COMMIT + "\"}"));
        List<Message> messages = receiveAll();
        assertThat(messages).hasSize(2);
        assertThat(messages).allSatisfy(m -> assertThat(SyncRequestCodec.decode(m.body()))
                .isEqualTo(new SyncRequest(HOOK_ID, "d1", COMMIT, MAIN)));
        assertThat(deliveries.find(HOOK_ID, "d1").orElseThrow().redeliveries()).isEqualTo(2);
        JsonNode listed = json(call("GET", "/hooks/" + HOOK_ID + "/deliveries", null));
        assertThat(listed.get("_embedded").get("deliveries").get(0).get("redeliveries").asInt()).isEqualTo(2);
    }

    @Test
    void redeliver_ofADeliveryLeftPendingByADeadReceiver_queuesIt() throws IOException {
        deliveries.claim(Delivery.queued(HOOK_ID, "d1", "d1", T0, "push", COMMIT, MAIN));

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + HOOK_ID + "/deliveries/d1/redeliver", null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(receiveAll()).extracting(m -> SyncRequestCodec.decode(m.body()))
                .containsExactly(new SyncRequest(HOOK_ID, "d1", COMMIT, MAIN));
    }

    @Test
    void redeliver_ofAManualSyncThatRan_queuesTheCommitItSynced() throws IOException {
        String deliveryId = json(call("POST", "/hooks/" + HOOK_ID + "/sync", null)).get("deliveryId").asText();
        receiveAll().forEach(this::delete);
        deliveries.recordSync(HOOK_ID, deliveryId, new LastSync(LastSync.Status.SYNCED, COMMIT, T0, null));

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + HOOK_ID + "/deliveries/" + deliveryId
                + "/redeliver", null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(json(response).get("commit").asText()).isEqualTo(COMMIT);
        assertThat(SyncRequestCodec.decode(receiveAll().get(0).body()))
                .isEqualTo(new SyncRequest(HOOK_ID, deliveryId, COMMIT, MAIN));
    }

    @Test
    void redeliver_takesAPercentEncodedDeliveryId() throws IOException {
        String bitbucketStyle = "{8a0c2b5e-1f3d-4c6a-9e7b-2d4f6a8c0e1b}";
        deliveries.recordQueued(Delivery.queued(HOOK_ID, bitbucketStyle, bitbucketStyle, T0, "repo:push", COMMIT, MAIN));

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + HOOK_ID
                + "/deliveries/%7B8a0c2b5e-1f3d-4c6a-9e7b-2d4f6a8c0e1b%7D/redeliver", null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(json(response).get("deliveryId").asText()).isEqualTo(bitbucketStyle);
    }

    @Test
    void redeliver_unknownHookOrDelivery_is404() throws IOException {
        deliveries.recordQueued(Delivery.queued("hk_otherotherotherotherother", "d1", "d1", T0, "push", COMMIT, MAIN));

        APIGatewayV2HTTPResponse noHook = call("POST", "/hooks/hk_nope/deliveries/d1/redeliver", null);
        APIGatewayV2HTTPResponse noDelivery = call("POST", "/hooks/" + HOOK_ID + "/deliveries/d1/redeliver", null);

        assertThat(noHook.getStatusCode()).isEqualTo(404);
        assertThat(noDelivery.getStatusCode()).isEqualTo(404);
        assertThat(json(noDelivery).get("message").asText()).isEqualTo("no delivery d1 on hook " + HOOK_ID);
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void redeliver_aDeliveryThatWasNeverQueued_is409_sayingWhy() throws IOException {
        Delivery ignored = Delivery.logged(HOOK_ID, "gh-1", T0, "push", Outcome.IGNORED, 200,
                "push to refs/heads/feature; this hook follows main");
        deliveries.record(ignored);

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + HOOK_ID + "/deliveries/" + ignored.deliveryId()
                + "/redeliver", null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("not_queued");
        assertThat(body.get("message").asText()).isEqualTo("delivery " + ignored.deliveryId() + " was never queued"
                + " (it was ignored: push to refs/heads/feature; this hook follows main); only deliveries that queued"
                + " a sync can be redelivered");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void getHook_showsConsecutiveFailures_andTheLastError() throws IOException {
        String error = "the source repository https://github.com/acme/app.git rejected the token; check the hook's token";
        hooks.recordSync(HOOK_ID, new LastSync(LastSync.Status.FAILED, COMMIT, T0, error));
        hooks.recordSync(HOOK_ID, new LastSync(LastSync.Status.FAILED, null, T0.plusSeconds(10), error));

        JsonNode hook = json(call("GET", "/hooks/" + HOOK_ID, null));

        assertThat(hook.get("consecutiveFailures").asInt()).isEqualTo(2);
        assertThat(hook.get("lastSync").get("status").asText()).isEqualTo("failed");
        assertThat(hook.get("lastSync").get("commit").isNull()).isTrue();
        assertThat(hook.get("lastSync").get("error").asText()).isEqualTo(error);
    }

    @Test
    void deliveryRoutes_withAnotherMethod_are405() {
        assertThat(call("GET", "/hooks/" + HOOK_ID + "/sync", null).getStatusCode()).isEqualTo(405);
        assertThat(call("POST", "/hooks/" + HOOK_ID + "/deliveries", null).getStatusCode()).isEqualTo(405);
        assertThat(call("GET", "/hooks/" + HOOK_ID + "/deliveries/d1/redeliver", null).getStatusCode()).isEqualTo(405);
        assertThat(call("POST", "/hooks/" + HOOK_ID + "/deliveries/d1", null).getStatusCode()).isEqualTo(405);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, Map<String, String> query) {
        return handler.handleRequest(event(method, path, query), null);
    }

    static APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> query) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json", "x-forwarded-proto", "https"))
                .withQueryStringParameters(query)
                .withRequestContext(AdminEvents.requestContext(method))
                .build();
    }

    private List<Message> receiveAll() {
        return aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    }

    private void delete(Message message) {
        aws.sqs().deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("_embedded").get("deliveries").forEach(d -> ids.add(d.get("deliveryId").asText()));
        return ids;
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
