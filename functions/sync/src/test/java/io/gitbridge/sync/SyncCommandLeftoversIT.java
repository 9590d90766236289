package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a process killed mid-fetch, mid-push or mid-gc leaves in a work repository is gone at the next sync. */
class SyncCommandLeftoversIT {

    private static final String REF = "refs/heads/main";

    @TempDir
    Path tmp;

    @Test
    void call_removesTemporaryFilesOfAnInterruptedGitOperation_andKeepsTheRealPacks() throws IOException {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        Path cache = tmp.resolve("work").resolve("hk_test");
        ObjectId c1;
        ObjectId c2;
        try (WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            c1 = developer.commit(Map.of("README.md", "one\n"), "first");
            developer.push("main");
            assertThat(sync(cache, source, build, c1).call().status()).isEqualTo(SyncResult.Status.CREATED);
            c2 = developer.commit(Map.of("README.md", "two\n"), "second");
            developer.push("main");
        }
        // A process killed mid-operation leaves these behind; the next process opens the work repository afresh,
        // without the repository this one keeps open.
        CachedRepository.forget(cache);
        Path packs = cache.resolve("objects/pack");
        List<Path> realPacks = files(packs);
        assertThat(realPacks).isNotEmpty();
        List<Path> leftovers = List.of(
                packs.resolve("incoming_4f2a9c.pack"), packs.resolve("incoming_4f2a9c.idx"),
                packs.resolve("gc_81723.pack_tmp"), packs.resolve("pack-0123abcd.pack.tmp"),
                packs.resolve("pack-0123abcd.keep"), packs.resolve("tmp_pack_Ab12Cd"),
                cache.resolve("objects/noz7361.tmp"), cache.resolve("packed-refs.lock"), cache.resolve("config.lock"),
                cache.resolve("refs/gitbridge/source.lock"));
        for (Path leftover : leftovers) {
            Files.createDirectories(leftover.getParent());
            Files.write(leftover, new byte[4096]);
        }

        SyncResult result = sync(cache, source, build, c2).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(c2);
        assertThat(leftovers).allSatisfy(leftover -> assertThat(leftover).doesNotExist());
        assertThat(realPacks).allSatisfy(pack -> assertThat(pack).exists());
        assertThat(cache.resolve("config")).exists();
    }

    private static SyncCommand sync(Path cache, Path source, Path build, ObjectId commit) {
        return new SyncCommand(cache)
                .setSource(GitRepos.fileUri(source).toString(), null)
                .setCommit(commit.name())
                .setSourceRef(REF)
                .setBuild(GitRepos.fileUri(build).toString(), null)
                .setBuildBranch("main")
                .setDeliveryId("delivery-1")
                .setAllowFileUrls(true);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
