package io.gitbridge.provider.bitbucketserver;

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
 * Repository webhooks through the Bitbucket Data Center REST API ({@code https://<host>[/<context>]/rest/api/1.0},
 * derived from a {@code /scm/<KEY>/<slug>.git} clone URL) with a bearer HTTP access token: {@code repo:refs_changed}
 * with the secret. Data Center has no branch filter on webhooks; the receiver checks the branch.
 */
public final class BitbucketServerRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "Repository admin permission on " + ProviderApi.REPOSITORY
            + " (an HTTP access token)";
    private static final String SCM = "scm";
    private static final ProviderApi API = new ProviderApi("Bitbucket Data Center", TOKEN_ADVICE,
            token -> "Bearer " + token, Map.of());
    private static final String CREATE = "create the webhook";
    private static final String UPDATE = "update the webhook";
    private static final String DELETE = "delete the webhook";

    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        List<String> path = url.segments();
        int scm = path.lastIndexOf(SCM);
        if (scm < 0 || path.size() != scm + 3) {
            throw new IllegalArgumentException("must be https://" + url.host() + "/scm/<PROJECT>/<repository>.git to"
                    + " register a webhook on Bitbucket Data Center");
        }
        String apiBase = apiUrl != null ? apiUrl : url.origin() + CloneUrl.path(path.subList(0, scm)) + "/rest/api/1.0";
        return new RepositoryLocation(apiBase, path.get(scm + 1), path.get(scm + 2));
    }

    @Override
    public String register(RegistrationRequest request) {
        ProviderApi.Session bitbucket = session(request);
        return bitbucket.id(bitbucket.send("POST", hooksUrl(request.location()), body(request), CREATE), "id", CREATE);
    }

    @Override
    public String update(String providerHookId, RegistrationRequest request) {
        String url = hooksUrl(request.location()) + "/" + ProviderApi.encode(providerHookId);
        return session(request).sendUnlessGone("PUT", url, body(request), UPDATE).isPresent()
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
        return location.apiBase()
                + CloneUrl.path(List.of("projects", location.owner(), "repos", location.name(), "webhooks"));
    }

    private static ObjectNode body(RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("name", request.label())
                .put("url", request.webhookUrl())
                .put("active", true)
                .put("sslVerificationRequired", true);
        body.putArray("events").add(BitbucketServerEvent.REFS_CHANGED.wire());
        body.putObject("configuration").put("secret", request.secret());
        return body;
    }
}
