package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.aws.CallTimeouts;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.GitbridgeConfig;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.Hook;
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

/** SnapStart priming against DynamoDB Local and ElasticMQ: it makes the receiver's calls and changes nothing. */
class ReceiverPrimingIT {

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private String hooksTable;
    private String deliveriesTable;
    private String queueUrl;
    private AwsRuntime runtime;

    @BeforeEach
    void wire() {
        hooksTable = aws.uniqueName("hooks");
        deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        runtime = new AwsRuntime(new GitbridgeConfig(aws.region().id(), Optional.of(aws.dynamoDbEndpoint()),
                Optional.of(aws.sqsEndpoint()), hooksTable, deliveriesTable, queueUrl, Optional.empty(), false,
                Duration.ofDays(30)), CallTimeouts.RECEIVER);
        // Something to leave alone: one hook and one delivery of it.
        Instant now = Instant.now();
        DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable).create(Hook.builder()
                .id("hk_example0000000000000000").project("acme-app").provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("gitbridge-example-secret-0123456789").buildRepo("https://git.example.net/build.git")
                .buildBranch("master").createdAt(now).updatedAt(now).build());
        new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC())
                .recordQueued(Delivery.queued("hk_example0000000000000000", "d-1", "d-1", now, "push",
                        "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "refs/heads/main"));
    }

    @Test
    void prime_classifiesEveryBundledDelivery_andMakesTheStoreCalls_withoutFailures() {
        ReceiverPriming.Result result = new ReceiverPriming(Providers.standard(), runtime::primeReceiverCalls).prime();

        assertThat(result.failures()).isEmpty();
        // One line per bundled delivery, and one for the GitHub App's webhook.
        assertThat(result.classified()).hasSize(ReceiverPriming.DELIVERIES.size() + 1);
        assertThat(result.classified()).contains("github-app: push to repository 186853002, installation 1 with 1"
                + " repositories");
        assertThat(result.classified()).anySatisfy(line -> assertThat(line).startsWith("github/push: push SyncTrigger"));
        assertThat(result.classified()).anySatisfy(line -> assertThat(line)
                .startsWith("azure-devops/git_push: git.push SyncTrigger"));
        assertThat(result.storeAnswers()).containsExactly("GetItem: no item", "PutItem: condition refused",
                "GetQueueAttributes: 0 messages");
    }

    @Test
    void prime_writesNothing_andSendsNothing() {
        List<Map<String, ?>> hooksBefore = scan(hooksTable);
        List<Map<String, ?>> deliveriesBefore = scan(deliveriesTable);

        ReceiverPriming priming = new ReceiverPriming(Providers.standard(), runtime::primeReceiverCalls);
        priming.beforeCheckpoint(null);
        priming.prime();

        assertThat(scan(hooksTable)).isEqualTo(hooksBefore).isNotEmpty();
        assertThat(scan(deliveriesTable)).isEqualTo(deliveriesBefore).hasSize(1);
        assertThat(aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages()).isEmpty();
    }

    @Test
    void withAGitHubAppTable_primingReadsTheAppAndAnEmptyRoute_andWritesNothingThere() {
        String appTable = aws.uniqueName("github-app");
        Provisioning.createGitHubAppTable(aws.dynamoDb(), appTable);
        AwsRuntime withApp = new AwsRuntime(runtime.config().withGitHubAppTable(appTable), CallTimeouts.RECEIVER);

        ReceiverPriming.Result result = new ReceiverPriming(Providers.standard(),
                () -> ReceiverPriming.storeCalls(withApp)).prime();

        assertThat(result.failures()).isEmpty();
        assertThat(result.storeAnswers()).containsExactly("GetItem: no item", "PutItem: condition refused",
                "GetQueueAttributes: 0 messages", "GetItem app: no item", "Query routes: 0 hooks");
        assertThat(scan(appTable)).isEmpty();
        assertThat(scan(deliveriesTable)).hasSize(1);
    }

    @Test
    void prime_reportsAStoreThatDoesNotAnswer_insteadOfThrowing() {
        AwsRuntime nowhere = new AwsRuntime(new GitbridgeConfig(aws.region().id(),
                Optional.of(java.net.URI.create("http://127.0.0.1:9")), Optional.of(java.net.URI.create(
                        "http://127.0.0.1:9")), hooksTable, deliveriesTable, queueUrl, Optional.empty(), false,
                Duration.ofDays(30)), CallTimeouts.RECEIVER);

        ReceiverPriming.Result result = new ReceiverPriming(Providers.standard(), nowhere::primeReceiverCalls).prime();

        assertThat(result.classified()).hasSize(ReceiverPriming.DELIVERIES.size() + 1);
        assertThat(result.storeAnswers()).isEmpty();
        assertThat(result.failures()).singleElement().satisfies(failure -> assertThat(failure)
                .startsWith("stores: software.amazon.awssdk.core.exception.SdkClientException"));
    }

    private List<Map<String, ?>> scan(String table) {
        return List.copyOf(aws.dynamoDb().scan(r -> r.tableName(table).consistentRead(true)).items());
    }
}
