package io.gitbridge.delivery;

import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import java.util.Optional;

/**
 * The log of each hook's deliveries, kept for a limited time. Queued deliveries are keyed by the provider's
 * delivery id, which makes recording one the duplicate check; every other entry has an id of its own.
 * An entry past its retention counts as absent, even while the store still holds it.
 */
public interface DeliveryLog {

    /**
     * Records a queued delivery atomically, unless the hook already has an entry with its id.
     *
     * @return true when this is the first time the hook sees it, false for a duplicate
     */
    boolean recordQueued(Delivery delivery);

    /**
     * Claims a delivery before its sync is sent: records it {@link Delivery.Outcome#PENDING} unless the hook already
     * has a live entry with its id that is not pending. A pending entry is one whose receiver died between claiming
     * and confirming, so a resend takes it over (the queue's deduplication id keeps one message when both sent).
     * Stores without a pending state record the delivery queued at once.
     *
     * @param delivery a {@link Delivery.Outcome#QUEUED} delivery
     * @return true when the caller must send the sync and then {@link #confirmQueued}, false when the delivery was
     *         already queued (a duplicate)
     */
    default boolean claim(Delivery delivery) {
        return recordQueued(delivery);
    }

    /** Marks a claimed delivery queued once the queue took its sync; does nothing when the entry is gone. */
    default void confirmQueued(String hookId, String deliveryId) {
    }

    /** Records a delivery that queued nothing (ignored, duplicate, rejected, pong) under its own entry id. */
    void record(Delivery delivery);

    /** Forgets a queued delivery, so that it can be delivered again (used when queueing it failed). */
    void forget(String hookId, String deliveryId);

    /** The entry with this id, if the hook has it. */
    Optional<Delivery> find(String hookId, String deliveryId);

    /**
     * One page of a hook's entries, newest first. A page may hold fewer entries than {@code limit} while a later
     * one still has some.
     *
     * @param cursor null for the first page, otherwise a {@link Page#next()} returned earlier for this hook
     * @throws InvalidCursorException when the cursor was not produced by this log
     */
    Page<Delivery> list(String hookId, int limit, String cursor);

    /**
     * Records how the sync of a queued entry ended, and its commit when the entry named none (a sync of the branch
     * head). Does nothing when the entry is gone.
     */
    void recordSync(String hookId, String deliveryId, LastSync outcome);

    /** Counts one more redelivery of an entry; does nothing when the entry is gone. */
    void countRedelivery(String hookId, String deliveryId);
}
