package io.gitbridge.sync;

import static io.gitbridge.sync.TestHooks.event;
import static io.gitbridge.sync.TestHooks.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.LastSync;
import io.gitbridge.testkit.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/** The batch and FIFO rules of the handler, with a fake sync step; the Git work itself is in the ITs. */
class SyncHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String A = "hk_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "hk_bbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String C1 = "1111111111111111111111111111111111111111";
    private static final String C2 = "2222222222222222222222222222222222222222";
    private static final String C3 = "3333333333333333333333333333333333333333";
    private static final String BAD = "badbadbadbadbadbadbadbadbadbadbadbadbadb";

    private final InMemoryHookRepository hooks = new InMemoryHookRepository();
    private final FakeSyncer syncer = new FakeSyncer(Set.of(BAD));
    private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();
    private final SyncHandler handler = new SyncHandler(hooks, deliveries, syncer, Clock.fixed(NOW, ZoneOffset.UTC));

    SyncHandlerTest() {
        hooks.create(TestHooks.hook(A, "https://github.com/o/a", "tok-a", "https://build.example/a", "btok-a"));
        hooks.create(TestHooks.hook(B, "https://github.com/o/b", "tok-b", "https://build.example/b", "btok-b"));
    }

    @Test
    void handleRequest_reportsNoFailures_whenEveryRecordSyncs() {
        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", request(A, C1)), message("m2", request(B, C2))), null);

        assertThat(failedIds(response)).isEmpty();
        assertThat(syncer.commits).containsExactly(C1, C2);
        assertThat(hooks.lastSync(A)).get().extracting(LastSync::status, LastSync::commit, LastSync::at, LastSync::error)
                .containsExactly(LastSync.Status.SYNCED, C1, NOW, null);
    }

    @Test
    void handleRequest_failsLaterRecordsOfTheGroup_withoutProcessingThem_afterARecordFails() {
        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", request(A, C1)),
                message("m2", request(A, BAD)),
                message("m3", request(A, C2)),
                message("m4", request(A, C3))), null);

        assertThat(failedIds(response)).containsExactly("m2", "m3", "m4");
        assertThat(syncer.commits).containsExactly(C1, BAD);
        assertThat(hooks.lastSync(A)).get().extracting(LastSync::status).isEqualTo(LastSync.Status.FAILED);
    }

    @Test
    void handleRequest_processesOtherGroups_afterAGroupFails() {
        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", request(A, BAD)),
                message("m2", request(B, C1)),
                message("m3", request(A, C2)),
                message("m4", request(B, C2))), null);

        assertThat(failedIds(response)).containsExactly("m1", "m3");
        assertThat(syncer.commits).containsExactly(BAD, C1, C2);
        assertThat(hooks.lastSync(B)).get().extracting(LastSync::commit).isEqualTo(C2);
    }

    @Test
    void handleRequest_reportsRecordFailed_andBlocksItsGroup_whenBodyIsNotASyncRequest() {
        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", A, "{\"hookId\":\"" + A + "\"}"),
                message("m2", request(A, C1)),
                message("m3", "other-group", "not json at all"),
                message("m4", request(B, C1))), null);

        assertThat(failedIds(response)).containsExactly("m1", "m2", "m3");
        assertThat(syncer.commits).containsExactly(C1);
        assertThat(hooks.recordedIds()).containsExactly(B);
    }

    @Test
    void handleRequest_dropsRecord_whenHookNoLongerExists() {
        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", request("hk_deleted", C1)),
                message("m2", request("hk_deleted", C2))), null);

        assertThat(failedIds(response)).isEmpty();
        assertThat(syncer.commits).isEmpty();
        assertThat(hooks.recordedIds()).isEmpty();
    }

    @Test
    void handleRequest_reportsRecordFailed_andBlocksItsGroup_whenHookStoreFails() {
        HookRepository broken = new InMemoryHookRepository() {
            @Override
            public synchronized Optional<Hook> find(String id) {
                throw new IllegalStateException("DynamoDB is unavailable");
            }
        };
        SyncHandler failing = new SyncHandler(broken, deliveries, syncer, Clock.fixed(NOW, ZoneOffset.UTC));

        SQSBatchResponse response = failing.handleRequest(event(
                message("m1", request(A, C1)), message("m2", request(A, C2))), null);

        assertThat(failedIds(response)).containsExactly("m1", "m2");
        assertThat(syncer.commits).isEmpty();
    }

    @Test
    void handleRequest_treatsRecordsWithoutGroupIndependently() {
        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", null, SyncRequestCodec.encode(request(A, BAD))),
                message("m2", null, SyncRequestCodec.encode(request(A, C1)))), null);

        assertThat(failedIds(response)).containsExactly("m1");
        assertThat(syncer.commits).containsExactly(BAD, C1);
    }

    @Test
    void handleRequest_returnsNoFailures_forAnEmptyEvent() {
        assertThat(failedIds(handler.handleRequest(new SQSEvent(), null))).isEmpty();
        assertThat(failedIds(handler.handleRequest(event(), null))).isEmpty();
    }

    @Test
    void handleRequest_readsTheSqsFixture() {
        SQSEvent event = TestHooks.eventFromJson(Fixtures.text("sqs/sync.json"));
        hooks.create(TestHooks.hook("hk_example0000000000000000", "https://github.com/o/e", null,
                "https://build.example/e", null));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(failedIds(response)).isEmpty();
        assertThat(syncer.commits).containsExactly("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
        assertThat(syncer.refs).containsExactly("refs/heads/main");
    }

    private static SyncRequest request(String hookId, String commit) {
        return new SyncRequest(hookId, "delivery-" + commit.substring(0, 4), commit, "refs/heads/main");
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }

    /** Succeeds except for the commits it is told to fail, remembering what it was asked. */
    private static final class FakeSyncer implements HookSyncer {
        private final Set<String> failing;
        final List<String> commits = new ArrayList<>();
        final List<String> refs = new ArrayList<>();

        FakeSyncer(Set<String> failing) {
            this.failing = failing;
        }

        @Override
        public SyncResult sync(Hook hook, SyncRequest request) {
            commits.add(request.commit());
            refs.add(request.ref());
            if (failing.contains(request.commit())) {
                throw new SourceUnavailableException("commit " + request.commit() + " not found on source");
            }
            ObjectId commit = ObjectId.fromString(request.commit());
            return new SyncResult(SyncResult.Status.FAST_FORWARD, commit, commit, null);
        }
    }
}
