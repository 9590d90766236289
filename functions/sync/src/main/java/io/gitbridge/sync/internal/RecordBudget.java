package io.gitbridge.sync.internal;

import java.time.Duration;

/**
 * The time one queue record may take: the configured bound, raised to the longest sync this process has measured,
 * so a record is started only when it can finish before the function's timeout.
 */
public final class RecordBudget {

    private final Duration floor;
    private volatile Duration longest = Duration.ZERO;

    public RecordBudget(Duration floor) {
        this.floor = floor;
    }

    /** Records how long one record took. */
    public void observe(Duration took) {
        if (took.compareTo(longest) > 0) {
            longest = took;
        }
    }

    /** The time a record needs: the configured bound, or the longest one measured when that is longer. */
    public Duration perRecord() {
        Duration measured = longest;
        return measured.compareTo(floor) > 0 ? measured : floor;
    }

    /** True when {@code remainingMillis} leaves room for one more record. */
    public boolean allows(long remainingMillis) {
        return remainingMillis >= perRecord().toMillis();
    }
}
