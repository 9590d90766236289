package io.gitbridge.http;

/**
 * Length and character bounds applied to every id and provider string before it reaches a DynamoDB key, a stored
 * record or an answer. DynamoDB refuses partition keys over 2,048 bytes and sort keys over 1,024 bytes and items
 * over 400 KB; gitbridge's own ids are far shorter ({@code hk_} and 26 characters), and every provider's delivery
 * id is a UUID, a GUID or a hash (docs/providers.md), so the bounds here leave room without letting input grow a
 * key or a record.
 */
public final class Bounds {

    /** The longest id accepted in a path or as a delivery id, in characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** The longest cursor accepted, in characters; the ones this API returns are under 200. */
    public static final int MAX_CURSOR_LENGTH = 512;
    /** The longest event name kept; longer ones are cut (they are for people reading the log). */
    public static final int MAX_EVENT_LENGTH = 100;
    /** The longest ref accepted in a delivery that triggers a sync, in characters (git's own refs stay far below). */
    public static final int MAX_REF_LENGTH = 1024;
    /** How much of any input an answer or a stored reason echoes. */
    public static final int MAX_ECHO_LENGTH = 80;
    /** The longest reason stored or answered, in characters. */
    public static final int MAX_REASON_LENGTH = 300;

    private Bounds() {
    }

    /** True when {@code value} is 1 to {@link #MAX_ID_LENGTH} visible ASCII characters (no space, no controls). */
    public static boolean isId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code value} when it {@link #isId is an id}.
     *
     * @param what what the value is, for the message ({@code delivery id})
     * @throws BadRequestException naming the problem, with at most a cut prefix of the value
     */
    public static String requireId(String what, String value) {
        if (!isId(value)) {
            throw new BadRequestException(what + " must be 1 to " + MAX_ID_LENGTH
                    + " visible ASCII characters, got " + describe(value), null);
        }
        return value;
    }

    /**
     * Returns {@code value} when it has at most {@code max} characters and no control characters.
     *
     * @throws BadRequestException naming the problem, with at most a cut prefix of the value
     */
    public static String requireText(String what, String value, int max) {
        if (value != null && (value.length() > max || hasControl(value))) {
            throw new BadRequestException(what + " must be at most " + max
                    + " characters without control characters, got " + describe(value), null);
        }
        return value;
    }

    /** An event name fit to store: control characters replaced by {@code ?}, cut to {@link #MAX_EVENT_LENGTH}. */
    public static String event(String value) {
        return printable(cutTo(value, MAX_EVENT_LENGTH));
    }

    /** A reason fit to store and answer: control and bidirectional formatting characters replaced, cut to
     * {@link #MAX_REASON_LENGTH}. */
    public static String reason(String value) {
        return value == null ? null : printable(cutTo(value, MAX_REASON_LENGTH));
    }

    /** At most {@link #MAX_ECHO_LENGTH} characters of an input, control and bidirectional formatting characters
     * replaced with {@code ?}, marked when cut. */
    public static String cut(String value) {
        return value == null ? "null" : printable(cutTo(value, MAX_ECHO_LENGTH));
    }

    private static String describe(String value) {
        if (value == null) {
            return "none";
        }
        return value.length() + " characters starting \"" + cut(value) + "\"";
    }

    private static String cutTo(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 2)) ? max - 2 : max - 1;
        return value.substring(0, end) + "…";
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (unprintable(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Control characters, and the bidirectional formatting characters that can make an echoed value read other than
     * it is ("Trojan Source", CVE-2021-42574): the embeddings and overrides U+202A–U+202E, the isolates
     * U+2066–U+2069, and the marks U+200E, U+200F and U+061C (Unicode Standard Annex #9).
     */
    private static boolean unprintable(int c) {
        return Character.isISOControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    private static String printable(String value) {
        if (!hasControl(value)) {
            return value;
        }
        StringBuilder clean = new StringBuilder(value.length());
        value.chars().forEach(c -> clean.append(unprintable(c) ? '?' : (char) c));
        return clean.toString();
    }
}
