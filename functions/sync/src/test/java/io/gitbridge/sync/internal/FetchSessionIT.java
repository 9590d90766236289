package io.gitbridge.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches through {@link FetchSession} that offer the remote only the commits known to be common
 * ({@link NegotiationView}), against real repositories over {@code file://}.
 */
class FetchSessionIT {

    private static final String REF = "refs/heads/main";

    @TempDir
    Path tmp;

    private final List<Repository> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Repository::close);
        CachedRepository.forget(tmp.resolve("work"));
    }

    @Test
    void fetch_offeringTheLastHead_bringsTheNewCommit_andLeavesTheWorkRepositoryWhole() throws IOException {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        ObjectId oldHead;
        ObjectId newHead;
        try (WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            oldHead = commits(developer, 30);
            developer.push("main");
            Repository work = work();
            fetch(work, source, Set.of());
            newHead = developer.commit(Map.of("file-new.txt", "new\n"), "new");
            developer.push("main");

            assertThat(fetch(work, source, Set.of(oldHead))).contains(newHead);

            assertThat(work.getObjectDatabase().has(newHead)).isTrue();
            assertThat(work.getObjectDatabase().getShallowCommits()).isEmpty();
            assertThat(Files.exists(work.getDirectory().toPath().resolve("shallow"))).isFalse();
            assertThat(historyLength(work, newHead)).isEqualTo(31);
            assertThat(GitRepos.files(source, newHead)).containsEntry("file-new.txt", "new\n");
        }
    }

    @Test
    void fetch_offeringACommitTheSourceNoLongerHas_stillBringsTheWholeNewHistory() throws IOException {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        try (WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            ObjectId base = commits(developer, 5);
            developer.push("main");
            ObjectId rewrittenAway = developer.commit(Map.of("gone.txt", "gone\n"), "later rewritten away");
            developer.push("main");
            Repository work = work();
            fetch(work, source, Set.of());
            developer.resetHard(base);
            ObjectId replacement = commits(developer, 3);
            developer.push("main", true);

            assertThat(fetch(work, source, Set.of(rewrittenAway))).contains(replacement);

            assertThat(historyLength(work, replacement)).isEqualTo(8);
        }
    }

    @Test
    void view_seesTheCommonCommitsAsWithoutParents_whileTheWorkRepositorySeesTheirHistory() throws IOException {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        try (WorkingClone developer = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            ObjectId head = commits(developer, 10);
            developer.push("main");
            Repository work = work();
            fetch(work, source, Set.of());

            try (Repository view = NegotiationView.of(work, Set.of(head, ObjectId.zeroId()))) {
                assertThat(view).isNotSameAs(work);
                assertThat(view.getRefDatabase().getRefs()).isEmpty();
                assertThat(view.getObjectDatabase().getShallowCommits()).containsExactly(head);
                assertThat(historyLength(view, head)).isEqualTo(1);
            }
            assertThat(historyLength(work, head)).isEqualTo(10);
            try (Repository none = NegotiationView.of(work, Set.of(ObjectId.zeroId()))) {
                assertThat(none).isSameAs(work);
            }
        }
    }

    private Repository work() throws IOException {
        Repository work = CachedRepository.openOrCreate(tmp.resolve("work"));
        opened.add(work);
        return work;
    }

    private static Optional<ObjectId> fetch(Repository work, Path source, Set<ObjectId> common) throws IOException {
        RepositoryUrl url = RepositoryUrl.parse(GitRepos.fileUri(source).toString(), "source", true);
        try (FetchSession session = FetchSession.open(work, url, UrlPolicy.local(HostResolver.SYSTEM), null,
                Duration.ofSeconds(30), List.of(REF), common)) {
            Optional<ObjectId> head = session.advertised(REF);
            if (head.isPresent()) {
                session.fetch(head.get());
            }
            return head;
        }
    }

    private static ObjectId commits(WorkingClone developer, int count) {
        ObjectId last = null;
        for (int i = 0; i < count; i++) {
            last = developer.commit(Map.of("file" + (i % 5) + ".txt", "version " + i + " " + System.nanoTime() + "\n"),
                    "commit " + i);
        }
        return last;
    }

    private static int historyLength(Repository repository, ObjectId head) throws IOException {
        int count = 0;
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            for (RevCommit ignored : walk) {
                count++;
            }
        }
        return count;
    }
}
