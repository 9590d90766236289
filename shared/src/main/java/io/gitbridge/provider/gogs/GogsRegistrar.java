package io.gitbridge.provider.gogs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import io.gitbridge.provider.internal.ProviderApi;
import io.gitbridge.provider.internal.RepositoryHooksApi;

/**
 * Repository webhooks through the Gogs REST API ({@code https://<host>[/<prefix>]/api/v1}, gogs/go-gogs-client
 * {@code repo_hook.go}): a {@code gogs} webhook with JSON content type and the {@code push} event. Gogs has no branch
 * filter and no CI events.
 */
public final class GogsRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "an access token of a user with admin rights on " + ProviderApi.REPOSITORY;
    private static final RepositoryHooksApi HOOKS = new RepositoryHooksApi("Gogs", "gogs", TOKEN_ADVICE,
            GogsRegistrar::body);

    /** {@inheritDoc} Gogs repositories are always {@code owner/name}, so a path prefix before them is the API's too. */
    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        return HOOKS.locate(sourceRepo, apiUrl);
    }

    @Override
    public String register(RegistrationRequest request) {
        return HOOKS.register(request);
    }

    @Override
    public String update(String providerHookId, RegistrationRequest request) {
        return HOOKS.update(providerHookId, request);
    }

    @Override
    public void unregister(String providerHookId, RepositoryLocation location, String token) {
        HOOKS.unregister(providerHookId, location, token);
    }

    /** Push only: the validator refuses a Gogs hook that wants CI, so {@code request.events()} is always push. */
    private static ObjectNode body(RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("config")
                .put("url", request.webhookUrl())
                .put("content_type", "json")
                .put("secret", request.secret());
        body.putArray("events").add(GogsEvent.PUSH.wire());
        body.put("active", true);
        return body;
    }
}
