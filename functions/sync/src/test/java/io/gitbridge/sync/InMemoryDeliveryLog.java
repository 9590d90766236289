package io.gitbridge.sync;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link DeliveryLog} in a map, without expiry. */
class InMemoryDeliveryLog implements DeliveryLog {

    private final Map<String, Delivery> entries = new LinkedHashMap<>();

    @Override
    public synchronized boolean recordQueued(Delivery delivery) {
        return entries.putIfAbsent(key(delivery.hookId(), delivery.deliveryId()), delivery) == null;
    }

    @Override
    public synchronized void record(Delivery delivery) {
        entries.put(key(delivery.hookId(), delivery.deliveryId()), delivery);
    }

    @Override
    public synchronized void forget(String hookId, String deliveryId) {
        entries.remove(key(hookId, deliveryId));
    }

    @Override
    public synchronized Optional<Delivery> find(String hookId, String deliveryId) {
        return Optional.ofNullable(entries.get(key(hookId, deliveryId)));
    }

    @Override
    public synchronized Page<Delivery> list(String hookId, int limit, String cursor) {
        List<Delivery> newestFirst = entries.values().stream().filter(d -> d.hookId().equals(hookId))
                .sorted(Comparator.comparing(Delivery::receivedAt).reversed()).limit(limit).toList();
        return new Page<>(newestFirst, null);
    }

    @Override
    public synchronized void recordSync(String hookId, String deliveryId, LastSync outcome) {
        entries.computeIfPresent(key(hookId, deliveryId), (key, d) -> new Delivery(d.hookId(), d.deliveryId(),
                d.providerDeliveryId(), d.receivedAt(), d.event(), d.outcome(), d.status(), d.reason(),
                d.commit() != null ? d.commit() : outcome.commit(), d.ref(), outcome, d.redeliveries()));
    }

    @Override
    public synchronized void countRedelivery(String hookId, String deliveryId) {
        entries.computeIfPresent(key(hookId, deliveryId), (key, d) -> new Delivery(d.hookId(), d.deliveryId(),
                d.providerDeliveryId(), d.receivedAt(), d.event(), d.outcome(), d.status(), d.reason(), d.commit(),
                d.ref(), d.sync(), d.redeliveries() + 1));
    }

    /** The sync outcome recorded on an entry, if any. */
    synchronized Optional<LastSync> sync(String hookId, String deliveryId) {
        return find(hookId, deliveryId).map(Delivery::sync);
    }

    private static String key(String hookId, String deliveryId) {
        return hookId + "\n" + deliveryId;
    }
}
