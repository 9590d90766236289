package io.gitbridge.hook;

import java.time.Instant;

/**
 * The outcome of the most recent sync of a hook.
 *
 * @param status what happened
 * @param commit the source commit the sync was for; null when a sync of the branch head failed before it found the
 *        head (the branch does not exist, the source refused the token, …)
 * @param at when the sync finished
 * @param error an admin-readable reason when the sync failed, otherwise null; never holds a credential
 * @param warning an admin-readable caveat of a sync that succeeded (the source uses Git LFS), otherwise null
 */
public record LastSync(Status status, String commit, Instant at, String error, String warning) {

    /** An outcome without a warning. */
    public LastSync(Status status, String commit, Instant at, String error) {
        this(status, commit, at, error, null);
    }

    /** How a sync ended. */
    public enum Status {
        /** The build branch now holds the commit (created, fast-forwarded or merged). */
        SYNCED,
        /** The build branch already contained the commit; nothing was pushed. */
        UP_TO_DATE,
        /** The sync failed; it is retried, then dead-lettered. */
        FAILED;

        /** The value used on the wire and in the table. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@link #wire()}. */
        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
