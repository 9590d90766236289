package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.Delivery.Outcome;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.Signatures;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncQueue;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The receiver function against DynamoDB and SQS, fed the same API Gateway envelopes as {@code sam local invoke}. */
class ReceiverHandlerIT {

    private static final String HOOK_ID = "hk_example0000000000000000";
    private static final String SECRET = "gitbridge-example-secret-0123456789";
    private static final String PUSH_DELIVERY = "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60";
    private static final String PUSH_COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private String queueUrl;
    private DynamoDeliveryLog deliveries;
    private ReceiverHandler handler;

    @BeforeEach
    void wire() {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        hooks = DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable);
        deliveries = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC());
        handler = new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(), deliveries,
                new SqsSyncQueue(aws.sqs(), queueUrl), Clock.systemUTC()));
    }

    private void storeHook(HookEvents events) {
        Instant now = Instant.now();
        hooks.create(Hook.builder().id(HOOK_ID).project("acme-app").provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(events).secret(SECRET)
                .buildRepo("https://git.example.net/build.git").buildBranch("master").createdAt(now).updatedAt(now)
                .build());
    }

    @Test
    void push_isQueued_asASmallSyncRequestInTheHooksGroup() throws IOException {
        storeHook(new HookEvents(true, false));

        APIGatewayV2HTTPResponse response = handler.handleRequest(envelope("github/push.apigw.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("deliveryId").asText()).isEqualTo("6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60");
        List<Message> messages = receiveAll();
        assertThat(messages).hasSize(1);
        assertThat(SyncRequestCodec.decode(messages.get(0).body())).isEqualTo(new SyncRequest(HOOK_ID,
                "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "refs/heads/main"));
        assertThat(messages.get(0).body().length()).isLessThan(300);
    }

    @Test
    void formEncodedPushes_areQueued_fromARestWebhookAndFromThePubSubHubbubHubSignedOnlyWithSha1()
            throws IOException {
        storeHook(new HookEvents(true, false));

        APIGatewayV2HTTPResponse form = handler.handleRequest(envelope("github/push.form.apigw.json"), null);
        APIGatewayV2HTTPResponse hub = handler.handleRequest(envelope("github/push.pubsubhubbub.apigw.json"), null);

        assertThat(form.getStatusCode()).as(form.getBody()).isEqualTo(202);
        assertThat(json(form).get("deliveryId").asText()).isEqualTo("7c0b4d20-c6b4-11f1-9f3b-2c8d4e5f6a71");
        assertThat(hub.getStatusCode()).as(hub.getBody()).isEqualTo(202);
        assertThat(json(hub).get("deliveryId").asText()).isEqualTo("8d1c5e30-c6b4-11f1-8a4c-3d9e5f6a7b82");
        assertThat(receiveAll()).extracting(message -> SyncRequestCodec.decode(message.body()).commit())
                .containsExactly("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
    }

    @Test
    void sameDeliveryTwice_isADuplicate_andQueuedOnce() throws IOException {
        storeHook(new HookEvents(true, false));

        handler.handleRequest(envelope("github/push.apigw.json"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(envelope("github/push.apigw.json"), null);

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("duplicate");
        assertThat(receiveAll()).hasSize(1);
    }

    @Test
    void workflowRunSuccess_queuesTheRunsHeadSha() throws IOException {
        storeHook(new HookEvents(false, true));

        APIGatewayV2HTTPResponse response = handler.handleRequest(envelope("github/workflow_run.apigw.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(SyncRequestCodec.decode(receiveAll().get(0).body()).commit())
                .isEqualTo("3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
    }

    @Test
    void ping_isAnsweredWithPong() throws IOException {
        storeHook(new HookEvents(true, false));

        APIGatewayV2HTTPResponse response = handler.handleRequest(envelope("github/ping.apigw.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("pong");
    }

    @Test
    void unknownHook_is404() throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(envelope("github/push.apigw.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void tamperedBody_is401_andNothingIsQueued() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        event.setBody(event.getBody().replace("refs/heads/main", "refs/heads/evil"));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_signature");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void missingSignature_is401() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        // The fixture carries both GitHub signatures; the legacy SHA-1 one alone would verify.
        headers.remove("x-hub-signature-256");
        headers.remove("x-hub-signature");
        event.setHeaders(headers);

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }

    @Test
    void legacySha1Signature_withoutSha256_isCheckedToo_andAWrongOneIs401() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("x-hub-signature-256");
        headers.put("x-hub-signature", "sha1=" + "0".repeat(40));
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(json(response).get("message").asText())
                .isEqualTo("X-Hub-Signature does not match the body signed with the hook's secret");
        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void unsubscribedEvent_is400_withTheReason() throws IOException {
        storeHook(new HookEvents(true, false));

        APIGatewayV2HTTPResponse response = handler.handleRequest(envelope("github/workflow_run.apigw.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isEqualTo("this hook is not subscribed to CI (workflow_run) events");
    }

    @Test
    void pushToAnotherBranch_is200Ignored() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = signed("push", Fixtures.text("github/push.json")
                .replace("\"ref\": \"refs/heads/main\"", "\"ref\": \"refs/heads/feature\""), "application/json", false);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("ignored");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void formEncodedBase64Body_isVerifiedOverTheRawBytes_andQueued() throws IOException {
        storeHook(new HookEvents(true, false));
        String form = "payload=" + URLEncoder.encode(Fixtures.text("github/push.json"), StandardCharsets.UTF_8);

        APIGatewayV2HTTPResponse response = handler.handleRequest(
                signed("push", form, "application/x-www-form-urlencoded", true), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
    }

    @Test
    void signedForm_withABrokenEscapeInAnotherField_is400_andNothingIsQueued() throws IOException {
        storeHook(new HookEvents(true, false));
        String payload = "payload=" + URLEncoder.encode(Fixtures.text("github/push.json"), StandardCharsets.UTF_8);

        for (String form : List.of("x=%zz&" + payload, payload + "&x=%2", payload + "&%G0=1")) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(
                    signed("push", form, "application/x-www-form-urlencoded", false), null);

            assertThat(response.getStatusCode()).as("form %s…%s", form.substring(0, 8), form.substring(form.length() - 8))
                    .isEqualTo(400);
            assertThat(json(response).get("message").asText()).isEqualTo("form body is not URL-encoded");
        }
        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void bodyOver10Megabytes_is413() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        event.setBody("x".repeat(ReceiverHandler.MAX_BODY_BYTES + 1));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(413);
    }

    @Test
    void signedMalformedJson_is400() throws IOException {
        storeHook(new HookEvents(true, false));

        APIGatewayV2HTTPResponse response = handler.handleRequest(signed("push", "{\"ref\":", "application/json", false), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("malformed_payload");
    }

    @Test
    void queuedPush_isLogged_withEventCommitAndRef() throws IOException {
        storeHook(new HookEvents(true, false));

        handler.handleRequest(envelope("github/push.apigw.json"), null);

        assertThat(log()).containsExactly(new Delivery(HOOK_ID, PUSH_DELIVERY, PUSH_DELIVERY, only(log()).receivedAt(),
                "push", Outcome.QUEUED, 202, null, PUSH_COMMIT, "refs/heads/main", null, 0,
                Delivery.Verification.CURRENT));
    }

    @Test
    void duplicate_isLoggedOnItsOwnLine_andTheQueuedEntryStays() throws IOException {
        storeHook(new HookEvents(true, false));

        handler.handleRequest(envelope("github/push.apigw.json"), null);
        handler.handleRequest(envelope("github/push.apigw.json"), null);

        List<Delivery> log = log();
        assertThat(log).extracting(Delivery::outcome).containsExactly(Outcome.DUPLICATE, Outcome.QUEUED);
        Delivery duplicate = log.get(0);
        assertThat(duplicate.deliveryId()).startsWith("log_");
        assertThat(duplicate.providerDeliveryId()).isEqualTo(PUSH_DELIVERY);
        assertThat(duplicate.event()).isEqualTo("push");
        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(duplicate.reason()).isEqualTo("delivery " + PUSH_DELIVERY + " was already queued");
        assertThat(duplicate.commit()).isEqualTo(PUSH_COMMIT);
        assertThat(log.get(1).deliveryId()).isEqualTo(PUSH_DELIVERY);
    }

    @Test
    void ping_isLoggedAsPong() throws IOException {
        storeHook(new HookEvents(true, false));

        handler.handleRequest(envelope("github/ping.apigw.json"), null);

        Delivery pong = only(log());
        assertThat(pong.outcome()).isEqualTo(Outcome.PONG);
        assertThat(pong.event()).isEqualTo("ping");
        assertThat(pong.status()).isEqualTo(200);
        assertThat(pong.reason()).isNull();
        assertThat(pong.providerDeliveryId()).isNotBlank();
    }

    @Test
    void pushToAnotherBranch_isLoggedAsIgnored_withTheReasonItWasAnsweredWith() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = signed("push", Fixtures.text("github/push.json")
                .replace("\"ref\": \"refs/heads/main\"", "\"ref\": \"refs/heads/feature\""), "application/json", false);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        Delivery ignored = only(log());
        assertThat(ignored.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(ignored.event()).isEqualTo("push");
        assertThat(ignored.status()).isEqualTo(200);
        assertThat(ignored.reason()).isEqualTo(json(response).get("reason").asText()).isNotBlank();
        assertThat(ignored.commit()).isNull();
    }

    @Test
    void tamperedBody_isLoggedAsRejected401_withTheEventAndUnverifiedDeliveryIdItsHeadersName() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        event.setBody(event.getBody().replace("refs/heads/main", "refs/heads/evil"));

        handler.handleRequest(event, null);

        assertThat(log()).containsExactly(new Delivery(HOOK_ID, only(log()).deliveryId(), PUSH_DELIVERY,
                only(log()).receivedAt(), "push", Outcome.REJECTED, 401,
                "X-Hub-Signature-256 does not match the body signed with the hook's secret", null, null, null, 0,
                Delivery.Verification.UNVERIFIED));
    }

    @Test
    void unsubscribedEvent_isLoggedAsRejected400_withTheReason() throws IOException {
        storeHook(new HookEvents(true, false));

        handler.handleRequest(envelope("github/workflow_run.apigw.json"), null);

        Delivery rejected = only(log());
        assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(rejected.event()).isEqualTo("workflow_run");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.reason()).isEqualTo("this hook is not subscribed to CI (workflow_run) events");
    }

    @Test
    void bodyOver10Megabytes_isLoggedAsRejected413_withoutReadingTheBody() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        event.setBody("x".repeat(ReceiverHandler.MAX_BODY_BYTES + 1));

        handler.handleRequest(event, null);

        Delivery rejected = only(log());
        assertThat(rejected.status()).isEqualTo(413);
        assertThat(rejected.event()).isEqualTo("push");
        assertThat(rejected.reason())
                .isEqualTo("body is larger than 10 MB (10485760 bytes), the most this route accepts");
    }

    @Test
    void unknownHook_logsNothing_evenForARefusal() throws IOException {
        APIGatewayV2HTTPEvent tooLarge = envelope("github/push.apigw.json");
        tooLarge.setBody("x".repeat(ReceiverHandler.MAX_BODY_BYTES + 1));

        assertThat(handler.handleRequest(envelope("github/push.apigw.json"), null).getStatusCode()).isEqualTo(404);
        assertThat(handler.handleRequest(tooLarge, null).getStatusCode()).isEqualTo(413);

        assertThat(log()).isEmpty();
    }

    @Test
    void aDeliveryLogThatCannotBeWritten_doesNotChangeTheAnswers() throws IOException {
        storeHook(new HookEvents(true, false));
        DynamoDeliveryLog missingTable = new DynamoDeliveryLog(aws.dynamoDb(), aws.uniqueName("no-such-table"),
                Duration.ofDays(30), Clock.systemUTC());
        ReceiverHandler withBrokenLog = new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(),
                missingTable, new SqsSyncQueue(aws.sqs(), queueUrl), Clock.systemUTC()));
        APIGatewayV2HTTPEvent tampered = envelope("github/push.apigw.json");
        tampered.setBody(tampered.getBody().replace("refs/heads/main", "refs/heads/evil"));

        APIGatewayV2HTTPResponse pong = withBrokenLog.handleRequest(envelope("github/ping.apigw.json"), null);
        APIGatewayV2HTTPResponse refused = withBrokenLog.handleRequest(tampered, null);

        assertThat(pong.getStatusCode()).isEqualTo(200);
        assertThat(json(pong).get("status").asText()).isEqualTo("pong");
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(json(refused).get("error").asText()).isEqualTo("invalid_signature");
    }

    @Test
    void pushToAMegabyteRef_is400_withAReasonThatEchoesOnlyACutPrefix() throws IOException {
        storeHook(new HookEvents(true, false));
        String ref = "refs/heads/" + "r".repeat(1024 * 1024);
        APIGatewayV2HTTPEvent event = signed("push", Fixtures.text("github/push.json")
                .replace("\"ref\": \"refs/heads/main\"", "\"ref\": \"" + ref + "\""), "application/json", false);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        // A ref longer than git allows (1,024 bytes) is malformed, whatever branch it names.
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).hasSizeLessThanOrEqualTo(300);
        assertThat(only(log()).reason()).hasSizeLessThanOrEqualTo(300);
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void signedPushWithAThousandCharacterDeliveryId_is400_andNothingIsQueued() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-github-delivery", "d".repeat(1000));
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("bad_request");
        assertThat(json(response).get("message").asText())
                .startsWith("header x-github-delivery must be at most 200 characters without control characters, got 1000");
        assertThat(only(log()).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void signedPushWithADeliveryIdLongerThanAnyProvidersId_is400() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-github-delivery", "d".repeat(150));
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText())
                .startsWith("delivery id must be 1 to 128 visible ASCII characters, got 150 characters");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void hookIdLongerThanAnyKey_is404() throws IOException {
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        event.setPathParameters(Map.of("hookId", "h".repeat(2049)));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void compressedBody_is415NamingTheEncoding_not401() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-encoding", "gzip");
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(415);
        assertThat(json(response).get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(json(response).get("message").asText()).contains("gzip");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void deliveryHeaderSentTwice_isJoinedByApiGateway_andRefused400() throws IOException {
        storeHook(new HookEvents(true, false));
        APIGatewayV2HTTPEvent event = envelope("github/push.apigw.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-github-delivery", PUSH_DELIVERY + "," + PUSH_DELIVERY);
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).startsWith("header x-github-delivery must appear once");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    /** Stands for the process dying (a Lambda timeout, out of memory): nothing after it runs, no catch sees it. */
    private static final class Crash extends Error {
        Crash(String where) {
            super("crashed " + where);
        }
    }

    /** The queue of a receiver that dies before its send reaches SQS. */
    private static final SyncQueue CRASH_BEFORE_SEND = (request, attempt) -> {
        throw new Crash("before the sync was sent");
    };

    /** The delivery log of a receiver that dies after the send, before it confirms the entry. */
    private DeliveryLog crashBeforeConfirm() {
        return new DeliveryLog() {
            @Override public boolean recordQueued(Delivery delivery) { return deliveries.recordQueued(delivery); }
            @Override public boolean claim(Delivery delivery) { return deliveries.claim(delivery); }
            @Override public void confirmQueued(String hookId, String deliveryId) {
                throw new Crash("after the send, before the entry was confirmed");
            }
            @Override public void record(Delivery delivery) { deliveries.record(delivery); }
            @Override public void forget(String hookId, String deliveryId) { deliveries.forget(hookId, deliveryId); }
            @Override public Optional<Delivery> find(String hookId, String deliveryId) {
                return deliveries.find(hookId, deliveryId);
            }
            @Override public Page<Delivery> list(String hookId, int limit, String cursor) {
                return deliveries.list(hookId, limit, cursor);
            }
            @Override public void recordSync(String hookId, String deliveryId, LastSync outcome) {
                deliveries.recordSync(hookId, deliveryId, outcome);
            }
            @Override public void countRedelivery(String hookId, String deliveryId) {
                deliveries.countRedelivery(hookId, deliveryId);
            }
        };
    }

    @Test
    void crashBetweenClaimAndSend_leavesThePushPending_andTheResendIsQueued_notDuplicate() throws IOException {
        storeHook(new HookEvents(true, false));
        ReceiverHandler dying = new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(), deliveries,
                CRASH_BEFORE_SEND, Clock.systemUTC()));

        assertThatThrownBy(() -> dying.handleRequest(envelope("github/push.apigw.json"), null))
                .isInstanceOf(Crash.class);
        assertThat(deliveries.find(HOOK_ID, PUSH_DELIVERY)).get().extracting(Delivery::outcome)
                .isEqualTo(Outcome.PENDING);
        APIGatewayV2HTTPResponse resend = handler.handleRequest(envelope("github/push.apigw.json"), null);

        assertThat(resend.getStatusCode()).isEqualTo(202);
        assertThat(json(resend).get("status").asText()).isEqualTo("queued");
        assertThat(deliveries.find(HOOK_ID, PUSH_DELIVERY)).get().extracting(Delivery::outcome)
                .isEqualTo(Outcome.QUEUED);
        assertThat(consumeAll()).extracting(m -> SyncRequestCodec.decode(m.body()).commit())
                .containsExactly(PUSH_COMMIT);
    }

    @Test
    void crashBetweenSendAndConfirm_resendIsQueued_andBothDeliveriesCostOneSyncMessage() throws IOException {
        storeHook(new HookEvents(true, false));
        ReceiverHandler dying = new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(),
                crashBeforeConfirm(), new SqsSyncQueue(aws.sqs(), queueUrl), Clock.systemUTC()));

        assertThatThrownBy(() -> dying.handleRequest(envelope("github/push.apigw.json"), null))
                .isInstanceOf(Crash.class);
        APIGatewayV2HTTPResponse resend = handler.handleRequest(envelope("github/push.apigw.json"), null);
        APIGatewayV2HTTPResponse third = handler.handleRequest(envelope("github/push.apigw.json"), null);

        assertThat(resend.getStatusCode()).isEqualTo(202);
        assertThat(json(resend).get("status").asText()).isEqualTo("queued");
        assertThat(third.getStatusCode()).isEqualTo(200);
        assertThat(json(third).get("status").asText()).isEqualTo("duplicate");
        // Both the dead receiver and the resend sent; FIFO deduplication on hook and delivery keeps one message.
        assertThat(consumeAll()).hasSize(1);
        assertThat(consumeAll()).isEmpty();
    }

    @Test
    void queueRefusingTheSend_forgetsTheClaim_soTheResendIsQueued() throws IOException {
        storeHook(new HookEvents(true, false));
        ReceiverHandler refused = new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(), deliveries,
                (request, attempt) -> {
                    throw new QueueUnavailableException("down", null);
                }, Clock.systemUTC()));

        APIGatewayV2HTTPResponse first = refused.handleRequest(envelope("github/push.apigw.json"), null);
        APIGatewayV2HTTPResponse resend = handler.handleRequest(envelope("github/push.apigw.json"), null);

        assertThat(first.getStatusCode()).isEqualTo(503);
        assertThat(json(first).get("error").asText()).isEqualTo("queue_unavailable");
        assertThat(resend.getStatusCode()).isEqualTo(202);
        assertThat(consumeAll()).hasSize(1);
    }

    /** Receives every visible message and deletes it, as the sync function's event source does. */
    private List<Message> consumeAll() {
        List<Message> messages = receiveAll();
        messages.forEach(m -> aws.sqs().deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        return messages;
    }

    private List<Delivery> log() {
        return deliveries.list(HOOK_ID, 20, null).items();
    }

    private static Delivery only(List<Delivery> log) {
        assertThat(log).hasSize(1);
        return log.get(0);
    }

    private APIGatewayV2HTTPEvent signed(String event, String body, String contentType, boolean base64) throws IOException {
        APIGatewayV2HTTPEvent envelope = envelope("github/push.apigw.json");
        Map<String, String> headers = new HashMap<>(envelope.getHeaders());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.put("x-github-event", event);
        headers.put("content-type", contentType);
        headers.put("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, bytes)));
        envelope.setHeaders(headers);
        envelope.setBody(base64 ? Base64.getEncoder().encodeToString(bytes) : body);
        envelope.setIsBase64Encoded(base64);
        return envelope;
    }

    static APIGatewayV2HTTPEvent envelope(String fixture) throws IOException {
        return Envelopes.envelope(fixture);
    }

    private List<Message> receiveAll() {
        return aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.MAPPER.readTree(response.getBody());
    }
}
