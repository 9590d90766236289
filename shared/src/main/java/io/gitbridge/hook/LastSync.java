package io.gitbridge.hook;

import java.time.Instant;

/**
 * The outcome of the most recent sync of a hook.
 *
 * @param status what happened
 * @param at when the sync finished
 * @param commit the source commit the sync was for; on a hook, for {@link Status#SYNCED} and {@link Status#UP_TO_DATE}
 *        (and for {@link Status#SUPERSEDED} and {@link Status#NOT_ON_BRANCH} when it is known), the source commit the
 *        build branch holds afterwards, so it never moves back to an older commit when an older delivery is replayed
 *        later; null when a sync of the branch head failed before it found the head
 * @param error an admin-readable reason when the sync failed or published nothing ({@link Status#SUPERSEDED},
 *        {@link Status#NOT_ON_BRANCH}), otherwise null; never holds a credential
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
        /** The build branch already contained the commit, or a newer one of the branch; nothing was pushed. */
        UP_TO_DATE,
        /** The sync failed; it is retried, then dead-lettered. */
        FAILED,
        /**
         * The commit is no longer on the source branch, which was rewritten after it was pushed; nothing was pushed.
         * Not a failure: no retry, and the hook's consecutive failures stay as they are.
         */
        SUPERSEDED,
        /**
         * The commit is not on the source branch (a fork, a pull-request ref, another branch); nothing was pushed.
         * Not a failure: no retry, and the hook's consecutive failures stay as they are.
         */
        NOT_ON_BRANCH;

        /** True for the outcomes that reset a hook's consecutive failures: the build branch holds the commit. */
        public boolean succeeded() {
            return this == SYNCED || this == UP_TO_DATE;
        }

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
