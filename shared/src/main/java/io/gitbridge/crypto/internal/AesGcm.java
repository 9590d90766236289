package io.gitbridge.crypto.internal;

import io.gitbridge.crypto.SealedTokenRejectedException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a random 96-bit IV and a 128-bit tag, the only cipher gitbridge uses for tokens. */
public final class AesGcm {

    /** Bytes of an AES-256 key. */
    public static final int KEY_BYTES = 32;
    /** Bytes of a GCM IV. */
    public static final int IV_BYTES = 12;
    /** Bytes of a GCM tag, appended to each ciphertext. */
    public static final int TAG_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    /** Fresh random bytes, for IVs and keys. */
    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** An AES key made of these 32 bytes. */
    public static SecretKey key(byte[] bytes) {
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** The ciphertext of {@code plaintext} with its tag appended, authenticating {@code aad} as well. */
    public static byte[] encrypt(SecretKey key, byte[] iv, byte[] plaintext, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The plaintext of a ciphertext made by {@link #encrypt} with the same key, IV and additional data.
     *
     * @throws SealedTokenRejectedException with {@code rejection} as its message when the tag does not verify
     */
    public static byte[] decrypt(SecretKey key, byte[] iv, byte[] ciphertext, byte[] aad, String rejection) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new SealedTokenRejectedException(rejection, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }
}
