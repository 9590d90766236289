package io.gitbridge.hook;

/**
 * A write-only field in an update: left out (keep the stored value), set to a new value, or cleared with null.
 *
 * @param given whether the request named the field
 * @param value the new value; null with {@code given} clears it
 */
public record WriteOnly(boolean given, String value) {

    /** Never the value: write-only fields are secrets and tokens. */
    @Override
    public String toString() {
        return !given ? "WriteOnly[keep]" : value == null ? "WriteOnly[clear]" : "WriteOnly[set ***]";
    }

    /** The request left the field out. */
    public static WriteOnly keep() {
        return new WriteOnly(false, null);
    }

    /** The request set the field to {@code value}, or cleared it when null. */
    public static WriteOnly of(String value) {
        return new WriteOnly(true, value);
    }

    /** The value after applying this change to {@code stored}. */
    public String applyTo(String stored) {
        return given ? value : stored;
    }
}
