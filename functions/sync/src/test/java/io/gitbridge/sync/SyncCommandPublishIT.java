package io.gitbridge.sync;

import static io.gitbridge.sync.SyncRepos.MAIN;
import static io.gitbridge.sync.SyncRepos.REF;
import static io.gitbridge.sync.SyncRepos.files;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.sync.internal.SyncedSource;
import io.gitbridge.testkit.git.GitRepos;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.Test;

/** What a {@link SyncCommand} publishes, decided from what the source branch holds now; real repositories on disk. */
class SyncCommandPublishIT extends WithSyncRepos {

    @Test
    void call_isNotOnBranch_andPushesNothing_whenTheCommitIsOnlyUnderAPullRequestRef() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        repos.developer.checkout("fork");
        ObjectId fork = repos.developer.commit(files("app.txt", "from a fork\n", "evil.txt", "x\n"), "fork");
        repos.developer.push("fork");
        SyncRepos.git(repos.source, "update-ref", "refs/pull/1/head", fork.name());
        SyncRepos.git(repos.source, "update-ref", "-d", "refs/heads/fork");
        int updates = GitRepos.reflogSize(repos.build, MAIN);

        SyncResult result = repos.sync(fork).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.NOT_ON_BRANCH);
        assertThat(result.reason()).isEqualTo("commit " + fork.name() + " is not on branch main of the source repository "
                + GitRepos.fileUri(repos.source) + " (it is only on another ref, such as a pull request or another"
                + " branch); gitbridge publishes only commits of the branch, so nothing was published");
        assertThat(result.buildHead()).isEqualTo(a);
        assertThat(repos.buildHead()).isEqualTo(a);
        assertThat(GitRepos.reflogSize(repos.build, MAIN)).isEqualTo(updates);
        assertThat(GitRepos.contains(repos.build, fork)).isFalse();
    }

    @Test
    void call_isNotOnBranch_andCreatesNoBranch_whenTheCommitIsOnAnotherBranch() {
        repos.push(files("README.md", "base\n"), "base");
        repos.developer.checkout("feature");
        ObjectId elsewhere = repos.push(files("feature.txt", "f\n"), "only on feature");

        SyncResult result = repos.sync(elsewhere).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.NOT_ON_BRANCH);
        assertThat(result.buildHead()).isNull();
        assertThat(GitRepos.head(repos.build, MAIN)).isEmpty();
    }

    @Test
    void call_isSuperseded_whenTheCommitWasForcePushedAwayAndCollectedWhileQueued_andTheNextCommitSyncs() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        ObjectId b = repos.push(files("app.txt", "b\n"), "B, queued");
        repos.developer.resetHard(a);
        ObjectId c = repos.push(files("app.txt", "c\n"), "C, force-pushed over B", true);
        repos.collectGarbageOnSource();
        assertThat(GitRepos.contains(repos.source, b)).isFalse();

        SyncResult superseded = repos.sync(b).call();
        SyncResult next = repos.sync(c).call();

        assertThat(superseded.status()).isEqualTo(SyncResult.Status.SUPERSEDED);
        assertThat(superseded.reason()).isEqualTo("commit " + b.name() + " is not on branch main and the source"
                + " repository " + GitRepos.fileUri(repos.source) + " no longer has it: the branch was rewritten (force"
                + " push or reset) and the commit removed, or it never was there; nothing was published");
        assertThat(superseded.buildHead()).isEqualTo(a);
        assertThat(next.status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertThat(repos.buildHead()).isEqualTo(c);
    }

    @Test
    void call_isSuperseded_whenASyncedCommitWasRewrittenAway_evenThoughTheSourceStillHasIt() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");
        repos.sync(b).call();
        repos.developer.resetHard(a);
        ObjectId c = repos.push(files("app.txt", "c\n"), "C, force-pushed over B", true);
        ObjectId before = repos.buildHead();

        SyncResult result = repos.sync(b).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("commit " + b.name() + " was on branch main but is no longer: the branch"
                + " was rewritten (force push or reset) since; nothing was published");
        assertThat(repos.buildHead()).isEqualTo(before);
        assertThat(GitRepos.contains(repos.build, c)).isFalse();
    }

    @Test
    void call_isSuperseded_whenTheSourceBranchNoLongerExists() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");

        SyncResult result = repos.sync(a.name(), "refs/heads/deleted").call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("refs/heads/deleted no longer exists on the source repository "
                + GitRepos.fileUri(repos.source) + ", so commit " + a.name() + " is not on it any more; nothing was"
                + " published");
        assertThat(GitRepos.head(repos.build, MAIN)).isEmpty();
    }

    @Test
    void call_isUpToDate_andKeepsTheNewerBuild_whenAnOlderDeliveryArrivesAfterAMerge() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("deploy.yaml", "platform\n"), "platform config");
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");
        repos.sync(b).call();
        ObjectId head = repos.buildHead();

        SyncResult stale = repos.sync(a).call();
        SyncResult again = repos.sync(b).call();

        assertThat(stale.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(stale.sourceCommit()).isEqualTo(a);
        assertThat(stale.syncedSource()).isEqualTo(b);
        assertThat(again.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(again.syncedSource()).isEqualTo(b);
        assertThat(repos.buildHead()).isEqualTo(head);
    }

    @Test
    void call_followsARollbackByForcePush_withANewCommitOnTop() {
        ObjectId a = repos.push(files("app.txt", "a\n", "lib.txt", "1\n"), "A");
        repos.sync(a).call();
        ObjectId b = repos.push(files("app.txt", "b\n", "added-by-b.txt", "b\n"), "B");
        repos.sync(b).call();
        repos.resetAndForcePush(a);

        SyncResult result = repos.sync(a).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(result.previousHead()).contains(b);
        assertThat(GitRepos.parents(repos.build, result.buildHead())).containsExactly(b, a);
        assertThat(GitRepos.branchTree(repos.build, MAIN)).isEqualTo(GitRepos.treeOf(repos.source, a));
        assertThat(GitRepos.message(repos.build, result.buildHead())).endsWith(SyncedSource.trailer(a) + "\n");
    }

    @Test
    void call_followsARollback_keepingBuildOnlyFiles_evenWithAFreshWorkRepository() throws IOException {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("deploy.yaml", "platform\n"), "platform config");
        ObjectId b = repos.push(files("app.txt", "b\n", "added-by-b.txt", "b\n"), "B");
        repos.sync(b).call();
        ObjectId before = repos.buildHead();
        repos.resetAndForcePush(a);
        FileUtils.delete(repos.cache.toFile(), FileUtils.RECURSIVE);

        SyncResult result = repos.sync(a).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(GitRepos.parents(repos.build, result.buildHead())).containsExactly(before, a);
        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFilesWith(a, files("deploy.yaml", "platform\n")));
    }

    @Test
    void call_followsARollback_fromAFastForward_whenTheCallerRemembersTheLastSync() throws IOException {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");
        repos.sync(b).call();
        repos.resetAndForcePush(a);
        FileUtils.delete(repos.cache.toFile(), FileUtils.RECURSIVE);

        SyncResult result = repos.sync(a).setLastSynced(b.name()).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFiles(a));
    }

    @Test
    void call_ofTheBranchHead_followsARollback_andIsThenUpToDate() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("deploy.yaml", "platform\n"), "platform config");
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");
        repos.sync(null).call();
        repos.resetAndForcePush(a);

        SyncResult rollback = repos.sync(null).call();
        SyncResult again = repos.sync(null).call();

        assertThat(rollback.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(rollback.sourceCommit()).isEqualTo(a);
        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFilesWith(a, files("deploy.yaml", "platform\n")));
        assertThat(again.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(again.syncedSource()).isEqualTo(a);
        assertThat(GitRepos.contains(repos.build, b)).isTrue();
    }

    @Test
    void call_followsABranchThatMovedSideways() {
        ObjectId a = repos.push(files("app.txt", "a\n", "lib.txt", "1\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("deploy.yaml", "platform\n"), "platform config");
        repos.push(files("app.txt", "b\n", "only-in-b.txt", "b\n"), "B");
        repos.sync(null).call();
        repos.developer.resetHard(a);
        ObjectId c = repos.push(files("lib.txt", "2\n"), "C, force-pushed over B", true);

        SyncResult result = repos.sync(c).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFilesWith(c, files("deploy.yaml", "platform\n")));
        assertThat(GitRepos.isAncestor(repos.build, c, repos.buildHead())).isTrue();
    }

    @Test
    void call_syncsAnOlderCommitOfTheNewHistory_afterARewrite() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");
        repos.sync(b).call();
        repos.developer.resetHard(a);
        ObjectId c = repos.push(files("app.txt", "c\n"), "C", true);
        repos.push(files("app.txt", "d\n"), "D");

        SyncResult result = repos.sync(c).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFiles(c));
        assertThat(result.syncedSource()).isEqualTo(c);
    }
}
