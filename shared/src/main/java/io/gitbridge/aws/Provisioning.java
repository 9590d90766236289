package io.gitbridge.aws;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

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

    /**
     * Creates the deliveries table with its {@code byReceived} local secondary index and TTL on {@code expiresAt},
     * unless it exists. A table from before the delivery log (no index; it held only deduplication records) is
     * deleted and created again, since an index of that kind can only be added with the table.
     */
    public static void createDeliveriesTable(DynamoDbClient dynamoDb, String table) {
        if (!deliveriesTableNeedsCreating(dynamoDb, table)) {
            return;
        }
        try {
            dynamoDb.createTable(t -> t.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(DeliveryItems.HOOK_ID), attribute(DeliveryItems.DELIVERY_ID),
                            attribute(DeliveryItems.RECEIVED_KEY))
                    .keySchema(key(DeliveryItems.HOOK_ID, KeyType.HASH), key(DeliveryItems.DELIVERY_ID, KeyType.RANGE))
                    .localSecondaryIndexes(l -> l.indexName(DeliveryItems.BY_RECEIVED)
                            .keySchema(key(DeliveryItems.HOOK_ID, KeyType.HASH),
                                    key(DeliveryItems.RECEIVED_KEY, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
            dynamoDb.waiter().waitUntilTableExists(w -> w.tableName(table));
            dynamoDb.updateTimeToLive(u -> u.tableName(table)
                    .timeToLiveSpecification(s -> s.attributeName(DeliveryItems.EXPIRES_AT).enabled(true)));
        } catch (ResourceInUseException e) {
            // Created concurrently.
        }
    }

    /** False when the table exists with its index; deletes a table that exists without it. */
    private static boolean deliveriesTableNeedsCreating(DynamoDbClient dynamoDb, String table) {
        TableDescription description;
        try {
            description = dynamoDb.describeTable(d -> d.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            return true;
        }
        boolean indexed = description.hasLocalSecondaryIndexes() && description.localSecondaryIndexes().stream()
                .anyMatch(index -> DeliveryItems.BY_RECEIVED.equals(index.indexName()));
        if (indexed) {
            return false;
        }
        dynamoDb.deleteTable(d -> d.tableName(table));
        dynamoDb.waiter().waitUntilTableNotExists(w -> w.tableName(table));
        return true;
    }

    /** Creates the GitHub App table (key {@code pk} + {@code sk}, see {@link DynamoGitHubAppStore}), unless it exists. */
    public static void createGitHubAppTable(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.createTable(t -> t.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(DynamoGitHubAppStore.PK), attribute(DynamoGitHubAppStore.SK))
                    .keySchema(key(DynamoGitHubAppStore.PK, KeyType.HASH), key(DynamoGitHubAppStore.SK, KeyType.RANGE)));
            dynamoDb.waiter().waitUntilTableExists(w -> w.tableName(table));
        } catch (ResourceInUseException e) {
            // Already there.
        }
    }

    /** The name of the dead-letter queue {@link #createSyncQueue} creates for the FIFO queue {@code name}. */
    public static String deadLetterQueueName(String name) {
        if (!name.endsWith(".fifo")) {
            throw new IllegalArgumentException("FIFO queue names end in .fifo: " + name);
        }
        return name.substring(0, name.length() - ".fifo".length()) + "-dlq.fifo";
    }

    /**
     * Creates the FIFO sync queue and its FIFO dead-letter queue, and returns the sync queue's URL. A sync queue
     * that exists (a restarted runner with a durable queue) keeps its messages and gets these attributes.
     *
     * @param name the queue name, ending in {@code .fifo}
     * @param maxReceiveCount receives before a message moves to the dead-letter queue
     * @param visibilityTimeoutSeconds how long a received message stays hidden before it is retried
     */
    public static String createSyncQueue(SqsClient sqs, String name, int maxReceiveCount, int visibilityTimeoutSeconds) {
        String dlqName = deadLetterQueueName(name);
        String dlqUrl = sqs.createQueue(q -> q.queueName(dlqName).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> settable = Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}");
        Map<QueueAttributeName, String> attributes = new java.util.HashMap<>(settable);
        attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
        try {
            return sqs.createQueue(q -> q.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException e) {
            // It exists with other settings (say, another retry delay): keep it and its messages, change them.
            String url = sqs.getQueueUrl(q -> q.queueName(name)).queueUrl();
            sqs.setQueueAttributes(s -> s.queueUrl(url).attributes(settable));
            return url;
        }
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
