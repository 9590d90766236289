package io.gitbridge.sync;

import static io.gitbridge.sync.SyncRepos.files;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.hook.Hook;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.MergeMode;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.git.GitRepos;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.Test;

/** {@link GitHookSyncer} hands the hook's merge mode and its last successful sync to the {@link SyncCommand}. */
class GitHookSyncerMergeModeIT extends WithSyncRepos {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void sync_keepsABuildOnlyFile_forATheirsHook_andDeletesIt_forAMirrorHook() {
        Hook theirs = hook(MergeMode.THEIRS);
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        syncer().sync(theirs, request(a));
        repos.commitOnBuild(files("deploy.yaml", "platform\n"), "platform config");
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");

        syncer().sync(theirs, request(b));
        assertThat(repos.buildFiles()).containsEntry("deploy.yaml", "platform\n");
        ObjectId c = repos.push(files("app.txt", "c\n"), "C");
        syncer().sync(hook(MergeMode.MIRROR), request(c));

        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFiles(c));
    }

    @Test
    void sync_followsARollbackFromAFastForward_withAFreshWorkRoot_byTheHooksLastSync() throws IOException {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        syncer().sync(hook(MergeMode.THEIRS), request(a));
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");
        syncer().sync(hook(MergeMode.THEIRS), request(b));
        repos.resetAndForcePush(a);
        FileUtils.delete(tmp.resolve("work-root").toFile(), FileUtils.RECURSIVE);
        Hook synced = hook(MergeMode.THEIRS).toBuilder()
                .lastSync(new LastSync(LastSync.Status.SYNCED, b.name(), NOW, null)).build();

        SyncResult result = syncer().sync(synced, SyncRequest.headOf(synced.id(), "sync_1", SyncRepos.REF));

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFiles(a));
    }

    private GitHookSyncer syncer() {
        return new GitHookSyncer(Providers.standard(), tmp.resolve("work-root"), true, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Hook hook(MergeMode mode) {
        return TestHooks.hook("hk_mode", url(repos.source), null, url(repos.build), null).toBuilder()
                .mergeMode(mode).build();
    }

    private static SyncRequest request(ObjectId commit) {
        return new SyncRequest("hk_mode", "d-" + commit.name().substring(0, 7), commit.name(), SyncRepos.REF);
    }

    private static String url(Path repo) {
        return GitRepos.fileUri(repo).toString();
    }
}
