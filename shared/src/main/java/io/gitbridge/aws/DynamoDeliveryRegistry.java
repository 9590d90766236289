package io.gitbridge.aws;

import io.gitbridge.delivery.DeliveryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Deliveries in a DynamoDB table keyed by hook and delivery id, each expiring through the table's TTL.
 * TTL deletes lazily, so an expired record still present counts as absent.
 */
public final class DynamoDeliveryRegistry implements DeliveryRegistry {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration ttl;
    private final Clock clock;

    public DynamoDeliveryRegistry(DynamoDbClient dynamoDb, String table, Duration ttl, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public boolean registerFirst(String hookId, String deliveryId) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamoDb.putItem(p -> p.tableName(table)
                    .item(Map.of(
                            "hookId", AttributeValue.fromS(hookId),
                            "deliveryId", AttributeValue.fromS(deliveryId),
                            "receivedAt", AttributeValue.fromN(Long.toString(now)),
                            "expiresAt", AttributeValue.fromN(Long.toString(now + ttl.toSeconds()))))
                    .conditionExpression("attribute_not_exists(deliveryId) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void forget(String hookId, String deliveryId) {
        dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of(
                "hookId", AttributeValue.fromS(hookId),
                "deliveryId", AttributeValue.fromS(deliveryId))));
    }
}
