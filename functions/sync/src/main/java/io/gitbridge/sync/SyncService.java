package io.gitbridge.sync;

import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.LastSync;
import io.gitbridge.logging.LogContext;
import io.gitbridge.metrics.Metrics;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one sync request from start to finish: finds the hook, syncs, and records the outcome as the hook's
 * last sync and on the request's delivery log entry, both with the same admin-readable error or reason.
 * Free of Lambda types; {@link SyncHandler} adds only the queue's batch and ordering rules.
 */
public final class SyncService {

    /** What is recorded when a sync fails in a way its exception may not describe safely. */
    static final String INTERNAL_ERROR = "internal error in the sync function; see its logs";

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    private final HookRepository hooks;
    private final DeliveryLog deliveries;
    private final HookSyncer syncer;
    private final Clock clock;
    private final FailureListener failures;

    public SyncService(HookRepository hooks, DeliveryLog deliveries, HookSyncer syncer, Clock clock) {
        this(hooks, deliveries, syncer, clock, (retryClass, reason) -> { });
    }

    /** Also tells {@code failures} why each failed sync failed, so the caller can space the retries. */
    public SyncService(HookRepository hooks, DeliveryLog deliveries, HookSyncer syncer, Clock clock,
            FailureListener failures) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.syncer = syncer;
        this.clock = clock;
        this.failures = failures;
    }

    /**
     * Syncs the request's commit (or its ref's head) into its hook's build branch and records the outcome, with the
     * commit that was synced.
     *
     * @return how it ended; only {@link Outcome#FAILED} asks for the request to be retried
     * @throws RuntimeException when the hook store fails; nothing could be recorded, so the caller retries
     */
    public Outcome sync(SyncRequest request) {
        long started = System.nanoTime();
        LogContext.newRecord();
        LogContext.hook(request.hookId());
        LogContext.delivery(request.deliveryId());
        Outcome outcome = syncOnce(request);
        LogContext.outcome(outcome.name());
        Metrics.get().sync(outcome.name(), (System.nanoTime() - started) / 1_000_000);
        return outcome;
    }

    private Outcome syncOnce(SyncRequest request) {
        Optional<Hook> found = hooks.find(request.hookId());
        if (found.isEmpty()) {
            LOG.info("hook {} no longer exists; dropping delivery {}", request.hookId(), request.deliveryId());
            return Outcome.HOOK_GONE;
        }
        Hook hook = found.get();
        LogContext.provider(hook.provider());
        try {
            SyncResult result = syncer.sync(hook, request);
            String commit = result.sourceCommit().name();
            LOG.info("hook {} delivery {}: {} {} -> {} {}", hook.id(), request.deliveryId(), request.ref(), commit,
                    hook.buildBranch(), result.status());
            LastSync.Status status = status(result.status());
            LastSync forDelivery = new LastSync(status, commit, clock.instant(), result.reason(), result.warning());
            // The hook's last sync names what its build branch holds, which only moves in the order syncs ran: a
            // stale delivery replayed late does not point it back at an older commit.
            // A commit that was not published (superseded, not on the branch) names, on the hook, the source commit the
            // build still holds when that is known, for the same reason; the reason names the commit asked for.
            LastSync forHook = status.succeeded()
                    ? new LastSync(status, result.syncedSource().name(), forDelivery.at(), null, result.warning())
                    : result.syncedSource() != null
                            ? new LastSync(status, result.syncedSource().name(), forDelivery.at(), result.reason())
                            : forDelivery;
            record(hook, request, forHook, forDelivery);
            return Outcome.of(result.status());
        } catch (SyncException e) {
            LOG.warn("hook {} delivery {}: sync of {} failed ({}): {}", hook.id(), request.deliveryId(),
                    describe(request), e.getClass().getSimpleName(), e.getMessage());
            failures.failed(e.retryClass(), e.getMessage());
            return failed(hook, request, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("hook {} delivery {}: sync of {} failed unexpectedly", hook.id(), request.deliveryId(),
                    describe(request), e);
            failures.failed(RetryClass.TRANSIENT, INTERNAL_ERROR);
            return failed(hook, request, INTERNAL_ERROR);
        }
    }

    private Outcome failed(Hook hook, SyncRequest request, String error) {
        LastSync failure = new LastSync(LastSync.Status.FAILED, request.commit(), clock.instant(), error);
        record(hook, request, failure, failure);
        return Outcome.FAILED;
    }

    private static LastSync.Status status(SyncResult.Status status) {
        return switch (status) {
            case CREATED, FAST_FORWARD, MERGED -> LastSync.Status.SYNCED;
            case UP_TO_DATE -> LastSync.Status.UP_TO_DATE;
            case SUPERSEDED -> LastSync.Status.SUPERSEDED;
            case NOT_ON_BRANCH -> LastSync.Status.NOT_ON_BRANCH;
        };
    }

    /**
     * Records on the hook, then on the delivery. The hook's record decides a retry (its failure propagates); the
     * delivery's is information only, so failing to write it is logged and does not make the sync run again.
     */
    private void record(Hook hook, SyncRequest request, LastSync forHook, LastSync forDelivery) {
        hooks.recordSync(hook.id(), forHook);
        Metrics.get().hookFailureStreak(hook.id(), failureStreak(hook, forHook.status()));
        try {
            deliveries.recordSync(hook.id(), request.deliveryId(), forDelivery);
        } catch (RuntimeException e) {
            LOG.warn("hook {} delivery {}: the sync outcome could not be written to the delivery log: {}", hook.id(),
                    request.deliveryId(), e.toString());
        }
    }

    /** The hook's consecutive failures after this outcome: superseded and not_on_branch are results, not failures. */
    private static int failureStreak(Hook hook, LastSync.Status status) {
        return switch (status) {
            case FAILED -> hook.consecutiveFailures() + 1;
            case SUPERSEDED, NOT_ON_BRANCH -> hook.consecutiveFailures();
            default -> 0;
        };
    }

    private static String describe(SyncRequest request) {
        return request.commitIfSet().orElse("the head of " + request.ref());
    }

    /** Hears why a sync failed: whether a retry may help, and the admin-readable reason that was recorded. */
    @FunctionalInterface
    public interface FailureListener {
        void failed(RetryClass retryClass, String reason);
    }

    /** How handling one request ended. */
    public enum Outcome {
        /** The build branch was created, fast-forwarded or merged. */
        SYNCED,
        /** The build branch already contained the commit, or a newer one of the branch. */
        UP_TO_DATE,
        /** The commit was rewritten away from the source branch; nothing was published, nothing to retry. */
        SUPERSEDED,
        /** The commit is not on the source branch; nothing was published, nothing to retry. */
        NOT_ON_BRANCH,
        /** The hook was deleted after the request was queued; there is nothing to do. */
        HOOK_GONE,
        /** The sync failed and was recorded; the request should be retried. */
        FAILED;

        static Outcome of(SyncResult.Status status) {
            return switch (status) {
                case CREATED, FAST_FORWARD, MERGED -> SYNCED;
                case UP_TO_DATE -> UP_TO_DATE;
                case SUPERSEDED -> SUPERSEDED;
                case NOT_ON_BRANCH -> NOT_ON_BRANCH;
            };
        }

        /** True when the queue should deliver the request again. */
        public boolean retry() {
            return this == FAILED;
        }
    }
}
