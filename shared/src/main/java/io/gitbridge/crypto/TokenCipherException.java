package io.gitbridge.crypto;

/** A token could not be sealed or opened. Messages never contain a token, sealed or not. */
public abstract class TokenCipherException extends RuntimeException {

    protected TokenCipherException(String message, Throwable cause) {
        super(message, cause);
    }
}
