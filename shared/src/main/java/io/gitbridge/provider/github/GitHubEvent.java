package io.gitbridge.provider.github;

import java.util.Arrays;
import java.util.Optional;

/** The GitHub events gitbridge handles, holding the exact {@code X-GitHub-Event} values. */
public enum GitHubEvent {
    PING("ping"),
    PUSH("push"),
    WORKFLOW_RUN("workflow_run");

    private final String wire;

    GitHubEvent(String wire) {
        this.wire = wire;
    }

    /** The header value. */
    public String wire() {
        return wire;
    }

    /** The event with this header value, if gitbridge handles it. */
    public static Optional<GitHubEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
