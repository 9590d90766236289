package io.gitbridge.crypto;

/** The key that protects data keys cannot be used: KMS refused or did not answer, or the key file is unusable. */
public final class TokenKeyUnavailableException extends TokenCipherException {

    public TokenKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
