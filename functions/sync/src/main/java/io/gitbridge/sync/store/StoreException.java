package io.gitbridge.sync.store;

/** The object store could not be read or written; keeps the SDK's or the file system's exception as its cause. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
