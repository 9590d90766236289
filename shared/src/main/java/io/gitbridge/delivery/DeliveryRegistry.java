package io.gitbridge.delivery;

/** Remembers the deliveries each hook has queued, for a limited time, to drop duplicates. */
public interface DeliveryRegistry {

    /**
     * Records a delivery atomically.
     *
     * @return true when this is the first time the hook sees it, false for a duplicate
     */
    boolean registerFirst(String hookId, String deliveryId);

    /** Forgets a delivery, so that it can be delivered again (used when queueing it failed). */
    void forget(String hookId, String deliveryId);
}
