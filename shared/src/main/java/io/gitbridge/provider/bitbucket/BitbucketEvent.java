package io.gitbridge.provider.bitbucket;

import java.util.Arrays;
import java.util.Optional;

/** The Bitbucket Cloud events gitbridge handles, holding the exact {@code X-Event-Key} values. */
public enum BitbucketEvent {
    PUSH("repo:push"),
    COMMIT_STATUS_CREATED("repo:commit_status_created"),
    COMMIT_STATUS_UPDATED("repo:commit_status_updated");

    private final String wire;

    BitbucketEvent(String wire) {
        this.wire = wire;
    }

    /** The header value. */
    public String wire() {
        return wire;
    }

    /** The event with this header value, if gitbridge handles it. */
    public static Optional<BitbucketEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
