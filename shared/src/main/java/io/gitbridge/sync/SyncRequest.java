package io.gitbridge.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to bring one source commit into a hook's build branch. Small by design: the provider's
 * payload (up to 25 MB) never travels, only what the sync needs.
 *
 * @param hookId the hook to sync
 * @param deliveryId the delivery log entry that asked for it (for tracing and deduplication)
 * @param commit the 40-hex source commit to sync, or null for whatever commit {@code ref} points to when the sync
 *        runs (a sync of the branch head asked for through the admin API)
 * @param ref the full source ref it was seen on, e.g. {@code refs/heads/main}
 */
public record SyncRequest(String hookId, String deliveryId, String commit, String ref) {

    public SyncRequest {
        Objects.requireNonNull(hookId, "hookId");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(ref, "ref");
    }

    /** A request for the head of {@code ref} as the sync finds it. */
    public static SyncRequest headOf(String hookId, String deliveryId, String ref) {
        return new SyncRequest(hookId, deliveryId, null, ref);
    }

    /** The commit to sync, empty for the head of the ref. */
    public Optional<String> commitIfSet() {
        return Optional.ofNullable(commit);
    }
}
