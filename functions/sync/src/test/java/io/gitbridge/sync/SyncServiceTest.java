package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.hook.LastSync;
import io.gitbridge.sync.SyncService.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class SyncServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String HOOK = "hk_cccccccccccccccccccccccccc";
    private static final String COMMIT = "4444444444444444444444444444444444444444";
    private static final SyncRequest REQUEST = new SyncRequest(HOOK, "d-1", COMMIT, "refs/heads/main");

    private final InMemoryHookRepository hooks = new InMemoryHookRepository();

    SyncServiceTest() {
        hooks.create(TestHooks.hook(HOOK, "https://github.com/o/r", "tok", "https://build.example/r", "btok"));
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

    private SyncService service(HookSyncer syncer) {
        return new SyncService(hooks, syncer, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SyncResult result(SyncResult.Status status) {
        return new SyncResult(status, ObjectId.fromString(COMMIT), null);
    }
}
