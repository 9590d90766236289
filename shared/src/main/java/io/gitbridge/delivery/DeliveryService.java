package io.gitbridge.delivery;

import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.Page;
import io.gitbridge.hook.ValidationException;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncQueue;
import io.gitbridge.sync.SyncRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/** The admin operations on a hook's deliveries, free of HTTP and Lambda types: list, sync now, redeliver. */
public final class DeliveryService {

    /** The most pages of a hook's log {@link #received} reads. */
    public static final int MAX_RECEIVED_PAGES = 50;

    private static final Logger LOG = System.getLogger(DeliveryService.class.getName());

    private final HookRepository hooks;
    private final DeliveryLog log;
    private final SyncQueue queue;
    private final Clock clock;

    public DeliveryService(HookRepository hooks, DeliveryLog log, SyncQueue queue, Clock clock) {
        this.hooks = hooks;
        this.log = log;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * One page of a hook's deliveries, newest first.
     *
     * @param limit the page size as given in the query, or null for the default
     * @return the page, or empty when there is no such hook
     * @throws ValidationException when the limit is not a whole number from 1 to {@link HookService#MAX_LIMIT}
     * @throws InvalidCursorException when the cursor was not returned by an earlier listing of this hook
     */
    public Optional<Page<Delivery>> list(String hookId, String limit, String cursor) {
        int size = parseLimit(limit);
        if (hooks.find(hookId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(log.list(hookId, size, cursor == null || cursor.isEmpty() ? null : cursor));
    }

    /**
     * One entry of a hook's delivery log, as {@link #list} shows it.
     *
     * @return the entry, or empty when there is no such hook, the hook has no such entry, or it has expired
     */
    public Optional<Delivery> find(String hookId, String deliveryId) {
        return hooks.find(hookId).isEmpty() ? Optional.empty() : log.find(hookId, deliveryId);
    }

    /**
     * Queues a sync of the hook's branch head as it is when the sync runs, logged as a {@link Delivery#MANUAL_SYNC}.
     *
     * @return the queued entry, or empty when there is no such hook
     * @throws QueueUnavailableException when the queue did not take it; nothing is logged then
     */
    public Optional<Delivery> syncNow(String hookId) {
        Optional<Hook> found = hooks.find(hookId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Delivery delivery = Delivery.queued(hookId, DeliveryIds.manualSync(), null,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), Delivery.MANUAL_SYNC, null,
                GitRefs.branchRef(found.get().branch()));
        if (!log.recordQueued(delivery)) {
            throw new IllegalStateException("new delivery id " + delivery.deliveryId() + " is already taken");
        }
        try {
            queue.send(SyncRequest.headOf(hookId, delivery.deliveryId(), delivery.ref()));
        } catch (QueueUnavailableException e) {
            log.forget(hookId, delivery.deliveryId());
            throw e;
        }
        return Optional.of(delivery);
    }

    /**
     * Queues the sync of a queued (or still pending) delivery again, for the same commit and ref (for a sync of the
     * branch head that has run: the commit it synced), and counts the redelivery.
     *
     * @return the entry as it was before, or empty when there is no such hook or the hook has no such entry
     * @throws NotQueuedException when the entry never queued a sync
     * @throws QueueUnavailableException when the queue did not take it
     */
    public Optional<Delivery> redeliver(String hookId, String deliveryId) {
        if (hooks.find(hookId).isEmpty()) {
            return Optional.empty();
        }
        Optional<Delivery> found = log.find(hookId, deliveryId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Delivery delivery = found.get();
        // A pending entry's receiver died around its send: queueing it again is what the admin wants.
        if (delivery.outcome() != Delivery.Outcome.QUEUED && delivery.outcome() != Delivery.Outcome.PENDING) {
            throw new NotQueuedException(delivery);
        }
        // A new attempt key: FIFO deduplication would otherwise drop a resend within five minutes of the original.
        queue.send(new SyncRequest(hookId, delivery.deliveryId(), delivery.commit(), delivery.ref()),
                DeliveryIds.attempt());
        try {
            log.countRedelivery(hookId, deliveryId);
        } catch (RuntimeException e) {
            // The sync is queued, which is what the admin asked for; only the count is missing.
            LOG.log(Level.WARNING, "hook " + hookId + ": redelivery of " + deliveryId + " was queued but not counted", e);
        }
        return Optional.of(delivery);
    }

    /**
     * What the hook's log shows about provider delivery ids received from {@code from} on, reading it newest first
     * for at most {@value #MAX_RECEIVED_PAGES} pages of {@value ReceivedDeliveries#PAGE_SIZE} entries.
     *
     * @return the ids and how far back the log was read; empty when there is no such hook
     */
    public Optional<ReceivedDeliveries> received(String hookId, Instant from) {
        if (hooks.find(hookId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ReceivedDeliveries.read(log, hookId, from, MAX_RECEIVED_PAGES));
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return HookService.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= HookService.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException(Map.of("limit", "must be a whole number from 1 to " + HookService.MAX_LIMIT));
    }
}
