package io.gitbridge.crypto.internal;

import javax.crypto.SecretKey;

/**
 * A data key: the AES key that encrypts tokens, and the same key wrapped by the deployment's key, which is what
 * gets stored next to the ciphertext.
 *
 * @param key the plaintext data key; kept in memory only
 * @param wrapped the data key encrypted under the deployment's key
 */
public record DataKey(SecretKey key, byte[] wrapped) {
}
