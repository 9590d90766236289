package io.gitbridge.provider.gitea;

import java.util.Arrays;
import java.util.Optional;

/** The Gitea and Forgejo events gitbridge handles, holding the exact {@code X-Gitea-Event} / {@code X-Forgejo-Event} values. */
public enum GiteaEvent {
    PUSH("push"),
    WORKFLOW_RUN("workflow_run"),
    STATUS("status");

    private final String wire;

    GiteaEvent(String wire) {
        this.wire = wire;
    }

    /** The header value. */
    public String wire() {
        return wire;
    }

    /** The event with this header value, if gitbridge handles it. */
    public static Optional<GiteaEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
