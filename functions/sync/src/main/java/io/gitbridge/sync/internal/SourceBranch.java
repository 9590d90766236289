package io.gitbridge.sync.internal;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Whether a commit is on the source branch as fetched now, and when it is not, why: the rule that nothing off the
 * branch is ever published, and the heuristics that tell a commit the branch was rewritten away from
 * ({@link Verdict#superseded() superseded}) from one that never was on it (not on branch):
 * <ol>
 *   <li>gitbridge saw it on the branch before: it is reachable from the build branch (which holds every source
 *       commit gitbridge synced) or from the branch head the work repository fetched last: superseded;
 *   <li>the work repository has it otherwise (an earlier fetch by id): not on branch;
 *   <li>otherwise the source is asked for it by id. The source cannot provide it (it was removed by a force push and
 *       garbage collection; an id it never had, or a commit that lives only in a fork's own repository, reads the
 *       same): superseded. It can (a pull-request ref, another branch, a fork's commit the source holds): not on
 *       branch. Hosts that keep rewritten commits fetchable (GitHub does, for a while) make a commit rewritten away
 *       before gitbridge ever fetched the branch read as not on branch.
 * </ol>
 * Either way nothing is published and nothing is retried, so a wrong label costs only the wording of the reason.
 */
public final class SourceBranch {

    private SourceBranch() {
    }

    /** Why a commit is not published, in words for the hook's admin. */
    public record Verdict(boolean superseded, String reason) {
    }

    /** Asks the source repository for a commit by id; returns whether or not the source had it. */
    @FunctionalInterface
    public interface FetchById {
        void fetch(ObjectId commit) throws IOException;
    }

    /** The commit when the work repository has it and it is reachable from the branch head {@code tip}. */
    public static Optional<RevCommit> commitOn(Repository repository, RevWalk walk, ObjectId wanted, RevCommit tip)
            throws IOException {
        if (wanted.equals(tip)) {
            return Optional.of(tip);
        }
        if (!repository.getObjectDatabase().has(wanted)
                || !(walk.parseAny(wanted) instanceof RevCommit commit)
                || !Ancestry.isAncestor(walk, commit, tip)) {
            return Optional.empty();
        }
        return Optional.of(commit);
    }

    /**
     * Why {@code wanted}, which {@link #commitOn} did not find on the branch, is not published.
     *
     * @param buildHead the build branch's head, null when there is none
     * @param fetchedBefore the branch head the work repository fetched before this sync, if any
     * @param branch the branch as the reason names it, e.g. {@code branch main}
     * @param source the source repository as the reason names it, without credentials
     * @param fetchById asks the source for the commit; throws only when the source cannot be asked at all
     */
    public static Verdict whyNotOn(Repository repository, RevWalk walk, ObjectId wanted, RevCommit buildHead,
            Optional<ObjectId> fetchedBefore, String branch, String source, FetchById fetchById) throws IOException {
        String commit = "commit " + wanted.name();
        if (repository.getObjectDatabase().has(wanted)) {
            if (walk.parseAny(wanted) instanceof RevCommit known
                    && (reachable(walk, known, Optional.ofNullable(buildHead)) || reachable(walk, known, fetchedBefore))) {
                return new Verdict(true, commit + " was on " + branch + " but is no longer: the branch was rewritten"
                        + " (force push or reset) since; nothing was published");
            }
            return new Verdict(false, commit + " is not on " + branch + " of the source repository " + source
                    + "; gitbridge publishes only commits of the branch, so nothing was published");
        }
        fetchById.fetch(wanted);
        if (!repository.getObjectDatabase().has(wanted)) {
            return new Verdict(true, commit + " is not on " + branch + " and the source repository " + source
                    + " no longer has it: the branch was rewritten (force push or reset) and the commit removed, or it"
                    + " never was there; nothing was published");
        }
        return new Verdict(false, commit + " is not on " + branch + " of the source repository " + source
                + " (it is only on another ref, such as a pull request or another branch); gitbridge publishes only"
                + " commits of the branch, so nothing was published");
    }

    private static boolean reachable(RevWalk walk, RevCommit commit, Optional<? extends ObjectId> tip)
            throws IOException {
        return tip.isPresent() && walk.getObjectReader().has(tip.get())
                && Ancestry.isAncestor(walk, commit, tip.get());
    }
}
