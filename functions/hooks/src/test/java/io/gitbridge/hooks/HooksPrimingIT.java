package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.crypto.KmsTokenCipher;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SnapStart priming of the hooks function against DynamoDB Local, ElasticMQ and the KMS stand-in: it changes nothing. */
class HooksPrimingIT {

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private String hooksTable;
    private String deliveriesTable;
    private String queueUrl;
    private HooksHandler handler;

    @BeforeEach
    void wire() {
        hooksTable = aws.uniqueName("hooks");
        deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        String tokenKey = aws.kms().createKey(k -> k.description("gitbridge tokens")).keyMetadata().arn();
        DynamoHookRepository hooks = new DynamoHookRepository(aws.dynamoDb(), hooksTable,
                new KmsTokenCipher(aws.kms(), tokenKey));
        DynamoDeliveryLog deliveries = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30),
                Clock.systemUTC());
        // The deployed URL rules, as on Lambda.
        handler = new HooksHandler(new HookService(hooks, new HookValidator(Providers.standard(), false),
                Clock.systemUTC()), new DeliveryService(hooks, deliveries, new SqsSyncQueue(aws.sqs(), queueUrl),
                Clock.systemUTC()), new PublicUrl(Optional.empty()));
        // Something to leave alone: one hook with a token and one delivery of it.
        Instant now = Instant.now();
        hooks.create(Hook.builder().id("hk_example0000000000000000").project("acme-app").provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("gitbridge-example-secret-0123456789").token("ghp_example-token")
                .buildRepo("https://git.example.net/build.git").buildBranch("master").createdAt(now).updatedAt(now)
                .build());
        deliveries.recordQueued(Delivery.queued("hk_example0000000000000000", "d-1", "d-1", now, "push",
                "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "refs/heads/main"));
    }

    @Test
    void prime_answersEveryRequestAsExpected_withoutFailures() {
        HooksPriming.Result result = new HooksPriming(event -> handler.handleRequest(event, null)).prime();

        assertThat(result.failures()).isEmpty();
        assertThat(result.answers()).containsExactly(
                "GET /hooks/" + HooksPriming.NO_SUCH_HOOK + ": 404",
                "GET /hooks: 200",
                "GET /hooks/" + HooksPriming.NO_SUCH_HOOK + "/deliveries: 404",
                "POST /hooks: 422");
    }

    @Test
    void prime_writesNothing_andSendsNothing() {
        List<Map<String, ?>> hooksBefore = scan(hooksTable);
        List<Map<String, ?>> deliveriesBefore = scan(deliveriesTable);

        HooksPriming priming = new HooksPriming(event -> handler.handleRequest(event, null));
        priming.beforeCheckpoint(null);
        priming.prime();

        assertThat(scan(hooksTable)).isEqualTo(hooksBefore).hasSize(3);  // the hook and its project's guard items
        assertThat(scan(deliveriesTable)).isEqualTo(deliveriesBefore).hasSize(1);
        assertThat(aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
    }

    @Test
    void prime_reportsARequestAnsweredOtherThanExpected_insteadOfThrowing() {
        HooksPriming.Result result = new HooksPriming(event -> {
            throw new IllegalStateException("the stores are gone");
        }).prime();

        assertThat(result.answers()).isEmpty();
        assertThat(result.failures()).hasSize(HooksPriming.REQUESTS.size()).first().asString()
                .isEqualTo("GET /hooks/" + HooksPriming.NO_SUCH_HOOK
                        + ": java.lang.IllegalStateException: the stores are gone");
    }

    private List<Map<String, ?>> scan(String table) {
        return List.copyOf(aws.dynamoDb().scan(r -> r.tableName(table).consistentRead(true)).items());
    }
}
