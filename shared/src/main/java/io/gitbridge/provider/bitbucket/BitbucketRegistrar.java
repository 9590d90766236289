package io.gitbridge.provider.bitbucket;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * Repository webhooks through the Bitbucket Cloud REST API ({@code https://api.bitbucket.org/2.0}) with a bearer
 * access token: {@code repo:push}, and both commit status events for CI; the webhook's id is its {@code uuid}.
 * Bitbucket Cloud has no branch filter; the receiver checks the branch.
 */
public final class BitbucketRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "the webhook and repository scopes (a repository, project or workspace access"
            + " token) and admin rights on " + ProviderApi.REPOSITORY;
    private static final String CLOUD_API = "https://api.bitbucket.org/2.0";
    private static final ProviderApi API = new ProviderApi("Bitbucket Cloud", TOKEN_ADVICE,
            token -> "Bearer " + token, Map.of());
    private static final String CREATE = "create the webhook";
    private static final String UPDATE = "update the webhook";
    private static final String DELETE = "delete the webhook";

    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        boolean cloud = url.host().equals("bitbucket.org") || url.host().equals("www.bitbucket.org");
        if (!cloud && apiUrl == null) {
            throw new IllegalArgumentException("is not on bitbucket.org; for Bitbucket Data Center use the provider"
                    + " bitbucket-server");
        }
        if (url.segments().size() != 2) {
            throw new IllegalArgumentException("must be https://bitbucket.org/<workspace>/<repository>.git to register"
                    + " a webhook on Bitbucket Cloud");
        }
        return new RepositoryLocation(apiUrl != null ? apiUrl : CLOUD_API, url.segments().get(0),
                url.segments().get(1));
    }

    @Override
    public String register(RegistrationRequest request) {
        ProviderApi.Session bitbucket = session(request);
        return bitbucket.id(bitbucket.send("POST", hooksUrl(request.location()), body(request), CREATE), "uuid",
                CREATE);
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
        return location.apiBase() + CloneUrl.path(List.of("repositories", location.owner(), location.name(), "hooks"));
    }

    private static ObjectNode body(RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("description", request.label())
                .put("url", request.webhookUrl())
                .put("active", true)
                .put("secret", request.secret())
                .put("skip_cert_verification", false);
        ArrayNode events = body.putArray("events");
        if (request.events().push()) {
            events.add(BitbucketEvent.PUSH.wire());
        }
        if (request.events().ci()) {
            events.add(BitbucketEvent.COMMIT_STATUS_CREATED.wire()).add(BitbucketEvent.COMMIT_STATUS_UPDATED.wire());
        }
        return body;
    }
}
