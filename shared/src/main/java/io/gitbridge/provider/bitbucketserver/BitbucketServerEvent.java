package io.gitbridge.provider.bitbucketserver;

import java.util.Arrays;
import java.util.Optional;

/** The Bitbucket Data Center events gitbridge handles, holding the exact {@code X-Event-Key} values. */
public enum BitbucketServerEvent {
    PING("diagnostics:ping"),
    REFS_CHANGED("repo:refs_changed");

    private final String wire;

    BitbucketServerEvent(String wire) {
        this.wire = wire;
    }

    /** The header value. */
    public String wire() {
        return wire;
    }

    /** The event with this header value, if gitbridge handles it. */
    public static Optional<BitbucketServerEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
