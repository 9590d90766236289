package io.gitbridge.deadletter;

import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter queue of the sync queue, as the admin API needs it.
 *
 * <p>Every method throws {@link QueueUnavailableException} when the queue service fails.
 */
public interface DeadLetterQueue {

    /**
     * Up to {@code max} messages waiting in the dead-letter queue, without taking them: each is received and made
     * visible again at once. A message that does not hold a sync request is reported with an empty request.
     *
     * @param max 1 to {@value DeadLetters#MAX_LISTED}
     */
    List<Entry> peek(int max);

    /**
     * Moves every message back to the sync queue. On SQS this starts a message move task, which moves everything
     * in the dead-letter queue (including messages that arrive while it runs) and finishes on its own.
     */
    Redrive moveAll();

    /**
     * The message attribute in which the sync function, when it moves a failed request to the dead-letter queue
     * itself, records the receive count the request had reached on the sync queue (a decimal number).
     */
    String RECEIVE_COUNT_ATTRIBUTE = "gitbridge-receive-count";
    /**
     * The message attribute in which the sync function records when the request was first queued (the sync queue's
     * {@code SentTimestamp}, epoch milliseconds), since the copy it moves is sent anew.
     */
    String SENT_TIMESTAMP_ATTRIBUTE = "gitbridge-sent-timestamp";
    /** The message attribute carrying the admin-readable reason of a request the sync function dead-lettered. */
    String REASON_ATTRIBUTE = "gitbridge-failure-reason";
    /** The message attribute carrying the retry class ({@code TRANSIENT}, {@code PERMANENT}) of that failure. */
    String RETRY_CLASS_ATTRIBUTE = "gitbridge-retry-class";

    /** Moves the messages of one hook back to the sync queue, one by one (send, then delete), and counts them. */
    Redrive move(String hookId);

    /**
     * A message in the dead-letter queue.
     *
     * @param messageId the queue's id of the message
     * @param request the sync request it carries, empty when its body is not one
     * @param receiveCount how often it was received, by the sync and by earlier listings: the receive count the sync
     *        function recorded when it moved the request ({@link #RECEIVE_COUNT_ATTRIBUTE}) plus the receives on the
     *        dead-letter queue, or, for a request the queue's redrive policy moved, {@code ApproximateReceiveCount};
     *        less this listing's own receive
     * @param sentAt when the receiver first queued it ({@code SentTimestamp})
     */
    record Entry(String messageId, Optional<SyncRequest> request, int receiveCount, Optional<Instant> sentAt) {
    }

    /**
     * What a redrive did.
     *
     * @param method {@code move_task} (an SQS message move task was started and moves messages on its own) or
     *        {@code moved} (the messages were moved before answering)
     * @param moved how many messages were moved, empty for a move task (SQS reports its progress)
     * @param taskHandle the move task's handle, for {@code ListMessageMoveTasks}/{@code CancelMessageMoveTask}
     */
    record Redrive(String method, Optional<Integer> moved, Optional<String> taskHandle) {

        /** A redrive that moved {@code count} messages itself. */
        public static Redrive moved(int count) {
            return new Redrive("moved", Optional.of(count), Optional.empty());
        }

        /** A redrive done by a message move task. */
        public static Redrive moveTask(String handle) {
            return new Redrive("move_task", Optional.empty(), Optional.ofNullable(handle));
        }
    }
}
