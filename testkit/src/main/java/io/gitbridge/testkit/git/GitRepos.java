package io.gitbridge.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Helpers over real repositories on disk, all through JGit. Repositories are addressed by their directory;
 * every method opens and closes the repository itself, so tests never hold a {@link Repository} open.
 * IO and Git failures surface as unchecked exceptions: in a test they are bugs, not outcomes.
 */
public final class GitRepos {

    /** The branch that {@link #createBare} and {@link #cloneOf} start on. */
    public static final String DEFAULT_BRANCH = "main";

    private GitRepos() {
    }

    /**
     * Creates an empty bare repository in {@code dir} (created when missing) with reflogs enabled, so tests
     * can count the updates a branch received.
     */
    public static Path createBare(Path dir) {
        try (Git git = Git.init().setBare(true).setInitialBranch(DEFAULT_BRANCH).setDirectory(dir.toFile()).call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, true);
            noBackgroundGc(config);
            config.save();
            return dir;
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot create bare repository " + dir, e);
        }
    }

    /** Clones {@code repo} into {@code dir}; an empty repository gives a clone on {@link #DEFAULT_BRANCH}. */
    public static WorkingClone cloneOf(Path repo, Path dir) {
        return WorkingClone.of(repo, dir);
    }

    /** The {@code file://} URI of a repository directory, as a clone URL. */
    public static URI fileUri(Path repo) {
        return repo.toAbsolutePath().normalize().toUri();
    }

    /** The commit that {@code branch} (short name) points to, empty when the branch does not exist. */
    public static Optional<ObjectId> head(Path repo, String branch) {
        return withRepository(repo, r -> {
            Ref ref = r.exactRef(Constants.R_HEADS + branch);
            return Optional.ofNullable(ref).map(Ref::getObjectId);
        });
    }

    /** The commit that {@code branch} points to; fails when the branch does not exist. */
    public static ObjectId requireHead(Path repo, String branch) {
        return head(repo, branch).orElseThrow(() -> new IllegalStateException("no branch " + branch + " in " + repo));
    }

    /** The tree id of {@code commit}. */
    public static ObjectId treeOf(Path repo, ObjectId commit) {
        return withRepository(repo, r -> {
            try (RevWalk walk = new RevWalk(r)) {
                return walk.parseCommit(commit).getTree().getId();
            }
        });
    }

    /** The tree id at the head of {@code branch}; fails when the branch does not exist. */
    public static ObjectId branchTree(Path repo, String branch) {
        return treeOf(repo, requireHead(repo, branch));
    }

    /** Every file of {@code commit}'s tree, path to UTF-8 content, sorted by path. */
    public static Map<String, String> files(Path repo, ObjectId commit) {
        return withRepository(repo, r -> {
            Map<String, String> files = new TreeMap<>();
            try (RevWalk walk = new RevWalk(r); TreeWalk tree = new TreeWalk(r)) {
                tree.addTree(walk.parseCommit(commit).getTree());
                tree.setRecursive(true);
                ObjectReader reader = tree.getObjectReader();
                while (tree.next()) {
                    byte[] bytes = reader.open(tree.getObjectId(0)).getBytes();
                    files.put(tree.getPathString(), new String(bytes, StandardCharsets.UTF_8));
                }
            }
            return files;
        });
    }

    /** The parents of {@code commit}, in order. */
    public static List<ObjectId> parents(Path repo, ObjectId commit) {
        return withRepository(repo, r -> {
            try (RevWalk walk = new RevWalk(r)) {
                RevCommit parsed = walk.parseCommit(commit);
                return Arrays.stream(parsed.getParents()).map(p -> (ObjectId) p.getId()).toList();
            }
        });
    }

    /** The full message of {@code commit}. */
    public static String message(Path repo, ObjectId commit) {
        return withRepository(repo, r -> {
            try (RevWalk walk = new RevWalk(r)) {
                return walk.parseCommit(commit).getFullMessage();
            }
        });
    }

    /** True when {@code ancestor} is reachable from {@code descendant} (a commit is its own ancestor). */
    public static boolean isAncestor(Path repo, ObjectId ancestor, ObjectId descendant) {
        return withRepository(repo, r -> {
            try (RevWalk walk = new RevWalk(r)) {
                return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
            }
        });
    }

    /** True when the repository holds the object. */
    public static boolean contains(Path repo, ObjectId id) {
        return withRepository(repo, r -> r.getObjectDatabase().has(id));
    }

    /** How many updates the reflog of {@code branch} records; 0 when it has none. */
    public static int reflogSize(Path repo, String branch) {
        return withRepository(repo, r -> {
            ReflogReader reader = r.getRefDatabase().getReflogReader(Constants.R_HEADS + branch);
            return reader == null ? 0 : reader.getReverseEntries().size();
        });
    }

    /** Points {@code branch} of a repository at {@code commit} directly, as a concurrent writer would. */
    public static void setBranch(Path repo, String branch, ObjectId commit) {
        withRepository(repo, r -> {
            RefUpdate update = r.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(commit);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE
                    || result == RefUpdate.Result.REJECTED) {
                throw new IllegalStateException("cannot set " + branch + ": " + result);
            }
            return null;
        });
    }

    /**
     * Turns off automatic gc, which JGit runs on a background thread after fetches and pushes; in tests it
     * races the deletion of the temporary directory.
     */
    static void noBackgroundGc(StoredConfig config) {
        config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
        config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
        config.setBoolean(ConfigConstants.CONFIG_RECEIVE_SECTION, null, "autogc", false);
    }

    /** Runs {@code action} with the repository at {@code dir} open, bare or not. */
    static <T> T withRepository(Path dir, RepositoryFunction<T> action) {
        try (Repository repository = open(dir)) {
            return action.apply(repository);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read repository " + dir, e);
        }
    }

    private static Repository open(Path dir) throws IOException {
        Path gitDir = Files.isDirectory(dir.resolve(Constants.DOT_GIT)) ? dir.resolve(Constants.DOT_GIT) : dir;
        return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
    }

    @FunctionalInterface
    interface RepositoryFunction<T> {
        T apply(Repository repository) throws IOException;
    }
}
