package io.gitbridge.hook;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items on this page, at most the requested limit
 * @param next the opaque cursor of the next page, or null on the last page
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }

    /** The cursor of the next page, when there is one. */
    public Optional<String> nextCursor() {
        return Optional.ofNullable(next);
    }
}
