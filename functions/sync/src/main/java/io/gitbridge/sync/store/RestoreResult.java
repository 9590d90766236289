package io.gitbridge.sync.store;

import java.time.Duration;

/**
 * What {@link WorkRepositoryStore#restore} did.
 *
 * @param status the outcome
 * @param packs how many pack files were restored
 * @param bytes how many bytes were downloaded (packs and their indexes)
 * @param took how long it took
 * @param reason why nothing was restored, for {@link Status#FAILED} and {@link Status#SKIPPED}; else null
 */
public record RestoreResult(Status status, int packs, long bytes, Duration took, String reason) {

    /** The outcomes of a restore. */
    public enum Status {
        /** The work repository was rebuilt from the store. */
        RESTORED,
        /** The store holds nothing for this work repository (never synced with the store on, or expired). */
        NOTHING_STORED,
        /** Nothing to do: no store is configured, or the work repository exists. */
        SKIPPED,
        /** The store could not be read, or what it holds is damaged or too big; the sync fetches everything. */
        FAILED
    }

    static RestoreResult skipped(String reason) {
        return new RestoreResult(Status.SKIPPED, 0, 0, Duration.ZERO, reason);
    }
}
