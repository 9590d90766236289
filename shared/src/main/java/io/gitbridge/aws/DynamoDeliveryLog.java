package io.gitbridge.aws;

import static io.gitbridge.aws.DeliveryItems.n;
import static io.gitbridge.aws.DeliveryItems.s;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.http.Bounds;
import io.gitbridge.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The delivery log in a DynamoDB table (see {@link DeliveryItems} for its schema). A queued delivery is written
 * with a condition on its key, which is what drops a resent delivery; listings query the {@code byReceived}
 * index backwards. Entries expire through the table's TTL on {@code expiresAt}; TTL deletes lazily, so an
 * expired entry still present counts as absent.
 */
public final class DynamoDeliveryLog implements DeliveryLog {

    private static final String BAD_CURSOR = "cursor is not one this API returned";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration ttl;
    private final Clock clock;

    /** @param ttl how long entries are kept after they were received */
    public DynamoDeliveryLog(DynamoDbClient dynamoDb, String table, Duration ttl, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public boolean recordQueued(Delivery delivery) {
        if (delivery.outcome() != Delivery.Outcome.QUEUED) {
            throw new IllegalArgumentException("recordQueued takes queued deliveries only");
        }
        try {
            dynamoDb.putItem(p -> p.tableName(table)
                    .item(DeliveryItems.toItem(delivery, ttl))
                    .conditionExpression("attribute_not_exists(" + DeliveryItems.DELIVERY_ID + ") OR "
                            + DeliveryItems.EXPIRES_AT + " < :now")
                    .expressionAttributeValues(Map.of(":now", now())));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Writes the delivery {@code pending} unless a live entry with its key exists that is not pending: one
     * conditional put, so two receivers of the same delivery cannot both see "new" unless the entry is pending,
     * and then both send with the same deduplication id.
     */
    @Override
    public boolean claim(Delivery delivery) {
        Delivery pending = delivery.pending();
        try {
            dynamoDb.putItem(p -> p.tableName(table)
                    .item(DeliveryItems.toItem(pending, ttl))
                    .conditionExpression("attribute_not_exists(#id) OR #expires < :now OR #outcome = :pending")
                    .expressionAttributeNames(Map.of("#id", DeliveryItems.DELIVERY_ID,
                            "#expires", DeliveryItems.EXPIRES_AT, "#outcome", DeliveryItems.OUTCOME))
                    .expressionAttributeValues(Map.of(":now", now(),
                            ":pending", s(Delivery.Outcome.PENDING.wire()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void confirmQueued(String hookId, String deliveryId) {
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(DeliveryItems.key(hookId, deliveryId))
                    .updateExpression("SET #outcome = :queued")
                    .conditionExpression("#outcome = :pending")
                    .expressionAttributeNames(Map.of("#outcome", DeliveryItems.OUTCOME))
                    .expressionAttributeValues(Map.of(":queued", s(Delivery.Outcome.QUEUED.wire()),
                            ":pending", s(Delivery.Outcome.PENDING.wire()))));
        } catch (ConditionalCheckFailedException e) {
            // Gone (expired, forgotten) or confirmed by a concurrent resend: nothing to confirm.
        }
    }

    @Override
    public void record(Delivery delivery) {
        if (delivery.outcome() == Delivery.Outcome.QUEUED || delivery.outcome() == Delivery.Outcome.PENDING) {
            throw new IllegalArgumentException("queued deliveries are recorded with recordQueued or claim");
        }
        dynamoDb.putItem(p -> p.tableName(table).item(DeliveryItems.toItem(delivery, ttl)));
    }

    @Override
    public void forget(String hookId, String deliveryId) {
        dynamoDb.deleteItem(d -> d.tableName(table).key(DeliveryItems.key(hookId, deliveryId)));
    }

    @Override
    public Optional<Delivery> find(String hookId, String deliveryId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table)
                .key(DeliveryItems.key(hookId, deliveryId)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || DeliveryItems.expired(item, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(DeliveryItems.fromItem(item));
    }

    @Override
    public Page<Delivery> list(String hookId, int limit, String cursor) {
        Map<String, AttributeValue> start = cursor == null ? null : decodeCursor(hookId, cursor);
        return QueryPages.page((from, count) -> dynamoDb.query(q -> {
            q.tableName(table).indexName(DeliveryItems.BY_RECEIVED)
                    .keyConditionExpression(DeliveryItems.HOOK_ID + " = :hook")
                    .filterExpression(DeliveryItems.EXPIRES_AT + " >= :now")
                    .expressionAttributeValues(Map.of(":hook", s(hookId), ":now", now()))
                    .scanIndexForward(false)
                    .limit(count);
            if (from != null) {
                q.exclusiveStartKey(from);
            }
        }), limit, start, DeliveryItems::fromItem, DynamoDeliveryLog::encodeCursor);
    }

    @Override
    public void recordSync(String hookId, String deliveryId, LastSync outcome) {
        Map<String, String> names = new HashMap<>(Map.of("#sync", DeliveryItems.SYNC,
                "#id", DeliveryItems.DELIVERY_ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":sync", DeliveryItems.sync(outcome)));
        String expression = "SET #sync = :sync";
        if (outcome.commit() != null) {
            // A sync of the branch head names its commit only now: the entry keeps the commit it was synced to.
            names.put("#commit", DeliveryItems.COMMIT);
            values.put(":commit", s(outcome.commit()));
            expression += ", #commit = if_not_exists(#commit, :commit)";
        }
        String update = expression;
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(DeliveryItems.key(hookId, deliveryId))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // The entry expired, or was queued before deliveries were logged: nothing to record on.
        }
    }

    @Override
    public void countRedelivery(String hookId, String deliveryId) {
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(DeliveryItems.key(hookId, deliveryId))
                    .updateExpression("ADD #redeliveries :one")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#redeliveries", DeliveryItems.REDELIVERIES,
                            "#id", DeliveryItems.DELIVERY_ID))
                    .expressionAttributeValues(Map.of(":one", n(1))));
        } catch (ConditionalCheckFailedException e) {
            // The entry expired meanwhile.
        }
    }

    private AttributeValue now() {
        return n(clock.instant().getEpochSecond());
    }

    private static String encodeCursor(Map<String, AttributeValue> key) {
        var node = Json.MAPPER.createObjectNode()
                .put(DeliveryItems.DELIVERY_ID, key.get(DeliveryItems.DELIVERY_ID).s())
                .put(DeliveryItems.RECEIVED_KEY, key.get(DeliveryItems.RECEIVED_KEY).s());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The start key a cursor stands for; the hook comes from the request, so a cursor cannot reach another hook. */
    private static Map<String, AttributeValue> decodeCursor(String hookId, String cursor) {
        if (cursor.length() > Bounds.MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException(BAD_CURSOR, null);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidCursorException(BAD_CURSOR, e);
        }
        if (node == null || node.size() != 2 || !node.path(DeliveryItems.DELIVERY_ID).isTextual()
                || !node.path(DeliveryItems.RECEIVED_KEY).isTextual()) {
            throw new InvalidCursorException(BAD_CURSOR, null);
        }
        String deliveryId = node.get(DeliveryItems.DELIVERY_ID).asText();
        String receivedKey = node.get(DeliveryItems.RECEIVED_KEY).asText();
        if (!Bounds.isId(deliveryId) || !receivedKey.endsWith("#" + deliveryId)
                || receivedKey.length() > Bounds.MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException(BAD_CURSOR, null);
        }
        return Map.of(DeliveryItems.HOOK_ID, s(hookId), DeliveryItems.DELIVERY_ID, s(deliveryId),
                DeliveryItems.RECEIVED_KEY, s(receivedKey));
    }
}
