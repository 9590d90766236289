package io.gitbridge.receiver;

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
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.Signatures;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue 7 rule 5 and issue 8's provider-level bad input through the receiver function, against DynamoDB Local and
 * ElasticMQ: a delivery about another repository is answered 200 ignored, queues nothing and costs the hook nothing.
 */
class ReceiverRepositoryRuleIT {

    private static final String HOOK_ID = "hk_example0000000000000000";
    private static final String SECRET = "gitbridge-example-secret-0123456789";
    private static final String DELIVERY = "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private DynamoDeliveryLog deliveries;
    private String queueUrl;
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

    @Test
    void githubPush_ofAnotherRepository_isIgnored_queuesNothing_andIsNoFailure() throws IOException {
        storeHook("github", "https://github.com/acme/demo.git");
        byte[] body = githubPush("acme/other");

        APIGatewayV2HTTPResponse response = handler.handleRequest(github("push", DELIVERY, body), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("status").asText()).isEqualTo("ignored");
        assertThat(answer.get("reason").asText()).isEqualTo("not this hook's repository: the delivery is about "
                + "acme/other, this hook's source is https://github.com/acme/demo.git");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
        Delivery logged = only(log());
        assertThat(logged.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(logged.status()).isEqualTo(200);
        assertThat(logged.reason()).startsWith("not this hook's repository");
        assertThat(hooks.find(HOOK_ID).orElseThrow().consecutiveFailures()).isZero();
    }

    @Test
    void githubPush_ofTheHooksRepository_spelledDifferently_isQueued() throws IOException {
        storeHook("github", "https://GitHub.com/Acme/Demo/");

        APIGatewayV2HTTPResponse response = handler.handleRequest(github("push", DELIVERY, githubPush("acme/demo")),
                null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(receiveAll()).hasSize(1);
    }

    @Test
    void githubPush_whoseBodyStartsWithAByteOrderMark_isQueued() throws IOException {
        storeHook("github", "https://github.com/acme/app.git");
        byte[] json = Fixtures.bytes("github/push.json");
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);

        APIGatewayV2HTTPResponse response = handler.handleRequest(github("push", DELIVERY, body), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(receiveAll()).hasSize(1);
    }

    @Test
    void githubPush_withTrailingGarbage_is400_andNothingIsQueued() throws IOException {
        storeHook("github", "https://github.com/acme/app.git");
        byte[] body = (Fixtures.text("github/push.json") + "garbage").getBytes(StandardCharsets.UTF_8);

        APIGatewayV2HTTPResponse response = handler.handleRequest(github("push", DELIVERY, body), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("malformed_payload");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
        assertThat(only(log()).outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void githubPush_whoseDeletedIsNotABoolean_is400_andNothingIsQueued() throws IOException {
        storeHook("github", "https://github.com/acme/app.git");
        byte[] body = Fixtures.text("github/push.json").replace("\"deleted\": false", "\"deleted\": \"yes\"")
                .getBytes(StandardCharsets.UTF_8);

        APIGatewayV2HTTPResponse response = handler.handleRequest(github("push", DELIVERY, body), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isEqualTo("payload field deleted is not a boolean");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
    }

    @Test
    void githubPush_withADeliveryIdOf1000Characters_is400_andNothingIsQueued() throws IOException {
        storeHook("github", "https://github.com/acme/app.git");

        APIGatewayV2HTTPResponse response = handler.handleRequest(github("push", "d".repeat(1000),
                Fixtures.bytes("github/push.json")), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText())
                .startsWith("header x-github-delivery must be at most 200 characters without control characters");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
        assertThat(only(log()).deliveryId()).doesNotContain("d".repeat(201));
    }

    @Test
    void githubPush_withAControlCharacterInTheEvent_is400_andNothingIsQueued() throws IOException {
        storeHook("github", "https://github.com/acme/app.git");

        APIGatewayV2HTTPResponse response = handler.handleRequest(github("push\u0001", DELIVERY,
                Fixtures.bytes("github/push.json")), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText())
                .startsWith("header x-github-event must be at most 200 characters without control characters");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
        assertThat(only(log()).event()).isEqualTo("unknown");
    }

    @Test
    void gitlabMergeRequestEvent_isIgnored_so_GitLabDoesNotDisableTheHook() throws IOException {
        storeHook("gitlab", "https://gitlab.com/acme/app.git");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of("content-type", "application/json", "x-gitlab-event", "Merge Request Hook",
                "x-gitlab-token", SECRET, "idempotency-key", "c0ffee00-0000-4000-8000-000000000001"));
        event.setPathParameters(Map.of("hookId", HOOK_ID));
        event.setBody("{\"object_kind\": \"merge_request\"}");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("ignored");
        assertThat(aws.waitingMessages(queueUrl)).isZero();
        assertThat(only(log()).outcome()).isEqualTo(Outcome.IGNORED);
    }

    private void storeHook(String provider, String sourceRepo) {
        Instant now = Instant.now();
        hooks.create(Hook.builder().id(HOOK_ID).project("acme-demo").provider(provider).sourceRepo(sourceRepo)
                .branch("main").events(new HookEvents(true, false)).secret(SECRET)
                .buildRepo("https://git.example.net/build.git").buildBranch("master").createdAt(now).updatedAt(now)
                .build());
    }

    /** The fixture push, its repository renamed from {@code acme/app} to {@code fullName} everywhere. */
    private static byte[] githubPush(String fullName) {
        return Fixtures.text("github/push.json").replace("acme/app", fullName).getBytes(StandardCharsets.UTF_8);
    }

    /** A GitHub delivery of {@code body}, signed with the hook's secret over the exact bytes, sent base64-encoded. */
    private static APIGatewayV2HTTPEvent github(String event, String deliveryId, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-github-event", event);
        headers.put("x-github-delivery", deliveryId);
        headers.put("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body)));
        APIGatewayV2HTTPEvent envelope = new APIGatewayV2HTTPEvent();
        envelope.setHeaders(headers);
        envelope.setRawPath("/webhooks/" + HOOK_ID);
        envelope.setPathParameters(Map.of("hookId", HOOK_ID));
        envelope.setBody(Base64.getEncoder().encodeToString(body));
        envelope.setIsBase64Encoded(true);
        return envelope;
    }

    private List<Delivery> log() {
        return deliveries.list(HOOK_ID, 20, null).items();
    }

    private static Delivery only(List<Delivery> log) {
        assertThat(log).hasSize(1);
        return log.get(0);
    }

    private List<Message> receiveAll() {
        return aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.MAPPER.readTree(response.getBody());
    }
}
