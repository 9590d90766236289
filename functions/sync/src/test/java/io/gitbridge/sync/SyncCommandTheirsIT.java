package io.gitbridge.sync;

import static io.gitbridge.sync.SyncRepos.MAIN;
import static io.gitbridge.sync.SyncRepos.files;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.hook.MergeMode;
import io.gitbridge.testkit.git.GitRepos;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * The merge modes of a {@link SyncCommand}: {@code theirs} keeps the build branch's own changes and resolves every
 * conflict kind to the source; {@code mirror} replaces the tree. Real repositories on disk.
 */
class SyncCommandTheirsIT extends WithSyncRepos {

    private static final String PLATFORM = "platform\n";

    @Test
    void theirs_keepsABuildOnlyFile_acrossTenSyncs() {
        ObjectId first = repos.push(files("app.txt", "v0\n"), "v0");
        repos.sync(first).call();
        repos.commitOnBuild(files("deploy.yaml", PLATFORM), "platform config");

        for (int i = 1; i <= 10; i++) {
            ObjectId commit = repos.push(files("app.txt", "v" + i + "\n", "added-" + i + ".txt", "n\n"), "v" + i);

            SyncResult result = repos.sync(commit).call();

            assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
            assertThat(repos.buildFiles()).isEqualTo(repos.sourceFilesWith(commit, files("deploy.yaml", PLATFORM)));
            assertThat(GitRepos.parents(repos.build, result.buildHead())).element(1).isEqualTo(commit);
        }
    }

    @Test
    void theirs_fastForwards_whenTheBuildBranchHasNoChangesOfItsOwn() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        ObjectId b = repos.push(files("app.txt", "b\n"), "B");

        SyncResult result = repos.sync(b).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertThat(repos.buildHead()).isEqualTo(b);
    }

    @Test
    void theirs_takesTheSourcesHunk_inAContentConflict_andKeepsTheBuildsOtherHunks() {
        String base = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        ObjectId a = repos.push(files("app.txt", base), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("app.txt", base.replace("1\n", "build 1\n").replace("5\n", "build 5\n")), "build");
        ObjectId b = repos.push(files("app.txt", base.replace("5\n", "source 5\n").replace("9\n", "source 9\n")), "B");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).containsEntry("app.txt", "build 1\n2\n3\n4\nsource 5\n6\n7\n8\nsource 9\n");
    }

    @Test
    void theirs_deletesTheFile_whenTheBuildModifiedWhatTheSourceDeleted() {
        ObjectId a = repos.push(files("app.txt", "a\n", "gone.txt", "base\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("gone.txt", "changed on the build\n"), "build");
        ObjectId b = repos.push(files("gone.txt", null), "B deletes gone.txt");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFiles(b)).doesNotContainKey("gone.txt");
    }

    @Test
    void theirs_keepsTheSourcesVersion_whenTheBuildDeletedWhatTheSourceModified() {
        ObjectId a = repos.push(files("app.txt", "a\n", "kept.txt", "base\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("kept.txt", null), "build deletes kept.txt");
        ObjectId b = repos.push(files("kept.txt", "changed by the source\n"), "B");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).containsEntry("kept.txt", "changed by the source\n");
    }

    @Test
    void theirs_takesTheSourcesFile_whenBothAddedTheSamePath() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("new.txt", "build's\n", "build-only.txt", PLATFORM), "build adds");
        ObjectId b = repos.push(files("new.txt", "source's\n"), "B adds");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).isEqualTo(repos.sourceFilesWith(b, files("build-only.txt", PLATFORM)));
        assertThat(repos.buildFiles()).containsEntry("new.txt", "source's\n");
    }

    @Test
    void theirs_takesTheSourcesRename_overABuildEditOfTheOldName() {
        ObjectId a = repos.push(files("old.txt", "content\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("old.txt", "content edited on the build\n"), "build edits");
        ObjectId b = repos.push(files("old.txt", null, "renamed.txt", "content\n"), "B renames");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).isEqualTo(Map.of("renamed.txt", "content\n"));
    }

    @Test
    void theirs_takesTheSourcesDirectory_whenTheSourceTurnedAFileTheBuildEditedIntoADirectory() {
        ObjectId a = repos.push(files("config", "file\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("config", "file edited on the build\n"), "build edits");
        ObjectId b = repos.push(files("config", null, "config/app.yaml", "dir\n"), "B makes config a directory");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).isEqualTo(Map.of("config/app.yaml", "dir\n"));
    }

    @Test
    void theirs_takesTheSourcesFile_whenTheBuildHasADirectoryOfThatName() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("docs/own.md", "build's docs\n"), "build adds a directory");
        ObjectId b = repos.push(files("docs", "now a file\n"), "B adds a file");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).isEqualTo(Map.of("app.txt", "a\n", "docs", "now a file\n"));
    }

    @Test
    void theirs_takesTheSourcesBytes_inABinaryConflict() {
        ObjectId a = repos.push(files("logo.bin", "\0base\0"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("logo.bin", "\0build\0"), "build");
        ObjectId b = repos.push(files("logo.bin", "\0source\0"), "B");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).containsEntry("logo.bin", "\0source\0");
    }

    @Test
    void theirs_appliesTheSourcesDeletion_ofAFileTheBuildDidNotTouch() {
        ObjectId a = repos.push(files("app.txt", "a\n", "old.txt", "old\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("deploy.yaml", PLATFORM), "platform config");
        ObjectId b = repos.push(files("old.txt", null), "B");

        repos.sync(b).call();

        assertThat(repos.buildFiles()).isEqualTo(Map.of("app.txt", "a\n", "deploy.yaml", PLATFORM));
    }

    @Test
    void theirs_usesGitsMergeBase_whenTheBuildBranchHasNoGitbridgeHistory() {
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        try (var platform = GitRepos.cloneOf(repos.build, tmp.resolve("unrelated"))) {
            platform.commit(files("app.txt", "build's own start\n", "deploy.yaml", PLATFORM), "unrelated history");
            platform.push(MAIN);
        }

        SyncResult result = repos.sync(a).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(repos.buildFiles()).isEqualTo(Map.of("app.txt", "a\n", "deploy.yaml", PLATFORM));
    }

    @Test
    void mirror_replacesTheTree_deletingBuildOnlyFiles() {
        repos.mode(MergeMode.MIRROR);
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        repos.sync(a).call();
        repos.commitOnBuild(files("deploy.yaml", PLATFORM, "app.txt", "build edit\n"), "platform config");
        ObjectId b = repos.push(files("lib.txt", "b\n"), "B");

        SyncResult result = repos.sync(b).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(GitRepos.branchTree(repos.build, MAIN)).isEqualTo(GitRepos.treeOf(repos.source, b));
        assertThat(GitRepos.parents(repos.build, result.buildHead())).element(1).isEqualTo(b);
    }
}
