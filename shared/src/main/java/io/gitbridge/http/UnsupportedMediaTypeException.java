package io.gitbridge.http;

/** A body in a media type or content coding the function does not read; answered {@code 415}. */
public class UnsupportedMediaTypeException extends RuntimeException {

    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
