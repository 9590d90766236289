package io.gitbridge.provider;

import java.util.Optional;

/**
 * What a {@link RepositoryListing} call needs: where the API is, the token (used for this call only), an optional
 * search text and the page to read.
 *
 * @param apiBase the REST API base URL without a trailing slash
 * @param token the token to list with; never logged ({@link #toString()} leaves it out)
 * @param query text the repository's full name must contain (case-insensitive), or null for all
 * @param page the provider's own token for the page to read, as a previous {@link ListingPage#next()} gave it, or
 *     null for the first page
 */
public record ListingRequest(String apiBase, String token, String query, String page) {

    /** The query, when there is one that is not blank. */
    public Optional<String> search() {
        return query == null || query.isBlank() ? Optional.empty() : Optional.of(query.trim());
    }

    @Override
    public String toString() {
        return "ListingRequest[apiBase=" + apiBase + ", token=***, query=" + query + ", page=" + page + "]";
    }
}
