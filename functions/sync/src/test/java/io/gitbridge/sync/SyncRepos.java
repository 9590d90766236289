package io.gitbridge.sync;

import io.gitbridge.hook.MergeMode;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A source repository with a developer's clone and a build repository with a platform's clone, on disk, for tests
 * of what a sync publishes. Close it to close the clones.
 */
final class SyncRepos implements AutoCloseable {

    static final String MAIN = "main";
    static final String REF = "refs/heads/main";

    final Path source;
    final Path build;
    final Path cache;
    final WorkingClone developer;
    private final Path tmp;
    private MergeMode mode = MergeMode.THEIRS;
    private int platformClones;

    SyncRepos(Path tmp) {
        this.tmp = tmp;
        source = GitRepos.createBare(tmp.resolve("source.git"));
        build = GitRepos.createBare(tmp.resolve("build.git"));
        cache = tmp.resolve("work").resolve("hk_test");
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
    }

    /** The merge mode of the syncs {@link #sync} makes from now on. */
    SyncRepos mode(MergeMode value) {
        mode = value;
        return this;
    }

    /** Path/content pairs in order; a null content deletes the file. */
    static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }

    /** Commits on the developer's current branch and pushes it (forced when {@code force}). */
    ObjectId push(Map<String, String> files, String message, boolean force) {
        ObjectId commit = developer.commit(files, message);
        developer.push(developer.currentBranch(), force);
        return commit;
    }

    ObjectId push(Map<String, String> files, String message) {
        return push(files, message, false);
    }

    /** {@code git reset --hard commit && git push -f} on the developer's branch. */
    void resetAndForcePush(ObjectId commit) {
        developer.resetHard(commit);
        developer.push(developer.currentBranch(), true);
    }

    /** Commits on the build branch as the platform would. */
    ObjectId commitOnBuild(Map<String, String> files, String message) {
        try (WorkingClone platform = GitRepos.cloneOf(build, tmp.resolve("platform-" + platformClones++))) {
            ObjectId commit = platform.commit(files, message);
            platform.push(MAIN);
            return commit;
        }
    }

    SyncCommand sync(ObjectId commit) {
        return sync(commit == null ? null : commit.name(), REF);
    }

    SyncCommand sync(String commit, String ref) {
        return new SyncCommand(cache)
                .setSource(GitRepos.fileUri(source).toString(), null)
                .setCommit(commit)
                .setSourceRef(ref)
                .setBuild(GitRepos.fileUri(build).toString(), null)
                .setBuildBranch(MAIN)
                .setDeliveryId("delivery-1")
                .setMergeMode(mode)
                .setAllowFileUrls(true);
    }

    ObjectId buildHead() {
        return GitRepos.requireHead(build, MAIN);
    }

    Map<String, String> buildFiles() {
        return GitRepos.files(build, buildHead());
    }

    Map<String, String> sourceFiles(ObjectId commit) {
        return GitRepos.files(source, commit);
    }

    /** The source's files at {@code commit} plus {@code extra}. */
    Map<String, String> sourceFilesWith(ObjectId commit, Map<String, String> extra) {
        Map<String, String> expected = new LinkedHashMap<>(sourceFiles(commit));
        expected.putAll(extra);
        return expected;
    }

    /** Removes every unreachable object from the source, as a host's garbage collection does after a force push. */
    void collectGarbageOnSource() {
        git(source, "reflog", "expire", "--expire=now", "--all");
        git(source, "gc", "--prune=now", "--quiet");
    }

    /** Runs the git command line in {@code repo}; fails unless it exits 0. */
    static void git(Path repo, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run git", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        developer.close();
    }
}
