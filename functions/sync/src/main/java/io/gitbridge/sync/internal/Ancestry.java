package io.gitbridge.sync.internal;

import java.io.IOException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Whether one commit is an ancestor of another, reading only the commits between them.
 *
 * <p>JGit's {@link RevWalk#isMergedInto} computes merge bases and then marks every ancestor of the merge base it finds
 * (its {@code MergeBaseGenerator} carries a flag onto the whole history below it): asking whether the build head is
 * an ancestor of a new source commit read the entire source history, about three quarters of a warm sync at 20k
 * commits. Here the walk starts at the descendant with the ancestor's parents marked uninteresting, and stops as soon
 * as only uninteresting commits are left: the ancestor is reached if and only if it is reachable, since no commit on
 * a path down to it can be reachable from its own parents.
 */
public final class Ancestry {

    private Ancestry() {
    }

    /**
     * True when {@code ancestor} is {@code descendant} or reachable from it. Uses a walk of its own over
     * {@code walk}'s object reader, so {@code walk}'s state and flags are left as they are.
     */
    public static boolean isAncestor(RevWalk walk, AnyObjectId ancestor, AnyObjectId descendant) throws IOException {
        if (ancestor.equals(descendant)) {
            return true;
        }
        try (RevWalk own = new RevWalk(walk.getObjectReader())) {
            own.setRetainBody(false);
            RevCommit target = own.parseCommit(ancestor);
            own.markStart(own.parseCommit(descendant));
            for (RevCommit parent : target.getParents()) {
                own.markUninteresting(parent);
            }
            for (RevCommit commit : own) {
                if (commit.equals(target)) {
                    return true;
                }
            }
            return false;
        }
    }
}
