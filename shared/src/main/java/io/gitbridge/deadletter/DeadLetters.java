package io.gitbridge.deadletter;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.LastSync;
import io.gitbridge.sync.SyncRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The dead letters an admin sees: the dead-letter queue's messages with the error their sync recorded, and the
 * two ways to move them back.
 */
public final class DeadLetters {

    /** The most messages one listing returns. */
    public static final int MAX_LISTED = 100;

    private final DeadLetterQueue queue;
    private final HookRepository hooks;
    private final DeliveryLog deliveries;

    /**
     * @param queue the dead-letter queue
     * @param hooks where a hook's latest sync is recorded (tokens are not needed)
     * @param deliveries where each delivery's sync result is recorded
     */
    public DeadLetters(DeadLetterQueue queue, HookRepository hooks, DeliveryLog deliveries) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    }

    /**
     * Up to {@code max} dead letters, each with its last error: the failed sync result of its delivery log entry,
     * or else the hook's latest sync when that failed.
     *
     * @throws IllegalArgumentException when {@code max} is not 1 to {@value #MAX_LISTED}
     */
    public List<DeadLetter> list(int max) {
        if (max < 1 || max > MAX_LISTED) {
            throw new IllegalArgumentException("max must be 1 to " + MAX_LISTED + ", was " + max);
        }
        return queue.peek(max).stream().map(this::withError).toList();
    }

    /** Moves every dead letter back to the sync queue. */
    public DeadLetterQueue.Redrive redriveAll() {
        return queue.moveAll();
    }

    /** Moves the dead letters of hook {@code hookId} back to the sync queue. */
    public DeadLetterQueue.Redrive redrive(String hookId) {
        return queue.move(Objects.requireNonNull(hookId, "hookId"));
    }

    private DeadLetter withError(DeadLetterQueue.Entry message) {
        Optional<LastSync> failure = message.request().flatMap(this::lastFailure);
        return new DeadLetter(message.messageId(), message.request(), message.receiveCount(), message.sentAt(),
                failure.map(LastSync::at), failure.map(LastSync::error).filter(Objects::nonNull));
    }

    private Optional<LastSync> lastFailure(SyncRequest request) {
        Optional<LastSync> ofDelivery = deliveries.find(request.hookId(), request.deliveryId())
                .map(Delivery::sync).filter(DeadLetters::failed);
        if (ofDelivery.isPresent()) {
            return ofDelivery;
        }
        return hooks.find(request.hookId()).map(Hook::lastSync).filter(DeadLetters::failed);
    }

    private static boolean failed(LastSync sync) {
        return sync != null && sync.status() == LastSync.Status.FAILED;
    }

}
