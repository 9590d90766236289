package io.gitbridge.sync;

import java.util.Objects;

/**
 * A request to bring one source commit into a hook's build branch. Small by design: the provider's
 * payload (up to 25 MB) never travels, only what the sync needs.
 *
 * @param hookId the hook to sync
 * @param deliveryId the provider delivery that asked for it (for tracing and deduplication)
 * @param commit the 40-hex source commit to sync
 * @param ref the full source ref it was seen on, e.g. {@code refs/heads/main}
 */
public record SyncRequest(String hookId, String deliveryId, String commit, String ref) {

    public SyncRequest {
        Objects.requireNonNull(hookId, "hookId");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(ref, "ref");
    }
}
