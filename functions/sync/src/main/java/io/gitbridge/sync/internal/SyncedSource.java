package io.gitbridge.sync.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Finds the last source commit gitbridge synced into a build branch, from the build branch itself, so the answer
 * is durable (a Lambda starts with an empty {@code /tmp}) and travels with the build repository.
 *
 * <p>Every commit gitbridge writes on the build branch has the source commit as its second parent and names it in
 * a {@value #TRAILER} trailer. A created or fast-forwarded branch has the source commit itself as its head, which
 * carries no trailer. So, walking the build head's first-parent history (newest first), the first commit that is
 * <ol>
 *   <li>a gitbridge commit (trailer, or the {@code Sync <ref> at <sha>} subject of earlier versions, naming its own
 *       second parent) gives that source commit;
 *   <li>one the caller remembers as synced (the work repository's last synced commit, the hook's last successful
 *       sync) is it;
 *   <li>reachable from the source branch's current head is a source commit placed by a creation or fast-forward,
 *       and is it.
 * </ol>
 * Build-only commits (the platform's own) match none of these and are stepped over. One case cannot be told from
 * the build branch alone: a fast-forwarded head that the source later rewrote away looks like a build-only commit;
 * the remembered commits cover it, and without them (a cold work repository and a hook whose last sync failed)
 * the older source commit below it is taken.
 */
public final class SyncedSource {

    /** The message trailer that names the source commit of a gitbridge commit. */
    public static final String TRAILER = "Gitbridge-Source";

    /** How far back along the first parents the search goes before giving up. */
    static final int MAX_STEPS = 256;

    private static final Pattern LEGACY_SUBJECT = Pattern.compile("^Sync \\S+ at ([0-9a-f]{40})\\b");

    private SyncedSource() {
    }

    /** The trailer line naming {@code source}. */
    public static String trailer(AnyObjectId source) {
        return TRAILER + ": " + source.name();
    }

    /**
     * The last source commit synced into the build branch whose head is {@code buildHead}; empty when none is
     * found within {@value #MAX_STEPS} first-parent steps.
     *
     * @param sourceTip the source branch's current head
     * @param remembered commits known to have been synced into this build branch (may be empty)
     */
    public static Optional<RevCommit> find(RevWalk walk, RevCommit buildHead, RevCommit sourceTip,
            Set<? extends AnyObjectId> remembered) throws IOException {
        RevCommit commit = buildHead;
        for (int step = 0; commit != null && step < MAX_STEPS; step++) {
            walk.parseBody(commit);
            Optional<ObjectId> recorded = recordedSource(commit);
            if (recorded.isPresent()) {
                return Optional.of(walk.parseCommit(recorded.get()));
            }
            if (remembered.contains(commit) || Ancestry.isAncestor(walk, commit, sourceTip)) {
                return Optional.of(commit);
            }
            commit = commit.getParentCount() == 0 ? null : commit.getParent(0);
        }
        return Optional.empty();
    }

    /** The source commit a gitbridge commit names, when it is one: the named commit must be its second parent. */
    static Optional<ObjectId> recordedSource(RevCommit commit) {
        if (commit.getParentCount() != 2) {
            return Optional.empty();
        }
        ObjectId second = commit.getParent(1).getId();
        List<String> trailers = commit.getFooterLines(TRAILER);
        for (String value : trailers) {
            if (ObjectId.isId(value.trim()) && ObjectId.fromString(value.trim()).equals(second)) {
                return Optional.of(second);
            }
        }
        Matcher legacy = LEGACY_SUBJECT.matcher(commit.getShortMessage());
        if (legacy.find() && ObjectId.fromString(legacy.group(1)).equals(second)) {
            return Optional.of(second);
        }
        return Optional.empty();
    }
}
