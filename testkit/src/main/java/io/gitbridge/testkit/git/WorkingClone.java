package io.gitbridge.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * A non-bare clone with a working tree, for writing history the way a developer would: commit files on a
 * branch, then push it to {@code origin}. Close it when done; the directory stays.
 */
public final class WorkingClone implements AutoCloseable {

    private static final PersonIdent DEVELOPER = new PersonIdent("Test Developer", "developer@example.test");

    private final Git git;
    private final Path dir;

    private WorkingClone(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    static WorkingClone of(Path origin, Path dir) {
        // init + fetch rather than CloneCommand, so automatic gc is off before the first fetch could start it.
        try {
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(GitRepos.DEFAULT_BRANCH).call();
            StoredConfig config = git.getRepository().getConfig();
            GitRepos.noBackgroundGc(config);
            config.setString("remote", "origin", "url", GitRepos.fileUri(origin).toString());
            config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            config.save();
            git.fetch().setRemote("origin").call();
            String tracking = "refs/remotes/origin/" + GitRepos.DEFAULT_BRANCH;
            if (git.getRepository().exactRef(tracking) != null) {
                git.reset().setMode(ResetType.HARD).setRef(tracking).call();
            }
            return new WorkingClone(git, dir);
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot clone " + origin, e);
        }
    }

    /** The working tree directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Writes {@code files} (path to UTF-8 content; a null content deletes the file) on the current branch
     * and commits them.
     *
     * @return the new commit
     */
    public ObjectId commit(Map<String, String> files, String message) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                if (file.getValue() == null) {
                    Files.deleteIfExists(path);
                    git.rm().addFilepattern(file.getKey()).call();
                } else {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                    git.add().addFilepattern(file.getKey()).call();
                }
            }
            return git.commit().setMessage(message).setAuthor(DEVELOPER).setCommitter(DEVELOPER)
                    .setAllowEmpty(true).call().getId();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit in " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The short name of the branch currently checked out. */
    public String currentBranch() {
        try {
            return git.getRepository().getBranch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Switches to {@code branch}, creating it at the current commit when it does not exist yet; in a clone
     * without commits, the next commit starts the branch.
     */
    public WorkingClone checkout(String branch) {
        try {
            Repository repository = git.getRepository();
            if (repository.resolve(Constants.HEAD) == null) {
                repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
                return this;
            }
            boolean exists = repository.exactRef(Constants.R_HEADS + branch) != null;
            git.checkout().setName(branch).setCreateBranch(!exists).call();
            return this;
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot check out " + branch, e);
        }
    }

    /** Moves the current branch and working tree to {@code commit}, discarding later commits. */
    public WorkingClone resetHard(ObjectId commit) {
        try {
            git.reset().setMode(ResetType.HARD).setRef(commit.name()).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot reset to " + commit.name(), e);
        }
    }

    /** Pushes local {@code branch} to the same branch of {@code origin}; fails unless the push is accepted. */
    public void push(String branch) {
        push(branch, false);
    }

    /** Pushes local {@code branch} to {@code origin}, overwriting the remote branch when {@code force}. */
    public void push(String branch, boolean force) {
        String ref = Constants.R_HEADS + branch;
        try {
            Iterable<PushResult> results = git.push().setRemote("origin")
                    .setRefSpecs(new RefSpec(ref + ":" + ref).setForceUpdate(force)).call();
            for (PushResult result : results) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK
                            && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new IllegalStateException("push of " + ref + " failed: " + update.getStatus()
                                + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
                    }
                }
            }
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot push " + branch, e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
