package io.gitbridge.hook;

/** A paging cursor that this deployment did not produce, or that was altered. */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException(String message, Throwable cause) {
        super(message, cause);
    }
}
