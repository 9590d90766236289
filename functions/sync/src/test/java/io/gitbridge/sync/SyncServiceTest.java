package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.LastSync;
import io.gitbridge.sync.SyncService.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class SyncServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String HOOK = "hk_cccccccccccccccccccccccccc";
    private static final String COMMIT = "4444444444444444444444444444444444444444";
    private static final SyncRequest REQUEST = new SyncRequest(HOOK, "d-1", COMMIT, "refs/heads/main");

    private final InMemoryHookRepository hooks = new InMemoryHookRepository();
    private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();

    SyncServiceTest() {
        hooks.create(TestHooks.hook(HOOK, "https://github.com/o/r", "tok", "https://build.example/r", "btok"));
        deliveries.recordQueued(Delivery.queued(HOOK, "d-1", "d-1", NOW.minusSeconds(5), "push", COMMIT,
                "refs/heads/main"));
    }

    @Test
    void sync_recordsSynced_whenTheBuildBranchChanged() {
        Outcome outcome = service((hook, request) -> result(SyncResult.Status.MERGED)).sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.SYNCED);
        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.SYNCED, COMMIT, NOW, null));
    }

    @Test
    void sync_recordsUpToDate_whenNothingWasPushed() {
        Outcome outcome = service((hook, request) -> result(SyncResult.Status.UP_TO_DATE)).sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(outcome.retry()).isFalse();
        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.UP_TO_DATE, COMMIT, NOW, null));
    }

    @Test
    void sync_recordsFailedWithTheAdminMessage_whenTheSyncFails() {
        Outcome outcome = service((hook, request) -> {
            throw new BuildRepositoryRejectedException("the build repository rejected the update");
        }).sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.FAILED);
        assertThat(outcome.retry()).isTrue();
        assertThat(hooks.lastSync(HOOK)).contains(
                new LastSync(LastSync.Status.FAILED, COMMIT, NOW, "the build repository rejected the update"));
    }

    @Test
    void sync_recordsAGenericError_whenTheSyncFailsUnexpectedly() {
        Outcome outcome = service((hook, request) -> {
            throw new IllegalStateException("internal detail https://user:secret@example.com");
        }).sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.FAILED);
        assertThat(hooks.lastSync(HOOK)).get().extracting(LastSync::error)
                .isEqualTo("internal error in the sync function; see its logs");
    }

    @Test
    void sync_recordsNothing_whenTheHookIsGone() {
        Outcome outcome = service((hook, request) -> result(SyncResult.Status.CREATED))
                .sync(new SyncRequest("hk_gone", "d-2", COMMIT, "refs/heads/main"));

        assertThat(outcome).isEqualTo(Outcome.HOOK_GONE);
        assertThat(outcome.retry()).isFalse();
        assertThat(hooks.recordedIds()).isEmpty();
    }

    @Test
    void sync_recordsTheOutcomeOnTheDelivery_asOnTheHook() {
        service((hook, request) -> result(SyncResult.Status.FAST_FORWARD)).sync(REQUEST);

        LastSync synced = new LastSync(LastSync.Status.SYNCED, COMMIT, NOW, null);
        assertThat(hooks.lastSync(HOOK)).contains(synced);
        assertThat(deliveries.sync(HOOK, "d-1")).contains(synced);
    }

    @Test
    void sync_recordsTheSameAdminError_onTheHookAndOnTheDelivery() {
        String error = "the build repository https://build.example/r refused the push to branch main (protected);"
                + " if the branch changed during the sync, the retry reads it again";

        service((hook, request) -> {
            throw new BuildRepositoryRejectedException(error);
        }).sync(REQUEST);

        LastSync failed = new LastSync(LastSync.Status.FAILED, COMMIT, NOW, error);
        assertThat(hooks.lastSync(HOOK)).contains(failed);
        assertThat(deliveries.sync(HOOK, "d-1")).contains(failed);
        assertThat(hooks.find(HOOK).orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void sync_ofTheBranchHead_recordsTheCommitThatWasSynced() {
        String head = "5555555555555555555555555555555555555555";
        deliveries.recordQueued(Delivery.queued(HOOK, "sync_1", null, NOW, Delivery.MANUAL_SYNC, null, "refs/heads/main"));
        List<SyncRequest> asked = new ArrayList<>();

        Outcome outcome = service((hook, request) -> {
            asked.add(request);
            return new SyncResult(SyncResult.Status.CREATED, ObjectId.fromString(head), ObjectId.fromString(head), null);
        }).sync(SyncRequest.headOf(HOOK, "sync_1", "refs/heads/main"));

        assertThat(outcome).isEqualTo(Outcome.SYNCED);
        assertThat(asked).extracting(SyncRequest::commit).containsExactly((String) null);
        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.SYNCED, head, NOW, null));
        Delivery delivery = deliveries.find(HOOK, "sync_1").orElseThrow();
        assertThat(delivery.commit()).isEqualTo(head);
        assertThat(delivery.sync()).isEqualTo(new LastSync(LastSync.Status.SYNCED, head, NOW, null));
    }

    @Test
    void sync_ofTheBranchHead_thatFindsNoBranch_recordsTheErrorWithoutACommit() {
        String error = "branch main was not found on the source repository https://github.com/o/r; check the hook's branch";
        deliveries.recordQueued(Delivery.queued(HOOK, "sync_1", null, NOW, Delivery.MANUAL_SYNC, null, "refs/heads/main"));

        Outcome outcome = service((hook, request) -> {
            throw new SourceUnavailableException(error);
        }).sync(SyncRequest.headOf(HOOK, "sync_1", "refs/heads/main"));

        assertThat(outcome).isEqualTo(Outcome.FAILED);
        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.FAILED, null, NOW, error));
        assertThat(deliveries.sync(HOOK, "sync_1")).contains(new LastSync(LastSync.Status.FAILED, null, NOW, error));
    }

    @Test
    void sync_recordsOnTheHookAndReportsTheOutcome_whenTheDeliveryLogCannotBeWritten() {
        InMemoryDeliveryLog broken = new InMemoryDeliveryLog() {
            @Override
            public synchronized void recordSync(String hookId, String deliveryId, LastSync outcome) {
                throw new IllegalStateException("DynamoDB is unavailable");
            }
        };

        Outcome outcome = new SyncService(hooks, broken, (hook, request) -> result(SyncResult.Status.MERGED),
                Clock.fixed(NOW, ZoneOffset.UTC)).sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.SYNCED);
        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.SYNCED, COMMIT, NOW, null));
    }

    @Test
    void sync_recordsTheCommitTheBuildHolds_onTheHook_whenAStaleDeliveryIsUpToDate() {
        String newer = "6666666666666666666666666666666666666666";
        hooks.recordSync(HOOK, new LastSync(LastSync.Status.SYNCED, newer, NOW.minusSeconds(60), null));

        Outcome outcome = service((hook, request) -> new SyncResult(SyncResult.Status.UP_TO_DATE,
                ObjectId.fromString(COMMIT), ObjectId.fromString(newer), ObjectId.fromString(newer),
                ObjectId.fromString(newer), null)).sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.UP_TO_DATE, newer, NOW, null));
        assertThat(deliveries.sync(HOOK, "d-1")).contains(new LastSync(LastSync.Status.UP_TO_DATE, COMMIT, NOW, null));
    }

    @Test
    void sync_recordsSupersededWithItsReason_withoutRetryAndWithoutCountingAFailure() {
        String reason = "commit 4444444444444444444444444444444444444444 was on branch main but is no longer";
        hooks.recordSync(HOOK, new LastSync(LastSync.Status.FAILED, COMMIT, NOW.minusSeconds(60), "earlier failure"));

        Outcome outcome = service((hook, request) -> notPublished(SyncResult.Status.SUPERSEDED, reason)).sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.SUPERSEDED);
        assertThat(outcome.retry()).isFalse();
        LastSync superseded = new LastSync(LastSync.Status.SUPERSEDED, COMMIT, NOW, reason);
        assertThat(hooks.lastSync(HOOK)).contains(superseded);
        assertThat(deliveries.sync(HOOK, "d-1")).contains(superseded);
        assertThat(hooks.find(HOOK).orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void sync_recordsNotOnBranchWithItsReason_withoutRetryAndWithoutCountingAFailure() {
        String reason = "commit 4444444444444444444444444444444444444444 is not on branch main";

        Outcome outcome = service((hook, request) -> notPublished(SyncResult.Status.NOT_ON_BRANCH, reason))
                .sync(REQUEST);

        assertThat(outcome).isEqualTo(Outcome.NOT_ON_BRANCH);
        assertThat(outcome.retry()).isFalse();
        LastSync notOnBranch = new LastSync(LastSync.Status.NOT_ON_BRANCH, COMMIT, NOW, reason);
        assertThat(hooks.lastSync(HOOK)).contains(notOnBranch);
        assertThat(deliveries.sync(HOOK, "d-1")).contains(notOnBranch);
        assertThat(hooks.find(HOOK).orElseThrow().consecutiveFailures()).isZero();
    }

    private static SyncResult notPublished(SyncResult.Status status, String reason) {
        return new SyncResult(status, ObjectId.fromString(COMMIT), null, null, null, reason);
    }

    private SyncService service(HookSyncer syncer) {
        return new SyncService(hooks, deliveries, syncer, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SyncResult result(SyncResult.Status status) {
        return new SyncResult(status, ObjectId.fromString(COMMIT), ObjectId.fromString(COMMIT), null);
    }
}
