package io.gitbridge.aws;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.LastSync;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The static schema of the deliveries table: every attribute named here, mapped by hand, no reflection.
 * Partition key {@code hookId}, sort key {@code deliveryId} (the entry id); the local secondary index
 * {@code byReceived} sorts a hook's entries by {@code receivedKey}, the receive time in a fixed-width form (so
 * that it sorts as text) followed by {@code #} and the entry id (so that equal times stay distinct).
 */
final class DeliveryItems {

    static final String HOOK_ID = "hookId";
    static final String DELIVERY_ID = "deliveryId";
    static final String RECEIVED_KEY = "receivedKey";
    static final String BY_RECEIVED = "byReceived";
    static final String EXPIRES_AT = "expiresAt";
    static final String OUTCOME = "outcome";
    static final String SYNC = "sync";
    static final String COMMIT = "commit";
    static final String REDELIVERIES = "redeliveries";
    /** {@code current}, {@code previous} or {@code none}; absent where verification does not apply. */
    static final String VERIFICATION = "verification";

    private DeliveryItems() {
    }

    static Map<String, AttributeValue> key(String hookId, String deliveryId) {
        return Map.of(HOOK_ID, s(hookId), DELIVERY_ID, s(deliveryId));
    }

    static String receivedKey(Instant receivedAt, String deliveryId) {
        return SortKeys.timeThenId(receivedAt, deliveryId);
    }

    /** The whole item of a new entry, expiring {@code ttl} after it was received. */
    static Map<String, AttributeValue> toItem(Delivery delivery, Duration ttl) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(HOOK_ID, s(delivery.hookId()));
        item.put(DELIVERY_ID, s(delivery.deliveryId()));
        item.put(RECEIVED_KEY, s(receivedKey(delivery.receivedAt(), delivery.deliveryId())));
        item.put("receivedAt", s(delivery.receivedAt().toString()));
        item.put("event", s(delivery.event()));
        item.put(OUTCOME, s(delivery.outcome().wire()));
        item.put("status", n(delivery.status()));
        putIfSet(item, "providerDeliveryId", delivery.providerDeliveryId());
        putIfSet(item, "reason", delivery.reason());
        putIfSet(item, COMMIT, delivery.commit());
        putIfSet(item, "ref", delivery.ref());
        if (delivery.sync() != null) {
            item.put(SYNC, sync(delivery.sync()));
        }
        if (delivery.verification() != null) {
            item.put(VERIFICATION, s(delivery.verification().wire()));
        }
        if (delivery.redeliveries() > 0) {
            item.put(REDELIVERIES, n(delivery.redeliveries()));
        }
        item.put(EXPIRES_AT, n(delivery.receivedAt().plus(ttl).getEpochSecond()));
        return item;
    }

    static AttributeValue sync(LastSync sync) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("status", s(sync.status().wire()));
        putIfSet(map, COMMIT, sync.commit());
        map.put("at", s(sync.at().toString()));
        putIfSet(map, "error", sync.error());
        putIfSet(map, "warning", sync.warning());
        return AttributeValue.fromM(map);
    }

    static Delivery fromItem(Map<String, AttributeValue> item) {
        return new Delivery(
                str(item, HOOK_ID),
                str(item, DELIVERY_ID),
                str(item, "providerDeliveryId"),
                Instant.parse(str(item, "receivedAt")),
                str(item, "event"),
                Delivery.Outcome.fromWire(str(item, OUTCOME)),
                Integer.parseInt(item.get("status").n()),
                str(item, "reason"),
                str(item, COMMIT),
                str(item, "ref"),
                item.containsKey(SYNC) ? syncFrom(item.get(SYNC).m()) : null,
                item.containsKey(REDELIVERIES) ? Integer.parseInt(item.get(REDELIVERIES).n()) : 0,
                Delivery.Verification.fromWire(str(item, VERIFICATION)));
    }

    /** True when the entry is past its retention at {@code now}, though TTL may not have deleted it yet. */
    static boolean expired(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return expiresAt != null && Long.parseLong(expiresAt.n()) < now.getEpochSecond();
    }

    private static LastSync syncFrom(Map<String, AttributeValue> map) {
        return new LastSync(LastSync.Status.fromWire(str(map, "status")), str(map, COMMIT),
                Instant.parse(str(map, "at")), str(map, "error"), str(map, "warning"));
    }

    private static void putIfSet(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
