package io.gitbridge.provider;

import java.util.Optional;

/**
 * Lists, through a provider's REST API, the repositories a token can see and a repository's branches, one page at a
 * time, so an admin can pick the source of a hook instead of typing it. Implementations are stateless and
 * thread-safe; each call is one or two HTTP requests with the token, which is neither kept nor logged.
 */
public interface RepositoryListing {

    /** How many items a page holds at most (some providers answer fewer). */
    int PAGE_SIZE = 30;

    /**
     * The provider's public API base URL, used when the request names none; empty for providers that only exist
     * self-hosted (or whose API base names an organization), where the request must name it.
     */
    Optional<String> defaultApiUrl();

    /** What the {@code apiUrl} looks like, for the message that asks for it, e.g. {@code https://<host>/api/v1}. */
    String apiUrlExample();

    /**
     * One page of the repositories the token can see, in the provider's order.
     *
     * @throws RegistrationException.TokenRejected when the provider refuses the token, saying what it needs
     * @throws RegistrationException.RateLimited when the provider is rate-limiting the token
     * @throws RegistrationException.ProviderUnavailable when the provider cannot be reached or fails
     * @throws RegistrationException.Refused for any other refusal
     */
    ListingPage<ListedRepository> repositories(ListingRequest request);

    /**
     * One page of the branch names of {@code repository} ({@link ListedRepository#fullName()} as this listing gave
     * it).
     *
     * @throws IllegalArgumentException with an admin-readable reason when {@code repository} cannot name a repository
     *     on this provider
     * @throws RegistrationException as {@link #repositories}
     */
    ListingPage<String> branches(ListingRequest request, String repository);
}
