package io.gitbridge.hook;

import java.util.Locale;
import java.util.Optional;

/** How a sync combines the source commit with the build branch when the build branch has commits of its own. */
public enum MergeMode {
    /**
     * A three-way merge of the build branch and the source commit, based on the last source commit synced: changes
     * made only on the build branch (a file that exists only there) are kept; the source wins every conflict.
     */
    THEIRS,
    /** The build branch's tree becomes exactly the source commit's: a file that exists only there is deleted. */
    MIRROR;

    /** The value used on the wire and in the table. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #wire()}; empty for any other value. */
    public static Optional<MergeMode> fromWire(String value) {
        for (MergeMode mode : values()) {
            if (mode.wire().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
