package io.gitbridge.aws;

import io.gitbridge.crypto.KmsTokenCipher;
import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.sync.SyncQueue;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS-backed stores of one process, each built once on first use; a Lambda container keeps them warm.
 */
public final class AwsRuntime {

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

    /** The delivery log in the deliveries table. */
    public synchronized DeliveryLog deliveries() {
        return new DynamoDeliveryLog(dynamoDb(), config.deliveriesTable(), config.deliveryTtl(), Clock.systemUTC());
    }

    /** The sync queue. */
    public synchronized SyncQueue syncQueue() {
        return new SqsSyncQueue(sqs(), config.syncQueueUrl());
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
