package io.gitbridge.sync.store;

import java.time.Duration;

/**
 * What {@link WorkRepositoryStore#save} did.
 *
 * @param status the outcome
 * @param objects how many objects the uploaded pack holds (0 when none was uploaded)
 * @param bytes how many bytes were uploaded (pack, index and manifest)
 * @param took how long it took
 * @param reason why nothing was saved, for {@link Status#FAILED} and {@link Status#SKIPPED}; else null
 */
public record SaveResult(Status status, long objects, long bytes, Duration took, String reason) {

    /** The outcomes of a save. */
    public enum Status {
        /** The store already held the work repository's refs; nothing was uploaded. */
        UNCHANGED,
        /** One pack of what is new since the stored refs was added. */
        INCREMENT,
        /** One pack of everything replaced the stored packs (first save, too many packs, old or untrusted base). */
        CONSOLIDATED,
        /** Nothing to do: no store is configured, the work repository has no refs, or the sync left no time. */
        SKIPPED,
        /** The upload failed or went past its size or time bound; the store still holds its previous state. */
        FAILED
    }

    static SaveResult skipped(String reason) {
        return new SaveResult(Status.SKIPPED, 0, 0, Duration.ZERO, reason);
    }
}
