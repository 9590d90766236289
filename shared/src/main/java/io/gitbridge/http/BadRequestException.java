package io.gitbridge.http;

/** A request that cannot be read at all (for example a body that is not valid base64). */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
