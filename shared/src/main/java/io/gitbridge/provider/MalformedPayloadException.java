package io.gitbridge.provider;

/** A verified delivery whose body is not the provider's payload. */
public class MalformedPayloadException extends WebhookException {

    public MalformedPayloadException(String message) {
        super(message, null);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
