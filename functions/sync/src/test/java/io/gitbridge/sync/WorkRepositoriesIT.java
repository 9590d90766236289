package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.provider.Providers;
import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.sync.internal.WorkRepositories;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eviction and repacking of work repositories, on real repositories with an injected free-space probe. */
class WorkRepositoriesIT {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void makeRoom_evictsTheLeastRecentlyUsedRepositories_untilFreeSpaceReachesTheThreshold() throws IOException {
        Path root = tmp.resolve("work");
        Path oldest = workRepository(root, "hk_old", 1);
        Path older = workRepository(root, "hk_older", 2);
        Path recent = workRepository(root, "hk_recent", 3);
        Path current = workRepository(root, "hk_current", 0);

        tightOn(root).makeRoom(current);

        assertThat(oldest).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(recent).isDirectory();
        assertThat(current).isDirectory();
    }

    @Test
    void makeRoom_neverEvictsARepositoryInUse() throws Exception {
        Path root = tmp.resolve("work");
        Path oldest = workRepository(root, "hk_old", 1);
        Path older = workRepository(root, "hk_older", 2);
        Path recent = workRepository(root, "hk_recent", 3);
        Path current = workRepository(root, "hk_current", 4);
        WorkRepositories work = tightOn(root);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread syncInOldest = new Thread(() -> CachedRepository.locked(oldest, () -> {
            holding.countDown();
            await(release);
            return null;
        }));
        syncInOldest.start();
        try {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            work.makeRoom(current);
        } finally {
            release.countDown();
            syncInOldest.join(10_000);
        }

        assertThat(oldest).isDirectory();
        assertThat(older).doesNotExist();
        assertThat(recent).doesNotExist();
        assertThat(current).isDirectory();
    }

    @Test
    void makeRoom_keepsEverything_whileFreeSpaceIsAboveTheThreshold() throws IOException {
        Path root = tmp.resolve("work");
        Path oldest = workRepository(root, "hk_old", 1);
        Path current = workRepository(root, "hk_current", 2);

        new WorkRepositories(root, Optional.of(512 * MB), 20, r -> 513 * MB).makeRoom(current);

        assertThat(oldest).isDirectory();
        assertThat(current).isDirectory();
    }

    @Test
    void sync_repacksTheWorkRepositoryIntoOnePack_everyNthSync() throws IOException {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        Path root = tmp.resolve("work");
        String hookId = "hk_repack00000000000000000";
        io.gitbridge.hook.Hook hook = TestHooks.hook(hookId, GitRepos.fileUri(source).toString(), null,
                GitRepos.fileUri(build).toString(), null);
        GitHookSyncer syncer = new GitHookSyncer(Providers.standard(), root, true,
                Clock.fixed(Instant.parse("2026-11-30T01:00:00Z"), ZoneOffset.UTC),
                new WorkRepositories(root, Optional.of(0L), 3, r -> Long.MAX_VALUE));

        try (WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            for (int i = 1; i <= 3; i++) {
                ObjectId commit = developer.commit(Map.of("file" + i + ".txt", "content " + i + "\n"), "commit " + i);
                developer.push("main");
                syncer.sync(hook, new SyncRequest(hookId, "d" + i, commit.name(), "refs/heads/main"));
                Path workDir = onlyDirectory(root);
                if (i == 2) {
                    assertThat(packs(workDir)).as("packs before the repack").isGreaterThan(1);
                }
                if (i == 3) {
                    assertThat(packs(workDir)).as("packs after the repack").isEqualTo(1);
                    assertThat(Files.readString(workDir.resolve("gitbridge-syncs"))).isEqualTo("3");
                    try (Repository repository = CachedRepository.openOrCreate(workDir)) {
                        assertThat(repository.getObjectDatabase().has(commit)).isTrue();
                    }
                    assertThat(GitRepos.head(build, "main")).contains(commit);
                }
            }
        }
    }

    /** 100 MB per work repository out of 1000 MB, and 800 MB must stay free: at most two repositories fit. */
    private static WorkRepositories tightOn(Path root) {
        return new WorkRepositories(root, Optional.of(800 * MB), 20, r -> (1000 - 100 * directories(r)) * MB);
    }

    private static Path workRepository(Path root, String name, long lastUsedMinute) throws IOException {
        Path dir = root.resolve(name);
        CachedRepository.openOrCreate(dir).close();
        Path marker = Files.createFile(dir.resolve("gitbridge-last-used"));
        Files.setLastModifiedTime(marker, FileTime.from(Instant.parse("2026-11-30T00:00:00Z").plusSeconds(
                60 * (lastUsedMinute == 0 ? 1000 : lastUsedMinute))));
        return dir;
    }

    private static long directories(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).count();
        }
    }

    private static Path onlyDirectory(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> dirs = entries.filter(Files::isDirectory).toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    private static long packs(Path workDir) throws IOException {
        try (Stream<Path> entries = Files.list(workDir.resolve("objects/pack"))) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".pack")).count();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
