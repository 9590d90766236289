package io.gitbridge.delivery;

import java.security.SecureRandom;

/**
 * Ids gitbridge gives delivery log entries itself: random, URL-safe, and prefixed so that they do not look like
 * a provider's delivery id.
 */
public final class DeliveryIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeliveryIds() {
    }

    /** The id of a log entry that queued nothing: {@code log_} and 26 base32 characters. */
    public static String logEntry() {
        return "log_" + random();
    }

    /** The id of a sync asked for through the admin API: {@code sync_} and 26 base32 characters. */
    public static String manualSync() {
        return "sync_" + random();
    }

    /** A key that makes a queue message distinct from earlier ones for the same delivery. */
    public static String attempt() {
        return random();
    }

    private static String random() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
