package io.gitbridge.sync;

/**
 * A sync that could not be completed. The message is meant for the hook's admin (it is stored as the hook's
 * last sync error and on the delivery's log entry): it says what to fix in plain words, names repositories without
 * credentials and never contains a token.
 */
public class SyncException extends RuntimeException {

    private RetryClass retryClass = RetryClass.TRANSIENT;

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a retry may succeed without the admin acting; {@link RetryClass#TRANSIENT} unless marked. */
    public RetryClass retryClass() {
        return retryClass;
    }

    /** Marks {@code failure} as one only the hook's admin can fix, and returns it. */
    public static <E extends SyncException> E permanent(E failure) {
        ((SyncException) failure).retryClass = RetryClass.PERMANENT;
        return failure;
    }
}
