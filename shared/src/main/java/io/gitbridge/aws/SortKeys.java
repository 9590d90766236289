package io.gitbridge.aws;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Sort keys that order items by time. {@link Instant#toString()} leaves out zero milliseconds, so
 * {@code 10:00:00Z} would sort after {@code 10:00:00.500Z}; these always have the same width.
 */
final class SortKeys {

    private static final DateTimeFormatter FIXED_WIDTH =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SortKeys() {
    }

    /** {@code <fixed-width UTC time>#<id>}: orders by time, then by id. */
    static String timeThenId(Instant time, String id) {
        return FIXED_WIDTH.format(time) + "#" + id;
    }
}
