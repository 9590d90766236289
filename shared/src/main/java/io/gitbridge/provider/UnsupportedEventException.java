package io.gitbridge.provider;

/** An event type gitbridge does not handle, or one the hook did not subscribe to. */
public class UnsupportedEventException extends WebhookException {

    public UnsupportedEventException(String message) {
        super(message, null);
    }

    public UnsupportedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
