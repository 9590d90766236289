package io.gitbridge.provider.gogs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.internal.ProviderApi;
import io.gitbridge.provider.internal.RepositoryHooksApi;

/**
 * Repository webhooks through the Gogs REST API ({@code https://<host>[/<prefix>]/api/v1}, gogs/go-gogs-client
 * {@code repo_hook.go}): a {@code gogs} webhook with JSON content type and the {@code push} event. Gogs has no branch
 * filter and no CI events.
 */
public final class GogsRegistrar extends RepositoryHooksApi {

    static final String TOKEN_ADVICE = "an access token of a user with admin rights on " + ProviderApi.REPOSITORY;

    /** A registrar for the provider's REST API at the hook's {@code apiUrl} or the clone URL's host. */
    public GogsRegistrar() {
        super("Gogs", "gogs", TOKEN_ADVICE, GogsRegistrar::body);
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
