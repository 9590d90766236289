/**
 * Dead letters: sync requests that failed every retry and wait in the sync queue's dead-letter queue. An admin
 * lists them, with the error their last attempt recorded, and moves them back to the sync queue ("redrive"), all
 * at once or one hook's. {@link io.gitbridge.deadletter.DeadLetterQueue} is the queue's side (SQS in
 * {@code io.gitbridge.aws}); {@link io.gitbridge.deadletter.DeadLetters} adds what the stores know.
 */
package io.gitbridge.deadletter;
