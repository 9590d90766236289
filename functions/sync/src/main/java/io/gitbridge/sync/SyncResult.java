package io.gitbridge.sync;

import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What a {@link SyncCommand} did to the build branch.
 *
 * @param status how the sync ended
 * @param sourceCommit the source commit the sync was asked for: the one requested, or the head the source ref had
 * @param buildHead the build branch's head afterwards; null only when nothing was published and the build branch
 *        does not exist
 * @param previousBuildHead the build branch's head before, or null when there was none
 * @param syncedSource the source commit the build branch holds afterwards: {@code sourceCommit} after a push, the
 *        newer commit already there when {@code sourceCommit} was stale; null when not known (nothing was published
 *        and gitbridge never synced into the branch)
 * @param reason why nothing was published, for {@link Status#SUPERSEDED} and {@link Status#NOT_ON_BRANCH}; an
 *        admin-readable sentence, null otherwise
 * @param warning an admin-readable caveat of a sync that published (the source uses Git LFS), or null
 */
public record SyncResult(Status status, ObjectId sourceCommit, ObjectId buildHead, ObjectId previousBuildHead,
        ObjectId syncedSource, String reason, String warning) {

    /** A result without a warning. */
    public SyncResult(Status status, ObjectId sourceCommit, ObjectId buildHead, ObjectId previousBuildHead,
            ObjectId syncedSource, String reason) {
        this(status, sourceCommit, buildHead, previousBuildHead, syncedSource, reason, null);
    }

    public SyncResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sourceCommit, "sourceCommit");
        if (status.pushed() || status == Status.UP_TO_DATE) {
            Objects.requireNonNull(buildHead, "buildHead");
            Objects.requireNonNull(syncedSource, "syncedSource");
        } else {
            Objects.requireNonNull(reason, "reason");
        }
        sourceCommit = sourceCommit.copy();
        buildHead = copy(buildHead);
        previousBuildHead = copy(previousBuildHead);
        syncedSource = copy(syncedSource);
    }

    /** A result whose build branch holds {@code sourceCommit} afterwards (a push, or a commit already synced). */
    public SyncResult(Status status, ObjectId sourceCommit, ObjectId buildHead, ObjectId previousBuildHead) {
        this(status, sourceCommit, buildHead, previousBuildHead, sourceCommit, null, null);
    }

    /** This result with {@code warning}. */
    public SyncResult withWarning(String warning) {
        return new SyncResult(status, sourceCommit, buildHead, previousBuildHead, syncedSource, reason, warning);
    }

    /** The head before the sync, empty when the branch did not exist. */
    public Optional<ObjectId> previousHead() {
        return Optional.ofNullable(previousBuildHead);
    }

    private static ObjectId copy(ObjectId id) {
        return id == null ? null : id.copy();
    }

    /** How a sync ended. */
    public enum Status {
        /** The build branch did not exist (or the repository was empty); it was created at the commit. */
        CREATED,
        /** The build branch was an ancestor of the commit; it was moved forward to it. */
        FAST_FORWARD,
        /**
         * A new commit with parents [build head, source commit] was pushed, whose tree is the merge the hook's
         * merge mode gives; also how the build follows a source branch that moved back or sideways.
         */
        MERGED,
        /**
         * The build branch already holds the commit, or a newer commit of the source branch (a stale delivery);
         * nothing was pushed.
         */
        UP_TO_DATE,
        /**
         * The commit is no longer on the source branch, which was rewritten (force push, reset) after it was pushed;
         * nothing was pushed. Not a failure.
         */
        SUPERSEDED,
        /**
         * The commit is not on the source branch and never was as far as gitbridge can tell (a fork, a pull-request
         * ref, another branch); nothing was pushed. Not a failure.
         */
        NOT_ON_BRANCH;

        /** True when the build repository was changed: the branch was created, moved forward or got a new commit. */
        public boolean pushed() {
            return this == CREATED || this == FAST_FORWARD || this == MERGED;
        }
    }
}
