package io.gitbridge.metrics;

/**
 * The metrics gitbridge publishes, one method per fact, so a call site is one line and the names, units and
 * dimensions live here only. Implementations never throw: a metric that cannot be written must not change an answer.
 *
 * <p>Dimensions are kept to values from small fixed sets (provider ids, outcome and status names); the hook id, which
 * is unbounded, is written as a property of the metric's log line (searchable in Logs Insights), never as a
 * dimension, so the number of CloudWatch metrics does not grow with the number of hooks.
 */
public interface Metrics {

    /** The CloudWatch namespace of every metric. */
    String NAMESPACE = "gitbridge";
    /** Count of deliveries answered by the receiver; dimensions {@code provider}, {@code outcome}. */
    String DELIVERIES = "Deliveries";
    /** Count of deliveries refused for their signature; dimension {@code provider}. */
    String SIGNATURE_REJECTIONS = "SignatureRejections";
    /** Count of 503 answers because the sync queue could not be reached; dimension {@code function}. */
    String QUEUE_UNAVAILABLE = "QueueUnavailable";
    /** Count of sync requests handled; dimension {@code status}. */
    String SYNC_RESULTS = "SyncResults";
    /** How long a sync request took, in milliseconds; dimension {@code status}. */
    String SYNC_DURATION = "SyncDuration";
    /** A hook's failed syncs in a row after a sync (0 after a success); no dimension, the hook id as a property. */
    String HOOK_FAILURE_STREAK = "HookFailureStreak";
    /** Count of sync requests given up and left in the dead-letter queue; no dimension, hook and reason as properties. */
    String DEAD_LETTERED_SYNCS = "DeadLetteredSyncs";

    /**
     * A delivery was answered.
     *
     * @param provider the hook's provider id, or {@code none} when no hook has the URL
     * @param outcome the answer's status or error code: {@code queued}, {@code duplicate}, {@code ignored},
     *     {@code pong}, {@code not_found}, {@code invalid_signature}, …
     */
    void delivery(String provider, String outcome);

    /** A delivery to a hook of {@code provider} was refused because its signature did not verify. */
    void signatureRejected(String provider);

    /** {@code function} ({@code receiver} or {@code hooks}) answered 503 because the sync queue refused a message. */
    void queueUnavailable(String function);

    /**
     * A sync request was handled.
     *
     * @param status how it ended, for example {@code SYNCED}, {@code UP_TO_DATE}, {@code FAILED}
     * @param millis how long it took, in milliseconds
     */
    void sync(String status, long millis);

    /**
     * A hook's sync outcome was recorded.
     *
     * @param failuresInARow the hook's failed syncs in a row now; 0 after a success
     */
    void hookFailureStreak(String hookId, int failuresInARow);

    /** A sync request of {@code hookId} was given up and left in the dead-letter queue, for {@code reason}. */
    void deadLettered(String hookId, String reason);

    /** The process's metrics: EMF lines on stdout on Lambda, none elsewhere (the local runner, tests). */
    static Metrics get() {
        return CurrentMetrics.current;
    }

    /** Replaces the process's metrics, for tests; returns the previous ones. */
    static Metrics use(Metrics metrics) {
        Metrics previous = CurrentMetrics.current;
        CurrentMetrics.current = metrics;
        return previous;
    }

    /** Metrics that go nowhere. */
    static Metrics none() {
        return NoMetrics.INSTANCE;
    }
}
