package io.gitbridge.sync;

/** Where sync requests wait for the sync function; ordered per hook. */
public interface SyncQueue {

    /**
     * Queues a request, in order with the other requests of the same hook. A second request for the same hook and
     * delivery within the queue's deduplication window (5 minutes on SQS FIFO) is dropped by the queue.
     *
     * @throws QueueUnavailableException when the queue did not take it
     */
    default void send(SyncRequest request) {
        send(request, null);
    }

    /**
     * Queues a request as {@link #send(SyncRequest)} does; a non-null {@code attempt} makes it distinct from earlier
     * requests for the same delivery, so that a redelivery is not dropped as a duplicate of them.
     *
     * @throws QueueUnavailableException when the queue did not take it
     */
    void send(SyncRequest request, String attempt);
}
