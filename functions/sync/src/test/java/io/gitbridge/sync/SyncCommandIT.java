package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.hook.MergeMode;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SyncCommand} against real repositories on disk, through {@code file://} URLs. */
class SyncCommandIT {

    private static final String MAIN = "main";
    private static final String REF = "refs/heads/main";

    @TempDir
    Path tmp;

    private Path source;
    private Path build;
    private Path cache;
    private WorkingClone developer;

    @BeforeEach
    void createRepositories() {
        source = GitRepos.createBare(tmp.resolve("source.git"));
        build = GitRepos.createBare(tmp.resolve("build.git"));
        cache = tmp.resolve("work").resolve("hk_test");
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
    }

    @AfterEach
    void closeClone() {
        developer.close();
    }

    @Test
    void call_createsBuildBranch_whenBuildRepositoryIsEmpty() {
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n", "src/app.txt", "v1\n"), "first");

        SyncResult result = sync(c1).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(result.previousHead()).isEmpty();
        assertThat(result.buildHead()).isEqualTo(c1);
        assertSynced(result, c1);
    }

    @Test
    void call_createsBuildBranch_whenBuildRepositoryHasOnlyOtherBranches() {
        ObjectId release;
        try (WorkingClone platform = GitRepos.cloneOf(build, tmp.resolve("platform"))) {
            platform.checkout("release");
            release = platform.commit(Map.of("platform.txt", "x\n"), "platform branch");
            platform.push("release");
        }
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n"), "first");

        SyncResult result = sync(c1).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertSynced(result, c1);
        assertThat(GitRepos.head(build, "release")).contains(release);
    }

    @Test
    void call_fastForwards_whenBuildBranchIsBehind() {
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n"), "first");
        sync(c1).call();
        ObjectId c2 = pushSource(Map.of("README.md", "hello again\n", "new.txt", "n\n"), "second");

        SyncResult result = sync(c2).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertThat(result.previousHead()).contains(c1);
        assertThat(result.buildHead()).isEqualTo(c2);
        assertSynced(result, c2);
    }

    @Test
    void call_mergesWithExactlyTheSourceTree_whenBuildBranchDiverged_inMirrorMode() {
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n", "app.txt", "source v1\n"), "first");
        sync(c1).call();
        ObjectId buildOwn;
        try (WorkingClone platform = GitRepos.cloneOf(build, tmp.resolve("platform"))) {
            buildOwn = platform.commit(Map.of("app.txt", "edited on the build branch\n", "extra.txt", "only here\n"),
                    "platform's own change");
            platform.push(MAIN);
        }
        ObjectId c2 = pushSource(Map.of("app.txt", "source v2\n", "added.txt", "from source\n"), "second");
        PersonIdent committer = new PersonIdent(SyncCommand.COMMITTER_NAME, SyncCommand.COMMITTER_EMAIL,
                Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

        SyncResult result = sync(c2).setCommitter(committer).setMergeMode(MergeMode.MIRROR).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(result.previousHead()).contains(buildOwn);
        assertThat(result.sourceCommit()).isEqualTo(c2);
        assertSynced(result, c2);
        ObjectId merge = result.buildHead();
        assertThat(GitRepos.parents(build, merge)).containsExactly(buildOwn, c2);
        assertThat(GitRepos.files(build, merge)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "README.md", "hello\n", "app.txt", "source v2\n", "added.txt", "from source\n"));
        assertThat(GitRepos.message(build, merge))
                .startsWith("Sync refs/heads/main at " + c2.name() + " (gitbridge delivery delivery-1)\n");
    }

    @Test
    void call_mergesAgain_whenBuildBranchDivergesAfterAMerge() {
        ObjectId c1 = pushSource(Map.of("app.txt", "v1\n"), "first");
        sync(c1).call();
        commitOnBuild(Map.of("extra.txt", "one\n"), "platform 1");
        ObjectId c2 = pushSource(Map.of("app.txt", "v2\n"), "second");
        sync(c2).call();
        commitOnBuild(Map.of("extra.txt", "two\n"), "platform 2");
        ObjectId c3 = pushSource(Map.of("app.txt", "v3\n"), "third");

        SyncResult result = sync(c3).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(GitRepos.files(build, result.buildHead())).isEqualTo(Map.of("app.txt", "v3\n", "extra.txt", "two\n"));
        assertThat(GitRepos.isAncestor(build, c2, result.buildHead())).isTrue();
        assertThat(GitRepos.isAncestor(build, c3, result.buildHead())).isTrue();
    }

    @Test
    void call_isUpToDate_andPushesNothing_whenCommitWasAlreadySynced() {
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n"), "first");
        sync(c1).call();
        int updates = GitRepos.reflogSize(build, MAIN);

        SyncResult result = sync(c1).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(result.buildHead()).isEqualTo(c1);
        assertThat(GitRepos.reflogSize(build, MAIN)).isEqualTo(updates).isEqualTo(1);
        assertSynced(result, c1);
    }

    @Test
    void call_isUpToDate_andLeavesTheNewerHead_whenAnOlderCommitArrivesLate() {
        ObjectId c1 = pushSource(Map.of("README.md", "one\n"), "first");
        ObjectId c2 = pushSource(Map.of("README.md", "two\n"), "second");
        sync(c2).call();

        SyncResult result = sync(c1).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(GitRepos.head(build, MAIN)).contains(c2);
        assertThat(GitRepos.isAncestor(build, c1, c2)).isTrue();
    }

    @Test
    void call_syncsExactlyTheCiCommit_whenTheBranchHasMovedOn() {
        ObjectId ciGreen = pushSource(Map.of("app.txt", "tested\n"), "tested by CI");
        ObjectId later = pushSource(Map.of("app.txt", "not yet tested\n"), "pushed after CI started");

        SyncResult result = sync(ciGreen).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(GitRepos.head(build, MAIN)).contains(ciGreen);
        assertSynced(result, ciGreen);
        assertThat(GitRepos.contains(build, later)).isFalse();
    }

    @Test
    void call_publishesNothing_whenTheCommitIsOnAnotherBranch() {
        pushSource(Map.of("README.md", "base\n"), "base");
        developer.checkout("feature");
        ObjectId elsewhere = developer.commit(Map.of("feature.txt", "f\n"), "only on feature");
        developer.push("feature");

        SyncResult result = sync(elsewhere).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.NOT_ON_BRANCH);
        assertThat(GitRepos.head(build, MAIN)).isEmpty();
    }

    @Test
    void call_withoutACommit_syncsTheHeadTheSourceBranchHasNow() {
        pushSource(Map.of("README.md", "one\n"), "first");
        ObjectId head = pushSource(Map.of("README.md", "two\n"), "second");

        SyncResult result = sync(null, REF).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(result.sourceCommit()).isEqualTo(head);
        assertSynced(result, head);
    }

    @Test
    void call_withoutACommit_fastForwardsToANewHead_thenIsUpToDate() {
        ObjectId c1 = pushSource(Map.of("README.md", "one\n"), "first");
        sync(c1).call();
        ObjectId c2 = pushSource(Map.of("README.md", "two\n"), "second, with no webhook");

        SyncResult moved = sync(null, REF).call();
        SyncResult again = sync(null, REF).call();

        assertThat(moved.status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertThat(moved.sourceCommit()).isEqualTo(c2);
        assertSynced(moved, c2);
        assertThat(again.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(again.sourceCommit()).isEqualTo(c2);
    }

    @Test
    void call_withoutACommit_mergesTheHead_andNamesItInTheMergeCommit() {
        ObjectId c1 = pushSource(Map.of("app.txt", "v1\n"), "first");
        sync(c1).call();
        commitOnBuild(Map.of("extra.txt", "platform\n"), "platform's own change");
        ObjectId c2 = pushSource(Map.of("app.txt", "v2\n"), "second");

        SyncResult result = sync(null, REF).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(result.sourceCommit()).isEqualTo(c2);
        assertThat(GitRepos.files(build, result.buildHead())).isEqualTo(Map.of("app.txt", "v2\n", "extra.txt", "platform\n"));
        assertThat(GitRepos.isAncestor(build, c2, result.buildHead())).isTrue();
        assertThat(GitRepos.message(build, result.buildHead()))
                .startsWith("Sync refs/heads/main at " + c2.name() + " (gitbridge delivery delivery-1)\n");
    }

    @Test
    void call_withoutACommit_saysTheBranchWasNotFound_whenTheSourceLacksIt() {
        pushSource(Map.of("README.md", "base\n"), "base");

        assertThatThrownBy(() -> sync(null, "refs/heads/release").call())
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("branch release was not found on the source repository " + GitRepos.fileUri(source)
                        + "; check the hook's branch");
        assertThat(GitRepos.head(build, MAIN)).isEmpty();
    }

    @Test
    void call_isSuperseded_andPushesNothing_whenTheSourceDoesNotHaveTheCommit() {
        pushSource(Map.of("README.md", "base\n"), "base");
        String missing = "0123456789abcdef0123456789abcdef01234567";

        SyncResult result = sync(missing, REF).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.SUPERSEDED);
        assertThat(result.reason()).startsWith("commit " + missing + " is not on branch main and the source repository "
                + GitRepos.fileUri(source) + " no longer has it");
        assertThat(GitRepos.head(build, MAIN)).isEmpty();
    }

    @Test
    void call_isSuperseded_whenTheSourceRefIsGone() {
        pushSource(Map.of("README.md", "base\n"), "base");
        String missing = "0123456789abcdef0123456789abcdef01234567";

        SyncResult result = sync(missing, "refs/heads/deleted").call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.SUPERSEDED);
        assertThat(result.reason()).startsWith("refs/heads/deleted no longer exists on the source repository");
    }

    @Test
    void call_throwsSourceUnavailable_whenTheSourceRepositoryDoesNotExist() {
        Path nowhere = tmp.resolve("nowhere.git");

        assertThatThrownBy(() -> new SyncCommand(cache)
                .setSource(GitRepos.fileUri(nowhere).toString(), null)
                .setCommit("0123456789abcdef0123456789abcdef01234567")
                .setSourceRef(REF)
                .setBuild(GitRepos.fileUri(build).toString(), null)
                .setBuildBranch(MAIN)
                .setAllowFileUrls(true)
                .call())
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("the source repository " + GitRepos.fileUri(nowhere) + " was not found")
                .hasCauseInstanceOf(NoRemoteRepositoryException.class);
    }

    @Test
    void call_refusesFileUrls_whenTheyAreNotAllowed() {
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n"), "first");

        assertThatThrownBy(() -> sync(c1).setAllowFileUrls(false).call())
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessageContaining("is a local file URL, which only the local runner accepts");
        assertThat(cache).doesNotExist();
        assertThat(GitRepos.head(build, MAIN)).isEmpty();
    }

    @Test
    void call_rebuildsTheWorkRepository_whenItsObjectsAreGone() throws IOException {
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n"), "first");
        sync(c1).call();
        try (Stream<Path> objects = Files.list(cache.resolve("objects"))) {
            for (Path dir : objects.toList()) {
                FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE);
            }
        }
        ObjectId c2 = pushSource(Map.of("README.md", "hello again\n"), "second");

        SyncResult result = sync(c2).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertSynced(result, c2);
    }

    @Test
    void call_rebuildsTheWorkRepository_whenItIsNotARepository() throws IOException {
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("config"), "[core\n garbage = = =\n");
        Files.writeString(cache.resolve("HEAD"), "not a ref\n");
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n"), "first");

        SyncResult result = sync(c1).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertSynced(result, c1);
    }

    @Test
    void call_reusesTheWorkRepository_onLaterCalls() throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            files.put("src/file" + i + ".txt", ("line " + i + "\n").repeat(50));
        }
        ObjectId c1 = pushSource(files, "first");
        long first = timed(() -> sync(c1).call());
        ObjectId c2 = pushSource(Map.of("src/file0.txt", "changed\n"), "second");
        long warm = timed(() -> sync(c2).call());
        ObjectId c3 = pushSource(Map.of("src/file1.txt", "changed\n"), "third");
        FileUtils.delete(cache.toFile(), FileUtils.RECURSIVE);
        long cold = timed(() -> sync(c3).call());
        System.out.printf("SyncCommandIT timing (file://, 200 files): first %d ms, warm cache %d ms, cold cache %d ms%n",
                first, warm, cold);

        assertThat(GitRepos.head(build, MAIN)).contains(c3);
        assertThat(cache.resolve("refs")).isDirectory();
    }

    @Test
    void call_throwsIllegalState_whenCalledTwice() {
        ObjectId c1 = pushSource(Map.of("README.md", "hello\n"), "first");
        SyncCommand command = sync(c1);
        command.call();

        assertThatThrownBy(command::call).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void call_throwsSyncException_whenInputIsMalformed() {
        assertThatThrownBy(() -> sync("abc", REF).call())
                .isExactlyInstanceOf(SyncException.class)
                .hasMessage("'abc' is not a full commit id (40 hex digits)");
        assertThatThrownBy(() -> sync("0123456789abcdef0123456789abcdef01234567", "main").call())
                .isExactlyInstanceOf(SyncException.class)
                .hasMessage("'main' is not a full ref name such as refs/heads/main");
        assertThatThrownBy(() -> sync("0123456789abcdef0123456789abcdef01234567", REF).setBuildBranch("a..b").call())
                .isExactlyInstanceOf(SyncException.class)
                .hasMessage("'a..b' is not a valid branch name");
    }

    private ObjectId pushSource(Map<String, String> files, String message) {
        ObjectId commit = developer.commit(files, message);
        developer.push(developer.currentBranch());
        return commit;
    }

    private void commitOnBuild(Map<String, String> files, String message) {
        try (WorkingClone platform = GitRepos.cloneOf(build, tmp.resolve("platform-" + System.nanoTime()))) {
            platform.commit(files, message);
            platform.push(MAIN);
        }
    }

    private SyncCommand sync(ObjectId commit) {
        return sync(commit.name(), REF);
    }

    private SyncCommand sync(String commit, String ref) {
        return new SyncCommand(cache)
                .setSource(GitRepos.fileUri(source).toString(), null)
                .setCommit(commit)
                .setSourceRef(ref)
                .setBuild(GitRepos.fileUri(build).toString(), null)
                .setBuildBranch(MAIN)
                .setDeliveryId("delivery-1")
                .setAllowFileUrls(true);
    }

    /** The invariants of every sync: the build tree is the commit's tree, and the commit is reachable. */
    private void assertSynced(SyncResult result, ObjectId commit) {
        ObjectId head = GitRepos.requireHead(build, MAIN);
        assertThat(result.buildHead()).isEqualTo(head);
        assertThat(GitRepos.branchTree(build, MAIN)).isEqualTo(GitRepos.treeOf(source, commit));
        assertThat(GitRepos.isAncestor(build, commit, head)).isTrue();
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
