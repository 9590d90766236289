package io.gitbridge.provider;

/**
 * Bounds what a reason echoes of a delivery: reasons go back to the provider, into the delivery log and the log,
 * so a value from a payload or header appears only as a short prefix without control characters.
 */
public final class Reasons {

    /** The most characters of one input value a reason repeats. */
    public static final int MAX_ECHO = 80;

    private Reasons() {
    }

    /**
     * {@code value} for a reason: control characters replaced by {@code ?}, cut to {@value #MAX_ECHO} characters with
     * {@code …} when longer; {@code null} gives {@code null} (as text).
     */
    public static String cut(String value) {
        if (value == null) {
            return "null";
        }
        int end = Math.min(value.length(), MAX_ECHO);
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        StringBuilder cut = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            cut.append(Character.isISOControl(c) ? '?' : c);
        }
        return end < value.length() ? cut.append('…').toString() : cut.toString();
    }
}
