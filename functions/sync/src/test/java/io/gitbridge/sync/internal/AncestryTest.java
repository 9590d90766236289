package io.gitbridge.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Ancestry#isAncestor} on commit graphs in an in-memory repository. */
class AncestryTest {

    private final InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("ancestry"));
    private final ObjectInserter inserter = repository.newObjectInserter();
    private final RevWalk walk = new RevWalk(repository);
    private int time = 1_600_000_000;

    @AfterEach
    void close() {
        walk.close();
        inserter.close();
        repository.close();
    }

    @Test
    void isAncestor_isTrue_forTheCommitItselfAndEveryCommitBelowIt() throws IOException {
        ObjectId root = commit("root");
        ObjectId middle = commit("middle", root);
        ObjectId tip = commit("tip", middle);

        assertThat(Ancestry.isAncestor(walk, tip, tip)).isTrue();
        assertThat(Ancestry.isAncestor(walk, middle, tip)).isTrue();
        assertThat(Ancestry.isAncestor(walk, root, tip)).isTrue();
        assertThat(Ancestry.isAncestor(walk, tip, middle)).isFalse();
        assertThat(Ancestry.isAncestor(walk, tip, root)).isFalse();
    }

    @Test
    void isAncestor_isFalse_forABuildMergeAndTheNextSourceCommit() throws IOException {
        // The shape of every warm sync: the build head merges the previous source commit; the source moves on.
        ObjectId source1 = commit("source 1");
        ObjectId buildOnly = commit("platform", source1);
        ObjectId source2 = commit("source 2", source1);
        ObjectId merge = commit("sync source 2", buildOnly, source2);
        ObjectId source3 = commit("source 3", source2);

        assertThat(Ancestry.isAncestor(walk, merge, source3)).isFalse();
        assertThat(Ancestry.isAncestor(walk, source2, merge)).isTrue();
        assertThat(Ancestry.isAncestor(walk, buildOnly, source3)).isFalse();
        assertThat(Ancestry.isAncestor(walk, source1, merge)).isTrue();
    }

    @Test
    void isAncestor_findsTheAncestor_throughASecondParent_andAcrossUnrelatedRoots() throws IOException {
        ObjectId otherRoot = commit("other root");
        ObjectId root = commit("root");
        ObjectId side = commit("side", root);
        ObjectId main = commit("main", root);
        ObjectId merged = commit("merge", main, side);
        ObjectId joined = commit("join", merged, otherRoot);

        assertThat(Ancestry.isAncestor(walk, side, joined)).isTrue();
        assertThat(Ancestry.isAncestor(walk, otherRoot, joined)).isTrue();
        assertThat(Ancestry.isAncestor(walk, otherRoot, merged)).isFalse();
        assertThat(Ancestry.isAncestor(walk, joined, side)).isFalse();
    }

    @Test
    void isAncestor_leavesTheCallersWalkUsable() throws IOException {
        ObjectId root = commit("root");
        ObjectId tip = commit("tip", root);
        walk.markStart(walk.parseCommit(tip));

        assertThat(Ancestry.isAncestor(walk, root, tip)).isTrue();

        assertThat(walk.next()).isEqualTo(tip);
        assertThat(walk.next()).isEqualTo(root);
        assertThat(walk.next()).isNull();
    }

    private ObjectId commit(String message, ObjectId... parents) throws IOException {
        TreeFormatter tree = new TreeFormatter();
        tree.append("file.txt", org.eclipse.jgit.lib.FileMode.REGULAR_FILE,
                inserter.insert(Constants.OBJ_BLOB, message.getBytes(StandardCharsets.UTF_8)));
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(inserter.insert(tree));
        commit.setParentIds(parents);
        PersonIdent ident = new PersonIdent("Dev", "dev@example.com", (long) time++ * 1000, 0);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(message + "\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }
}
