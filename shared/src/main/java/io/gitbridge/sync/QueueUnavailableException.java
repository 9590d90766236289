package io.gitbridge.sync;

/** The queue did not accept a request; the provider should deliver again later. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
