package io.gitbridge.provider;

/** A delivery the receiver refuses; the message is safe to return to the provider. */
public abstract class WebhookException extends RuntimeException {

    protected WebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
