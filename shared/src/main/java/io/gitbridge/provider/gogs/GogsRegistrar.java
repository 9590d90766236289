package io.gitbridge.provider.gogs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.ProviderApi;
import java.util.List;
import java.util.Map;

/**
 * Repository webhooks through the Gogs REST API ({@code https://<host>[/<prefix>]/api/v1}, gogs/go-gogs-client
 * {@code repo_hook.go}): a {@code gogs} webhook with JSON content type and the {@code push} event. Gogs has no branch
 * filter and no CI events.
 */
public final class GogsRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "an access token of a user with admin rights on " + ProviderApi.REPOSITORY;
    private static final ProviderApi API = new ProviderApi("Gogs", TOKEN_ADVICE, token -> "token " + token, Map.of());
    private static final String CREATE = "create the webhook";
    private static final String UPDATE = "update the webhook";
    private static final String DELETE = "delete the webhook";

    /** {@inheritDoc} Gogs repositories are always {@code owner/name}, so a path prefix before them is the API's too. */
    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        List<String> path = url.segments();
        if (path.size() < 2) {
            throw new IllegalArgumentException("must be https://" + url.host() + "/<owner>/<repository>.git to register"
                    + " a webhook on Gogs");
        }
        String apiBase = apiUrl != null ? apiUrl
                : url.origin() + CloneUrl.path(path.subList(0, path.size() - 2)) + "/api/v1";
        return new RepositoryLocation(apiBase, path.get(path.size() - 2), path.get(path.size() - 1));
    }

    @Override
    public String register(RegistrationRequest request) {
        ProviderApi.Session gogs = session(request);
        ObjectNode body = body(request).put("type", "gogs");
        return gogs.id(gogs.send("POST", hooksUrl(request.location()), body, CREATE), "id", CREATE);
    }

    @Override
    public String update(String providerHookId, RegistrationRequest request) {
        String url = hooksUrl(request.location()) + "/" + ProviderApi.encode(providerHookId);
        return session(request).sendUnlessGone("PATCH", url, body(request), UPDATE).isPresent()
                ? providerHookId : register(request);
    }

    @Override
    public void unregister(String providerHookId, RepositoryLocation location, String token) {
        API.session(location, token, null).sendUnlessGone("DELETE",
                hooksUrl(location) + "/" + ProviderApi.encode(providerHookId), null, DELETE);
    }

    private static ProviderApi.Session session(RegistrationRequest request) {
        return API.session(request.location(), request.token(), request.secret());
    }

    private static String hooksUrl(RepositoryLocation location) {
        return location.apiBase() + CloneUrl.path(List.of("repos", location.owner(), location.name(), "hooks"));
    }

    /** Push only: the provider refuses a Gogs hook that wants CI, so {@code request.events()} is always push. */
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
