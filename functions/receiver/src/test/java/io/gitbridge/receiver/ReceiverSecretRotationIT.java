package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.Delivery.Outcome;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.SecretRotation;
import io.gitbridge.json.Json;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rotated secret against DynamoDB and SQS: every provider's delivery verifies with the current secret or, until the
 * grace period ends, the previous one (logged as such), and only with the current one after; a refused delivery keeps
 * the id the provider sent without taking the key that a valid delivery with that id is queued under.
 */
class ReceiverSecretRotationIT {

    private static final String HOOK_ID = "hk_rotation000000000000000";
    private static final String OLD_SECRET = "the-secret-before-rotation-0123";
    private static final String NEW_SECRET = "the-secret-after-rotation-45678";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    private DynamoHookRepository hooks;
    private DynamoDeliveryLog deliveries;
    private ReceiverHandler handler;

    @BeforeEach
    void wire() {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        String queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        hooks = DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable);
        deliveries = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC());
        handler = new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(), deliveries,
                new SqsSyncQueue(aws.sqs(), queueUrl), new SteppedClock(now)));
    }

    static Stream<String> providers() {
        return Deliveries.providers().stream();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void rotatedSecret_acceptsBothSecretsDuringTheGracePeriod_andOnlyTheNewOneAfter(String provider) throws Exception {
        storeHook(provider, new SecretRotation(OLD_SECRET, now.get().plusSeconds(60)));

        APIGatewayV2HTTPResponse withNew = deliver(push(provider, NEW_SECRET, "new-in-grace"));
        APIGatewayV2HTTPResponse withOld = deliver(push(provider, OLD_SECRET, "old-in-grace"));

        assertThat(withNew.getStatusCode()).as(withNew.getBody()).isEqualTo(202);
        assertThat(withOld.getStatusCode()).as(withOld.getBody()).isEqualTo(202);
        assertThat(entry("new-in-grace").verification()).isEqualTo(Delivery.Verification.CURRENT);
        assertThat(entry("old-in-grace").verification()).isEqualTo(Delivery.Verification.PREVIOUS);

        now.set(now.get().plusSeconds(60));
        APIGatewayV2HTTPResponse oldAfter = deliver(push(provider, OLD_SECRET, "old-after-grace"));
        APIGatewayV2HTTPResponse newAfter = deliver(push(provider, NEW_SECRET, "new-after-grace"));

        assertThat(oldAfter.getStatusCode()).as(oldAfter.getBody()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(oldAfter.getBody()).get("error").asText()).isEqualTo("invalid_signature");
        assertThat(newAfter.getStatusCode()).as(newAfter.getBody()).isEqualTo(202);
    }

    @Test
    void deliveryVerifiedWithThePreviousSecret_isListedWithVerifiedWithPrevious() throws Exception {
        storeHook("github", new SecretRotation(OLD_SECRET, now.get().plusSeconds(60)));

        deliver(push("github", OLD_SECRET, "listed-old"));

        Delivery entry = entry("listed-old");
        assertThat(entry.outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(io.gitbridge.delivery.DeliveryJson.render(entry).get("verifiedWith").asText()).isEqualTo("previous");
        assertThat(io.gitbridge.delivery.DeliveryJson.render(entry).get("verified").asBoolean()).isTrue();
    }

    @Test
    void hookWithoutRotation_refusesThePreviousSecret() throws Exception {
        storeHook("github", null);

        assertThat(deliver(push("github", OLD_SECRET, "no-rotation")).getStatusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("providersThatSendAnId")
    void refusedDelivery_keepsTheProvidersId_markedUnverified_andTheValidResendIsStillQueued(String provider)
            throws Exception {
        storeHook(provider, null);
        String id = "provider-id-" + provider;

        APIGatewayV2HTTPResponse forged = deliver(push(provider, "someone-elses-secret-000", id));
        APIGatewayV2HTTPResponse valid = deliver(push(provider, NEW_SECRET, id));

        assertThat(forged.getStatusCode()).isEqualTo(401);
        assertThat(valid.getStatusCode()).as(valid.getBody()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(valid.getBody()).get("deliveryId").asText()).isEqualTo(id);
        List<Delivery> log = log();
        Delivery rejected = log.stream().filter(d -> d.outcome() == Outcome.REJECTED).findFirst().orElseThrow();
        assertThat(rejected.providerDeliveryId()).isEqualTo(id);
        assertThat(rejected.deliveryId()).isNotEqualTo(id).startsWith("log_");
        assertThat(rejected.verification()).isEqualTo(Delivery.Verification.UNVERIFIED);
        assertThat(io.gitbridge.delivery.DeliveryJson.render(rejected).get("verified").asBoolean()).isFalse();
        assertThat(io.gitbridge.delivery.DeliveryJson.render(rejected).has("verifiedWith")).isFalse();
        Delivery queued = log.stream().filter(d -> d.outcome() == Outcome.QUEUED).findFirst().orElseThrow();
        assertThat(queued.deliveryId()).isEqualTo(id);
        assertThat(queued.verification()).isEqualTo(Delivery.Verification.CURRENT);
    }

    /** GitFlic sends no delivery id, Azure DevOps names it only in the (unverified) body: nothing to keep. */
    static Stream<String> providersThatSendAnId() {
        return providers().filter(p -> !p.equals("gitflic") && !p.equals("azure-devops"));
    }

    @Test
    void refusedDelivery_ofAProviderThatNamesItsIdOnlyInTheBody_isLoggedWithoutAnId() throws Exception {
        storeHook("azure-devops", null);

        assertThat(deliver(push("azure-devops", "someone-elses-secret-000", "in-the-body")).getStatusCode())
                .isEqualTo(401);

        Delivery rejected = log().get(0);
        assertThat(rejected.providerDeliveryId()).isNull();
        assertThat(rejected.verification()).isEqualTo(Delivery.Verification.UNVERIFIED);
    }

    @Test
    void refusedDelivery_withAnOverlongClaimedId_isRefusedBeforeVerification_andLoggedWithoutIt() throws Exception {
        storeHook("github", null);

        APIGatewayV2HTTPResponse response = deliver(push("github", NEW_SECRET, "x".repeat(201)));

        assertThat(response.getStatusCode()).isEqualTo(400);
        Delivery rejected = log().get(0);
        assertThat(rejected.providerDeliveryId()).isNull();
        assertThat(rejected.verification()).isEqualTo(Delivery.Verification.UNVERIFIED);
    }

    private void storeHook(String provider, SecretRotation rotation) {
        Instant at = now.get();
        hooks.create(Hook.builder().id(HOOK_ID).project("rotation-" + provider).provider(provider)
                .sourceRepo("file:///tmp/gitbridge-rotation/source.git").branch("main")
                .events(new HookEvents(true, false)).secret(NEW_SECRET)
                .buildRepo("https://git.example.net/build.git").buildBranch("master").createdAt(at).updatedAt(at)
                .secretRotation(rotation).build());
        assertThat(hooks.find(HOOK_ID).orElseThrow().secretRotation()).isEqualTo(rotation);
    }

    /** A push of a commit of its own, so that providers whose delivery id is the body's digest see distinct ones. */
    private static TestDelivery push(String provider, String secret, String deliveryId) {
        return Deliveries.of(provider).push(secret, "main", commitOf(deliveryId), deliveryId);
    }

    private static String commitOf(String deliveryId) {
        return io.gitbridge.provider.Signatures.hex(io.gitbridge.provider.Signatures.sha256(
                deliveryId.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 40);
    }

    private APIGatewayV2HTTPResponse deliver(TestDelivery delivery) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        Map<String, String> headers = new HashMap<>();
        delivery.headers().forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value));
        event.setHeaders(headers);
        event.setRawPath("/webhooks/" + HOOK_ID);
        event.setPathParameters(Map.of("hookId", HOOK_ID));
        event.setBody(Base64.getEncoder().encodeToString(delivery.body()));
        event.setIsBase64Encoded(true);
        return handler.handleRequest(event, null);
    }

    /** The entry of the push {@link #push} built for {@code deliveryId}, found by its commit. */
    private Delivery entry(String deliveryId) {
        return log().stream().filter(d -> commitOf(deliveryId).equals(d.commit())).findFirst()
                .orElseThrow(() -> new AssertionError("no entry for " + deliveryId + " in " + log()));
    }

    private List<Delivery> log() {
        return deliveries.list(HOOK_ID, 50, null).items().stream()
                .sorted(Comparator.comparing(Delivery::receivedAt)).toList();
    }

    /** A clock the test moves forward, so that a grace period ends without waiting for it. */
    private static final class SteppedClock extends Clock {
        private final AtomicReference<Instant> now;

        SteppedClock(AtomicReference<Instant> now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
