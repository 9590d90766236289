package io.gitbridge.crypto;

/** A sealed value does not open: malformed, tampered with, sealed for another context, or by another key. */
public final class SealedTokenRejectedException extends TokenCipherException {

    public SealedTokenRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
