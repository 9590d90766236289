package io.gitbridge.provider;

import java.util.List;

/**
 * One page of a {@link RepositoryListing}.
 *
 * @param items the page's items, in the provider's order
 * @param next the provider's own token for the next page (a page number, an offset or a continuation token, never a
 *     URL), or null when this is the last page
 * @param <T> the item type
 */
public record ListingPage<T>(List<T> items, String next) {

    public ListingPage {
        items = List.copyOf(items);
    }

    /** The last page. */
    public static <T> ListingPage<T> last(List<T> items) {
        return new ListingPage<>(items, null);
    }
}
