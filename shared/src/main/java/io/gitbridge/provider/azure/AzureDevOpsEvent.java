package io.gitbridge.provider.azure;

import java.util.Arrays;
import java.util.Optional;

/** The Azure DevOps events gitbridge handles, holding the exact {@code eventType} values of the body. */
public enum AzureDevOpsEvent {
    GIT_PUSH("git.push"),
    BUILD_COMPLETE("build.complete");

    private final String wire;

    AzureDevOpsEvent(String wire) {
        this.wire = wire;
    }

    /** The body's {@code eventType}. */
    public String wire() {
        return wire;
    }

    /** The event with this {@code eventType}, if gitbridge handles it. */
    public static Optional<AzureDevOpsEvent> fromWire(String value) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
    }
}
