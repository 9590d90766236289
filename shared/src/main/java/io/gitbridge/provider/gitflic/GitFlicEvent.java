package io.gitbridge.provider.gitflic;

import java.util.Arrays;
import java.util.Optional;

/** The GitFlic events gitbridge handles, holding the exact values of the body's {@code action} field. */
public enum GitFlicEvent {
    TEST_WEBHOOK("TEST_WEBHOOK"),
    BRANCH_UPDATE("BRANCH_UPDATE"),
    PIPELINE_NEW("PIPELINE_NEW"),
    PIPELINE_SUCCESS("PIPELINE_SUCCESS"),
    PIPELINE_WARNING("PIPELINE_WARNING"),
    PIPELINE_FAIL("PIPELINE_FAIL");

    private final String wire;

    GitFlicEvent(String wire) {
        this.wire = wire;
    }

    /** The {@code action} value. */
    public String wire() {
        return wire;
    }

    /** True for the pipeline events, of which only {@link #PIPELINE_SUCCESS} syncs. */
    public boolean isPipeline() {
        return wire.startsWith("PIPELINE_");
    }

    /** The event with this {@code action} value, if gitbridge handles it. */
    public static Optional<GitFlicEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
