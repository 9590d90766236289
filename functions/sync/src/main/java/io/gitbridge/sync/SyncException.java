package io.gitbridge.sync;

/**
 * A sync that could not be completed. The message is meant for the hook's admin (it is stored as the hook's
 * last sync error and on the delivery's log entry): it says what to fix in plain words, names repositories without
 * credentials and never contains a token.
 */
public class SyncException extends RuntimeException {

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
