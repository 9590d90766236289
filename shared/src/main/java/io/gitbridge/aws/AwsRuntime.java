package io.gitbridge.aws;

import io.gitbridge.crypto.KmsTokenCipher;
import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.sync.SyncQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS-backed stores of one process, each built once on first use; a Lambda container keeps them warm.
 */
public final class AwsRuntime {

    /** The hook priming asks for: no hook has it, since hook ids are {@code hk_} and lower-case base32 (HookIds). */
    static final String PRIMING_HOOK_ID = "hk_PRIMING-no-such-hook";
    private static final String PRIMING_DELIVERY_ID = "priming";

    private final GitbridgeConfig config;
    private final CallTimeouts timeouts;
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private TokenCipher kmsTokens;

    /** A runtime whose clients use {@link CallTimeouts#STANDARD}. */
    public AwsRuntime(GitbridgeConfig config) {
        this(config, CallTimeouts.STANDARD);
    }

    /** A runtime whose clients end every call within {@code timeouts}. */
    public AwsRuntime(GitbridgeConfig config, CallTimeouts timeouts) {
        this.config = config;
        this.timeouts = timeouts;
    }

    /** The runtime described by the Lambda environment, with {@link CallTimeouts#STANDARD}. */
    public static AwsRuntime fromEnvironment() {
        return fromEnvironment(CallTimeouts.STANDARD);
    }

    /** The runtime described by the Lambda environment, its clients bounded by {@code timeouts}. */
    public static AwsRuntime fromEnvironment(CallTimeouts timeouts) {
        return new AwsRuntime(GitbridgeConfig.fromEnvironment(System.getenv()), timeouts);
    }

    /** The configuration. */
    public GitbridgeConfig config() {
        return config;
    }

    /**
     * The hooks table, tokens sealed under the KMS key {@code TOKEN_KEY_ID}: for the functions that use tokens.
     *
     * @throws IllegalStateException when the configuration names no token key
     */
    public synchronized HookRepository hooks() {
        return hooks(kmsTokens());
    }

    /** The hooks table, tokens sealed by {@code tokens} (the local runner's key file). */
    public synchronized HookRepository hooks(TokenCipher tokens) {
        return new DynamoHookRepository(dynamoDb(), config.hooksTable(), tokens);
    }

    /** The hooks table read without its token attributes: for the receiver, which never needs a token. */
    public synchronized HookRepository hooksWithoutTokens() {
        return DynamoHookRepository.withoutTokens(dynamoDb(), config.hooksTable());
    }

    /**
     * The GitHub App table, its private key sealed under the KMS key {@code TOKEN_KEY_ID}: for the hooks and sync
     * functions. Empty when the configuration names no GitHub App table.
     *
     * @throws IllegalStateException when it names the table but no token key
     */
    public synchronized Optional<GitHubAppStore> gitHubApp() {
        return config.gitHubAppTable().isEmpty() ? Optional.empty() : gitHubApp(kmsTokens());
    }

    /** The GitHub App table, its private key sealed by {@code tokens} (the local runner's key file). */
    public synchronized Optional<GitHubAppStore> gitHubApp(TokenCipher tokens) {
        return config.gitHubAppTable().map(table -> new DynamoGitHubAppStore(dynamoDb(), table, tokens));
    }

    /** The GitHub App table without the private key: for the receiver. */
    public synchronized Optional<GitHubAppStore> gitHubAppWithoutKey() {
        return config.gitHubAppTable().map(table -> DynamoGitHubAppStore.withoutKey(dynamoDb(), table));
    }

    /** The delivery log in the deliveries table. */
    public synchronized DeliveryLog deliveries() {
        return new DynamoDeliveryLog(dynamoDb(), config.deliveriesTable(), config.deliveryTtl(), Clock.systemUTC());
    }

    /** The sync queue. */
    public synchronized SyncQueue syncQueue() {
        return new SqsSyncQueue(sqs(), config.syncQueueUrl());
    }

    /**
     * Makes the calls the receiver makes, without side effects, so that their classes, connections and code are warm
     * before a SnapStart snapshot or in an AppCDS training run (issue 11): a {@code GetItem} of a hook that cannot
     * exist, a conditional {@code PutItem} of a delivery for it that DynamoDB refuses ({@code attribute_exists} on a
     * key that has no item, so nothing is written), and {@code GetQueueAttributes} of the sync queue (nothing is
     * sent). Each call is bounded by this runtime's {@link CallTimeouts}.
     *
     * @return what the stores answered, one line per call, e.g. {@code GetItem: no item}
     * @throws software.amazon.awssdk.core.exception.SdkException when a store cannot be reached or refuses a call
     */
    public synchronized List<String> primeReceiverCalls() {
        List<String> answers = new ArrayList<>();
        answers.add("GetItem: " + (hooksWithoutTokens().find(PRIMING_HOOK_ID).isPresent() ? "an item" : "no item"));
        Instant now = Instant.now();
        Delivery delivery = Delivery.queued(PRIMING_HOOK_ID, PRIMING_DELIVERY_ID, PRIMING_DELIVERY_ID, now, "push",
                "0000000000000000000000000000000000000000", "refs/heads/main").pending();
        try {
            dynamoDb().putItem(p -> p.tableName(config.deliveriesTable())
                    .item(DeliveryItems.toItem(delivery, config.deliveryTtl()))
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", DeliveryItems.DELIVERY_ID)));
            throw new IllegalStateException("priming's conditional write was not refused: delivery "
                    + PRIMING_DELIVERY_ID + " of " + PRIMING_HOOK_ID + " exists in " + config.deliveriesTable());
        } catch (ConditionalCheckFailedException expected) {
            answers.add("PutItem: condition refused");
        }
        String messages = sqs().getQueueAttributes(r -> r.queueUrl(config.syncQueueUrl())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "?");
        answers.add("GetQueueAttributes: " + messages + " messages");
        return answers;
    }

    private DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = AwsClients.dynamoDb(config, timeouts);
        }
        return dynamoDb;
    }

    /** One cipher per process, so its data keys are reused across requests. */
    private TokenCipher kmsTokens() {
        if (kmsTokens == null) {
            String keyId = config.tokenKeyId().orElseThrow(() -> new IllegalStateException(
                    "environment variable TOKEN_KEY_ID is not set: this function reads or writes hook tokens"));
            kmsTokens = new KmsTokenCipher(AwsClients.kms(config, timeouts), keyId);
        }
        return kmsTokens;
    }

    private SqsClient sqs() {
        if (sqs == null) {
            sqs = AwsClients.sqs(config, timeouts);
        }
        return sqs;
    }
}
