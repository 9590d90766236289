package io.gitbridge.sync;

import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What a {@link SyncCommand} did to the build branch.
 *
 * @param status how the build branch came to contain the commit
 * @param sourceCommit the source commit that was synced: the one asked for, or the head the source ref had
 * @param buildHead the build branch's head afterwards
 * @param previousBuildHead the build branch's head before, or null when the sync created the branch
 * @param warning an admin-readable caveat (the source uses Git LFS), or null
 */
public record SyncResult(Status status, ObjectId sourceCommit, ObjectId buildHead, ObjectId previousBuildHead,
        String warning) {

    /** A result without a warning. */
    public SyncResult(Status status, ObjectId sourceCommit, ObjectId buildHead, ObjectId previousBuildHead) {
        this(status, sourceCommit, buildHead, previousBuildHead, null);
    }

    public SyncResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sourceCommit, "sourceCommit");
        Objects.requireNonNull(buildHead, "buildHead");
        sourceCommit = sourceCommit.copy();
        buildHead = buildHead.copy();
        previousBuildHead = previousBuildHead == null ? null : previousBuildHead.copy();
    }

    /** This result with {@code warning}. */
    public SyncResult withWarning(String warning) {
        return new SyncResult(status, sourceCommit, buildHead, previousBuildHead, warning);
    }

    /** The head before the sync, empty when the branch did not exist. */
    public Optional<ObjectId> previousHead() {
        return Optional.ofNullable(previousBuildHead);
    }

    /** How the build branch came to contain the source commit. */
    public enum Status {
        /** The build branch did not exist (or the repository was empty); it was created at the commit. */
        CREATED,
        /** The build branch was an ancestor of the commit; it was moved forward to it. */
        FAST_FORWARD,
        /** The branches had diverged; a merge commit with exactly the commit's tree was pushed. */
        MERGED,
        /** The commit was already reachable from the build branch; nothing was pushed. */
        UP_TO_DATE;

        /** True when the build repository was changed. */
        public boolean pushed() {
            return this != UP_TO_DATE;
        }
    }
}
