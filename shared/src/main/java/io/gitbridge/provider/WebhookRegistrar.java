package io.gitbridge.provider;

/**
 * Creates, updates and deletes, through the provider's REST API, the webhook that delivers a repository's events to
 * a gitbridge hook. Implementations are stateless and thread-safe; each call is one or a few HTTP requests.
 */
public interface WebhookRegistrar {

    /**
     * Where the webhooks of {@code sourceRepo} are managed: the API base URL derived from the clone URL (or
     * {@code apiUrl} when given) and the repository's coordinates on the provider.
     *
     * @param apiUrl the hook's API base URL override, or null to derive it from {@code sourceRepo}
     * @throws IllegalArgumentException with an admin-readable reason when {@code sourceRepo} names no repository
     *     this provider's API can address
     */
    RepositoryLocation locate(String sourceRepo, String apiUrl);

    /**
     * Creates the webhook.
     *
     * @return the provider's id of the new webhook (several ids joined by commas where one webhook is several
     *     subscriptions on the provider)
     * @throws RegistrationException when the provider rejects the token or the request, or cannot be reached
     */
    String register(RegistrationRequest request);

    /**
     * Makes the webhook {@code providerHookId} match {@code request}, creating it again when the provider has lost it.
     *
     * @return the id to keep for the webhook, which may differ from {@code providerHookId}
     * @throws RegistrationException when the provider rejects the token or the request, or cannot be reached
     */
    String update(String providerHookId, RegistrationRequest request);

    /**
     * Deletes the webhook {@code providerHookId}; a webhook the provider no longer has is not an error.
     *
     * @throws RegistrationException when the provider rejects the token or the request, or cannot be reached
     */
    void unregister(String providerHookId, RepositoryLocation location, String token);
}
