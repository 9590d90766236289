package io.gitbridge.sync;

import static io.gitbridge.sync.TestHooks.event;
import static io.gitbridge.sync.TestHooks.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.LastSync;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SyncHandler#handleRequest} with real repositories, an in-memory hook store and an SQS event. */
class SyncHandlerIT {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String A = "hk_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "hk_bbbbbbbbbbbbbbbbbbbbbbbbbb";
    @TempDir
    Path tmp;

    private final InMemoryHookRepository hooks = new InMemoryHookRepository();
    private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();
    private Path source;
    private Path buildA;
    private Path buildB;
    private WorkingClone developer;

    @BeforeEach
    void createRepositories() {
        source = GitRepos.createBare(tmp.resolve("source.git"));
        buildA = GitRepos.createBare(tmp.resolve("build-a.git"));
        buildB = GitRepos.createBare(tmp.resolve("build-b.git"));
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
        hooks.create(TestHooks.hook(A, url(source), null, url(buildA), null));
        hooks.create(TestHooks.hook(B, url(source), null, url(buildB), null));
    }

    @AfterEach
    void closeClone() {
        developer.close();
    }

    @Test
    void handleRequest_syncsRecordsOutcomes_andReportsOnlyFailedRecords() {
        ObjectId c1 = developer.commit(Map.of("README.md", "hello\n"), "first");
        developer.push("main");
        SyncHandler handler = handler(true);

        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", request(A, c1.name())),
                message("m2", request(A, c1.name())),
                message("m3", SyncRequest.headOf(B, "delivery-missing", "refs/heads/missing")),
                message("m4", request(B, c1.name())),
                message("m5", request("hk_deleted", c1.name())),
                message("m6", "some-group", "{\"not\":\"a sync request\"}")), null);

        assertThat(failedIds(response)).containsExactly("m3", "m4", "m6");
        assertThat(hooks.lastSync(A)).contains(new LastSync(LastSync.Status.UP_TO_DATE, c1.name(), NOW, null));
        assertThat(GitRepos.head(buildA, "main")).contains(c1);
        LastSync b = hooks.lastSync(B).orElseThrow();
        assertThat(b.status()).isEqualTo(LastSync.Status.FAILED);
        assertThat(b.commit()).isNull();
        assertThat(b.at()).isEqualTo(NOW);
        assertThat(b.error()).startsWith("branch missing was not found on the source repository " + url(source));
        assertThat(GitRepos.head(buildB, "main")).isEmpty();
        assertThat(hooks.recordedIds()).containsExactly(A, A, B);
    }

    @Test
    void handleRequest_recordsTheUrlPolicyFailure_whenFileUrlsAreNotAllowed() {
        ObjectId c1 = developer.commit(Map.of("README.md", "hello\n"), "first");
        developer.push("main");

        SQSBatchResponse response = handler(false).handleRequest(event(message("m1", request(A, c1.name()))), null);

        assertThat(failedIds(response)).containsExactly("m1");
        assertThat(hooks.lastSync(A).orElseThrow().error())
                .isEqualTo("the source repository " + url(source)
                        + " is a local file URL, which only the local runner accepts; use an https URL");
        assertThat(GitRepos.head(buildA, "main")).isEmpty();
    }

    @Test
    void handleRequest_syncsTheBranchHead_forARequestWithoutCommit_andRecordsItOnTheDelivery() {
        developer.commit(Map.of("README.md", "hello\n"), "first");
        ObjectId head = developer.commit(Map.of("README.md", "hello again\n"), "second");
        developer.push("main");
        deliveries.recordQueued(Delivery.queued(A, "sync_1", null, NOW, Delivery.MANUAL_SYNC, null, "refs/heads/main"));

        SQSBatchResponse response = handler(true).handleRequest(event(
                message("m1", SyncRequest.headOf(A, "sync_1", "refs/heads/main"))), null);

        assertThat(failedIds(response)).isEmpty();
        assertThat(GitRepos.head(buildA, "main")).contains(head);
        LastSync synced = new LastSync(LastSync.Status.SYNCED, head.name(), NOW, null);
        assertThat(hooks.lastSync(A)).contains(synced);
        Delivery delivery = deliveries.find(A, "sync_1").orElseThrow();
        assertThat(delivery.sync()).isEqualTo(synced);
        assertThat(delivery.commit()).isEqualTo(head.name());
    }

    private SyncHandler handler(boolean allowFileUrls) {
        return new SyncHandler(hooks, deliveries, Providers.standard(), tmp.resolve("work"), allowFileUrls,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SyncRequest request(String hookId, String commit) {
        return new SyncRequest(hookId, "delivery-" + commit.substring(0, 6), commit, "refs/heads/main");
    }

    private static String url(Path repo) {
        return GitRepos.fileUri(repo).toString();
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }
}
