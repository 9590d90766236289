package io.gitbridge.provider.gogs;

import java.util.Arrays;
import java.util.Optional;

/** The Gogs events gitbridge handles, holding the exact {@code X-Gogs-Event} values. */
public enum GogsEvent {
    PUSH("push");

    private final String wire;

    GogsEvent(String wire) {
        this.wire = wire;
    }

    /** The header value. */
    public String wire() {
        return wire;
    }

    /** The event with this header value, if gitbridge handles it. */
    public static Optional<GogsEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
