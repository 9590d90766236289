package io.gitbridge.provider.gitlab;

import java.util.Arrays;
import java.util.Optional;

/** The GitLab events gitbridge handles, holding the exact {@code X-Gitlab-Event} values. */
public enum GitLabEvent {
    PUSH("Push Hook"),
    TAG_PUSH("Tag Push Hook"),
    PIPELINE("Pipeline Hook"),
    /** A system hook's delivery; its body's {@code object_kind} says which event it carries. */
    SYSTEM("System Hook");

    private final String wire;

    GitLabEvent(String wire) {
        this.wire = wire;
    }

    /** The header value. */
    public String wire() {
        return wire;
    }

    /** The event with this header value, if gitbridge handles it. */
    public static Optional<GitLabEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
