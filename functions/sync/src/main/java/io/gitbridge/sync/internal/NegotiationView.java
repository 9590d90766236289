package io.gitbridge.sync.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What a fetch into a work repository offers the remote as common: only the commits the sync knows the remote has
 * (the last source commit fetched and synced, the last build head), never the whole local history.
 *
 * <p>JGit's fetch negotiation ({@code BasePackFetchConnection}) starts from every local ref and walks all their
 * ancestors, newest first: it stops sending {@code have} lines once the remote acknowledges one, but still reads every
 * commit below it, so a sync of one new commit costs time in proportion to the history (82% of a warm sync at 20k
 * commits). JGit has no negotiation tips as C git has ({@code fetch --negotiation-tip}); so the fetch runs on a view
 * of the work repository: a repository in the work repository's {@value #DIRECTORY} directory that shares its
 * objects directory (the pack the fetch receives lands in the work repository itself), has no refs of its own, and
 * lists the known common commits in its {@code shallow} file. The negotiation then offers exactly those commits and
 * walks nothing below them (a shallow commit has no parents to JGit's walks). The remote is told they are the
 * client's shallow boundary, so in the worst case it also sends objects that only their ancestors hold, which the
 * work repository already has: a few duplicate bytes, never a missing object. A remote that does not know a commit
 * ignores it, as C git and JGit both do.
 *
 * <p>The work repository itself is never shallow: merges and ancestry checks see the full history.
 */
public final class NegotiationView {

    /** The view's directory inside the work repository. */
    static final String DIRECTORY = "gitbridge-fetch";

    /** Views of the work repositories {@link CachedRepository} keeps open, so their pack indexes stay read too. */
    private static final Map<Repository, Repository> VIEWS = new WeakHashMap<>();

    private NegotiationView() {
    }

    /**
     * A repository to fetch into {@code work} with, offering {@code common} (those of them {@code work} has) and
     * nothing else; the caller closes it. When {@code work} has none of them, {@code work} itself, so JGit offers
     * its whole history as usual: the first fetch from the build repository then still learns that it holds the
     * source commits just fetched. Call while holding the work repository's {@link CachedRepository#locked lock}.
     */
    public static Repository of(Repository work, Set<ObjectId> common) throws IOException {
        Set<ObjectId> present = new HashSet<>();
        for (ObjectId id : common) {
            if (work.getObjectDatabase().has(id)) {
                present.add(id.copy());
            }
        }
        if (present.isEmpty()) {
            work.incrementOpen();
            return work;
        }
        Repository view;
        synchronized (VIEWS) {
            view = VIEWS.get(work);
            if (view == null) {
                view = open(work);
                VIEWS.put(work, view);
            }
            view.incrementOpen();
        }
        try {
            Files.deleteIfExists(view.getDirectory().toPath().resolve("shallow.lock"));
            view.getObjectDatabase().setShallowCommits(present);
            return view;
        } catch (IOException | RuntimeException e) {
            view.close();
            forget(work);
            throw e;
        }
    }

    /** Closes the view of {@code work}, if there is one (once its current user closes it too). */
    static void forget(Repository work) {
        Repository view;
        synchronized (VIEWS) {
            view = VIEWS.remove(work);
        }
        if (view != null) {
            view.close();
        }
    }

    private static Repository open(Repository work) throws IOException {
        // No config, HEAD or refs: JGit reads a missing config as empty and missing refs as none. Only the shallow
        // file is written here.
        Path dir = Files.createDirectories(work.getDirectory().toPath().resolve(DIRECTORY));
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare()
                .setObjectDirectory(work.getDirectory().toPath().resolve("objects").toFile()).build();
    }
}
