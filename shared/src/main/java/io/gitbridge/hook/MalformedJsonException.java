package io.gitbridge.hook;

/** A request body that is not a JSON object. */
public class MalformedJsonException extends RuntimeException {

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
