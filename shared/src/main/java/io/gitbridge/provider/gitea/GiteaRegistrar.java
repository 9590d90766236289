package io.gitbridge.provider.gitea;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.internal.ProviderApi;
import io.gitbridge.provider.internal.RepositoryHooksApi;

/**
 * Repository webhooks through the Gitea and Forgejo REST API ({@code https://<host>[/<prefix>]/api/v1}): a
 * {@code gitea} webhook with JSON content type, {@code push} and {@code workflow_run} events and the hook's branch as
 * branch filter.
 */
public final class GiteaRegistrar extends RepositoryHooksApi {

    static final String TOKEN_ADVICE = "the write:repository scope and admin rights on " + ProviderApi.REPOSITORY;

    /** A registrar for the provider's REST API at the hook's {@code apiUrl} or the clone URL's host. */
    public GiteaRegistrar() {
        super("Gitea", "gitea", TOKEN_ADVICE, GiteaRegistrar::body);
    }

    private static ObjectNode body(RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("config")
                .put("url", request.webhookUrl())
                .put("content_type", "json")
                .put("secret", request.secret())
                .put("http_method", "post");
        ArrayNode events = body.putArray("events");
        if (request.events().push()) {
            events.add(GiteaEvent.PUSH.wire());
        }
        if (request.events().ci()) {
            events.add(GiteaEvent.WORKFLOW_RUN.wire());
        }
        body.put("branch_filter", request.branch()).put("active", true);
        return body;
    }
}
