package io.gitbridge.aws;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the tables and queues where no CloudFormation does it (the local runner, tests). The same shapes
 * as {@code template.yaml}; creating what already exists is not an error.
 */
public final class Provisioning {

    private Provisioning() {
    }

    /** Creates the hooks table with its {@code byCreated} index, unless it exists. */
    public static void createHooksTable(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.createTable(t -> t.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(HookItems.ID), attribute(HookItems.LIST_KEY), attribute(HookItems.CREATED_KEY))
                    .keySchema(key(HookItems.ID, KeyType.HASH))
                    .globalSecondaryIndexes(g -> g.indexName(HookItems.BY_CREATED)
                            .keySchema(key(HookItems.LIST_KEY, KeyType.HASH), key(HookItems.CREATED_KEY, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
            dynamoDb.waiter().waitUntilTableExists(w -> w.tableName(table));
        } catch (ResourceInUseException e) {
            // Already there: a restart of the local runner keeps its tables.
        }
    }

    /** Creates the deliveries table with TTL on {@code expiresAt}, unless it exists. */
    public static void createDeliveriesTable(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.createTable(t -> t.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("hookId"), attribute("deliveryId"))
                    .keySchema(key("hookId", KeyType.HASH), key("deliveryId", KeyType.RANGE)));
            dynamoDb.waiter().waitUntilTableExists(w -> w.tableName(table));
            dynamoDb.updateTimeToLive(u -> u.tableName(table)
                    .timeToLiveSpecification(s -> s.attributeName("expiresAt").enabled(true)));
        } catch (ResourceInUseException e) {
            // Already there.
        }
    }

    /**
     * Creates the FIFO sync queue and its FIFO dead-letter queue, and returns the sync queue's URL.
     *
     * @param name the queue name, ending in {@code .fifo}
     * @param maxReceiveCount receives before a message moves to the dead-letter queue
     * @param visibilityTimeoutSeconds how long a received message stays hidden before it is retried
     */
    public static String createSyncQueue(SqsClient sqs, String name, int maxReceiveCount, int visibilityTimeoutSeconds) {
        if (!name.endsWith(".fifo")) {
            throw new IllegalArgumentException("FIFO queue names end in .fifo: " + name);
        }
        String dlqName = name.substring(0, name.length() - ".fifo".length()) + "-dlq.fifo";
        String dlqUrl = sqs.createQueue(q -> q.queueName(dlqName).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return sqs.createQueue(q -> q.queueName(name).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}")))
                .queueUrl();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
