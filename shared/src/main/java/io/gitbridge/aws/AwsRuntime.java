package io.gitbridge.aws;

import io.gitbridge.delivery.DeliveryRegistry;
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
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;

    public AwsRuntime(GitbridgeConfig config) {
        this.config = config;
    }

    /** The runtime described by the Lambda environment. */
    public static AwsRuntime fromEnvironment() {
        return new AwsRuntime(GitbridgeConfig.fromEnvironment(System.getenv()));
    }

    /** The configuration. */
    public GitbridgeConfig config() {
        return config;
    }

    /** The hooks table. */
    public synchronized HookRepository hooks() {
        return new DynamoHookRepository(dynamoDb(), config.hooksTable());
    }

    /** The deliveries table. */
    public synchronized DeliveryRegistry deliveries() {
        return new DynamoDeliveryRegistry(dynamoDb(), config.deliveriesTable(), config.deliveryTtl(), Clock.systemUTC());
    }

    /** The sync queue. */
    public synchronized SyncQueue syncQueue() {
        return new SqsSyncQueue(sqs(), config.syncQueueUrl());
    }

    private DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = AwsClients.dynamoDb(config);
        }
        return dynamoDb;
    }

    private SqsClient sqs() {
        if (sqs == null) {
            sqs = AwsClients.sqs(config);
        }
        return sqs;
    }
}
