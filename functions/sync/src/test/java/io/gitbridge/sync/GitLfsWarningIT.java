package io.gitbridge.sync;

import static io.gitbridge.sync.TestHooks.event;
import static io.gitbridge.sync.TestHooks.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.LastSync;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source that uses Git LFS syncs as any other, and its sync result carries the LFS warning. */
class GitLfsWarningIT {

    private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");
    private static final String HOOK = "hk_lfslfslfslfslfslfslfslfsl";
    private static final String WARNING =
            "the source uses Git LFS; only LFS pointer files reach the build repository";
    private static final String POINTER = "version https://git-lfs.github.com/spec/v1\n"
            + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

    @TempDir
    Path tmp;

    private final InMemoryHookRepository hooks = new InMemoryHookRepository();
    private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();
    private Path build;
    private WorkingClone developer;
    private SyncHandler handler;

    @BeforeEach
    void createRepositories() {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        build = GitRepos.createBare(tmp.resolve("build.git"));
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
        hooks.create(TestHooks.hook(HOOK, GitRepos.fileUri(source).toString(), null,
                GitRepos.fileUri(build).toString(), null));
        handler = new SyncHandler(hooks, deliveries, Providers.standard(), tmp.resolve("work"), true,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void closeClone() {
        developer.close();
    }

    @Test
    void sync_ofASourceWithLfsAttributes_pushesThePointers_andRecordsTheWarningOnHookAndDelivery() {
        ObjectId commit = developer.commit(Map.of(
                "README.md", "hello\n",
                "assets/.gitattributes", "# large files\n*.psd filter=lfs diff=lfs merge=lfs -text\n",
                "assets/logo.psd", POINTER), "assets in LFS");
        developer.push("main");
        deliveries.recordQueued(Delivery.queued(HOOK, "d1", null, NOW, "push", commit.name(), "refs/heads/main"));

        var response = handler.handleRequest(event(message("m1",
                new SyncRequest(HOOK, "d1", commit.name(), "refs/heads/main"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(GitRepos.head(build, "main")).contains(commit);
        LastSync synced = new LastSync(LastSync.Status.SYNCED, commit.name(), NOW, null, WARNING);
        assertThat(hooks.lastSync(HOOK)).contains(synced);
        assertThat(deliveries.find(HOOK, "d1").orElseThrow().sync()).isEqualTo(synced);
    }

    @Test
    void sync_ofASourceWithoutLfs_carriesNoWarning_evenWhenAttributesMentionOtherFilters() {
        ObjectId commit = developer.commit(Map.of(
                ".gitattributes", "*.txt text eol=lf\n*.dat filter=crypt\n# filter=lfs was removed\n",
                "notes.txt", "plain\n"), "no LFS");
        developer.push("main");

        handler.handleRequest(event(message("m1", new SyncRequest(HOOK, "d1", commit.name(), "refs/heads/main"))),
                null);

        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.SYNCED, commit.name(), NOW, null, null));
    }
}
