package io.gitbridge.provider.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The repository hooks API that Gogs has and Gitea and Forgejo kept from it ({@code <host>[/<prefix>]/api/v1},
 * {@code Authorization: token …}): create with {@code POST /repos/{owner}/{repo}/hooks} and a {@code type}, change
 * with {@code PATCH …/hooks/{id}}, delete with {@code DELETE …/hooks/{id}}. Each provider's registrar extends it and
 * supplies the rest of the webhook's body.
 */
public abstract class RepositoryHooksApi implements WebhookRegistrar {

    private static final String CREATE = "create the webhook";
    private static final String UPDATE = "update the webhook";
    private static final String DELETE = "delete the webhook";

    private final ProviderApi api;
    private final String type;
    private final Function<RegistrationRequest, ObjectNode> body;

    /**
     * @param provider the provider's name in messages, e.g. {@code Gogs}
     * @param type the webhook {@code type} to create, e.g. {@code gogs}
     * @param tokenAdvice what the token needs, as {@link ProviderApi} takes it
     * @param body the webhook's body for a request, without {@code type} (sent on creation only)
     */
    protected RepositoryHooksApi(String provider, String type, String tokenAdvice,
            Function<RegistrationRequest, ObjectNode> body) {
        this.api = new ProviderApi(provider, tokenAdvice, token -> "token " + token, Map.of());
        this.type = type;
        this.body = body;
    }

    /**
     * Repositories are always {@code owner/name}, so a path prefix before them is the API's too.
     *
     * @throws IllegalArgumentException when {@code sourceRepo} has fewer than two path segments
     */
    @Override
    public final RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        List<String> path = url.segments();
        if (path.size() < 2) {
            throw new IllegalArgumentException("must be https://" + url.host() + "/<owner>/<repository>.git to register"
                    + " a webhook on " + api.provider());
        }
        String apiBase = apiUrl != null ? apiUrl
                : url.origin() + CloneUrl.path(path.subList(0, path.size() - 2)) + "/api/v1";
        return new RepositoryLocation(apiBase, path.get(path.size() - 2), path.get(path.size() - 1));
    }

    /** Creates the webhook and returns its id. */
    @Override
    public final String register(RegistrationRequest request) {
        ProviderApi.Session session = session(request);
        ObjectNode created = body.apply(request).put("type", type);
        return session.id(session.send("POST", hooksUrl(request.location()), created, CREATE), "id", CREATE);
    }

    /** Changes the webhook, creating it again when the provider has lost it; returns the id to keep. */
    @Override
    public final String update(String providerHookId, RegistrationRequest request) {
        String url = hooksUrl(request.location()) + "/" + ProviderApi.encode(providerHookId);
        return session(request).sendUnlessGone("PATCH", url, body.apply(request), UPDATE).isPresent()
                ? providerHookId : register(request);
    }

    /** Deletes the webhook; one the provider no longer has is fine. */
    @Override
    public final void unregister(String providerHookId, RepositoryLocation location, String token) {
        api.session(location, token, null).sendUnlessGone("DELETE",
                hooksUrl(location) + "/" + ProviderApi.encode(providerHookId), null, DELETE);
    }

    private ProviderApi.Session session(RegistrationRequest request) {
        return api.session(request.location(), request.token(), request.secret());
    }

    private static String hooksUrl(RepositoryLocation location) {
        return location.apiBase() + CloneUrl.path(List.of("repos", location.owner(), location.name(), "hooks"));
    }
}
