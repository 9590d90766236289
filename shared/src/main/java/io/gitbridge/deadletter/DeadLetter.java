package io.gitbridge.deadletter;

import io.gitbridge.sync.SyncRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * A sync request waiting in the dead-letter queue, with what the stores know about why.
 *
 * @param messageId the dead-letter queue's id of the message
 * @param request the sync request (hook, delivery, commit, ref); empty when the message is not one
 * @param receiveCount how often it was received ({@link DeadLetterQueue.Entry#receiveCount()})
 * @param sentAt when it was first queued
 * @param deadLetteredAt when its last attempt failed (the delivery's or else the hook's latest failed sync), which
 *        is when it was dead-lettered: SQS records no time of its own for the move
 * @param lastError the error of that attempt, as the sync recorded it (already redacted)
 */
public record DeadLetter(String messageId, Optional<SyncRequest> request, int receiveCount, Optional<Instant> sentAt,
                         Optional<Instant> deadLetteredAt, Optional<String> lastError) {
}
