package io.gitbridge.sync;

/** Where sync requests wait for the sync function; ordered per hook. */
public interface SyncQueue {

    /**
     * Queues a request, in order with the other requests of the same hook.
     *
     * @throws QueueUnavailableException when the queue did not take it
     */
    void send(SyncRequest request);
}
