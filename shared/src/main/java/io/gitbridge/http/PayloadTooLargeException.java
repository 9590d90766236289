package io.gitbridge.http;

/** A request body larger than the function accepts. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
