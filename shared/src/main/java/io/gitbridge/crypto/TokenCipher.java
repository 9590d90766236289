package io.gitbridge.crypto;

import java.util.Map;

/**
 * Seals credentials for storage and opens them again. A sealed value opens only with the same context it was
 * sealed with, so a value copied to another hook or field is refused rather than misused.
 */
public interface TokenCipher {

    /**
     * Seals {@code plaintext}, bound to {@code context} (for a hook's token: its hook id and the field name).
     *
     * @throws TokenKeyUnavailableException when the key that protects data keys cannot be used
     */
    byte[] seal(String plaintext, Map<String, String> context);

    /**
     * Opens a value {@link #seal sealed} with the same context.
     *
     * @throws SealedTokenRejectedException when the value is malformed, was tampered with, was sealed with another
     *     context, or by another key
     * @throws TokenKeyUnavailableException when the key that protects data keys cannot be used
     */
    String open(byte[] sealed, Map<String, String> context);
}
