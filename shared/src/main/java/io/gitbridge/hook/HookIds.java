package io.gitbridge.hook;

import java.security.SecureRandom;

/** Random, unguessable hook ids: {@code hk_} and 26 base32 characters (130 bits). */
public final class HookIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private HookIds() {
    }

    /** A new id. */
    public static String next() {
        StringBuilder id = new StringBuilder("hk_");
        for (int i = 0; i < 26; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
