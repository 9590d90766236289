package io.gitbridge.sync;

import static io.gitbridge.sync.TestHooks.event;
import static io.gitbridge.sync.TestHooks.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import io.gitbridge.hook.Hook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/** The per-record time budget, with a context whose remaining time the test moves and a fake sync step. */
class SyncHandlerBudgetTest {

    private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");
    private static final String A = "hk_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "hk_bbbbbbbbbbbbbbbbbbbbbbbbbb";

    private final InMemoryHookRepository hooks = new InMemoryHookRepository();
    private final AtomicInteger remaining = new AtomicInteger();
    private final List<String> synced = new ArrayList<>();
    private volatile long sleepMillis;

    SyncHandlerBudgetTest() {
        hooks.create(TestHooks.hook(A, "https://github.com/o/a", null, "https://build.example/a", null));
        hooks.create(TestHooks.hook(B, "https://github.com/o/b", null, "https://build.example/b", null));
    }

    @Test
    void handleRequest_startsARecordOnlyWithItsBudgetLeft_andHandsTheRestBackUnprocessed() {
        SyncHandler handler = handler(Duration.ofSeconds(200), 100_000);
        remaining.set(300_000);

        SQSBatchResponse response = handler.handleRequest(event(
                message("m1", request(A, 1)), message("m2", request(B, 2)), message("m3", request(A, 3)),
                message("m4", request(B, 4))), new RemainingTimeContext(remaining::get));

        assertThat(synced).containsExactly(A + "-1", B + "-2");
        assertThat(failedIds(response)).containsExactly("m3", "m4");
    }

    @Test
    void handleRequest_raisesTheBudgetToTheLongestSyncItMeasured() {
        SyncHandler handler = handler(Duration.ZERO, 0);
        sleepMillis = 150;
        remaining.set(300_000);
        handler.handleRequest(event(message("m1", request(A, 1))), new RemainingTimeContext(remaining::get));
        sleepMillis = 0;

        // The configured budget is zero, but a sync took 150 ms: with 100 ms left the next record waits.
        remaining.set(100);
        SQSBatchResponse tooLittle = handler.handleRequest(event(message("m2", request(A, 2))),
                new RemainingTimeContext(remaining::get));
        remaining.set(1_000);
        SQSBatchResponse enough = handler.handleRequest(event(message("m2", request(A, 2))),
                new RemainingTimeContext(remaining::get));

        assertThat(failedIds(tooLittle)).containsExactly("m2");
        assertThat(failedIds(enough)).isEmpty();
        assertThat(synced).containsExactly(A + "-1", A + "-2");
    }

    @Test
    void handleRequest_handsBackEveryRecord_whenTheInvocationStartsWithLessThanTheBudget() {
        SyncHandler handler = handler(Duration.ofSeconds(200), 0);
        remaining.set(199_999);

        SQSBatchResponse response = handler.handleRequest(event(message("m1", request(A, 1)),
                message("m2", request(B, 2))), new RemainingTimeContext(remaining::get));

        assertThat(synced).isEmpty();
        assertThat(failedIds(response)).containsExactly("m1", "m2");
    }

    private SyncHandler handler(Duration budget, int millisPerSync) {
        HookSyncer syncer = (Hook hook, SyncRequest request) -> {
            synced.add(request.deliveryId());
            remaining.addAndGet(-millisPerSync);
            sleep(sleepMillis);
            ObjectId commit = ObjectId.fromString(request.commit());
            return new SyncResult(SyncResult.Status.FAST_FORWARD, commit, commit, null);
        };
        RetrySettings settings = new RetrySettings(List.of(Duration.ofSeconds(10)), 5, 3, Optional.empty(), budget);
        return new SyncHandler(hooks, new InMemoryDeliveryLog(), syncer, Clock.fixed(NOW, ZoneOffset.UTC), settings);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SyncRequest request(String hook, int n) {
        return new SyncRequest(hook, hook + "-" + n, Character.toString('0' + n).repeat(40), "refs/heads/main");
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }
}
