package io.gitbridge.provider;

/** The delivery's signature or token is missing, malformed or does not match the hook's secret. */
public class InvalidSignatureException extends WebhookException {

    public InvalidSignatureException(String message) {
        super(message, null);
    }

    public InvalidSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
