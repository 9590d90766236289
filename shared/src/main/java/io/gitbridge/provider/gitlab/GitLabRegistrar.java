package io.gitbridge.provider.gitlab;

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
 * Project webhooks through GitLab's REST API ({@code https://<host>/api/v4}, the project addressed by its URL-encoded
 * path): push and pipeline events, the hook's branch as a wildcard push branch filter, and the secret as the secret
 * token, or as the signing token when it is a {@code whsec_} Standard Webhooks key.
 */
public final class GitLabRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "the api scope and at least the Maintainer role on " + ProviderApi.REPOSITORY;
    private static final String API_SUFFIX = "api/v4";
    private static final ProviderApi API = new ProviderApi("GitLab", TOKEN_ADVICE, token -> "Bearer " + token,
            Map.of());
    private static final String CREATE = "create the webhook";
    private static final String UPDATE = "update the webhook";
    private static final String DELETE = "delete the webhook";

    /**
     * {@inheritDoc} A GitLab served under a path prefix ({@code https://host/gitlab/group/app.git}) needs the
     * {@code apiUrl} ({@code https://host/gitlab/api/v4}): the prefix is then taken off the project path.
     */
    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        List<String> path = apiUrl == null ? url.segments()
                : url.segmentsAfter(CloneUrl.prefixBefore(apiUrl, API_SUFFIX));
        if (path.size() < 2) {
            throw new IllegalArgumentException("must be https://" + url.host() + "/<group>/<project>.git to register"
                    + " a webhook on GitLab");
        }
        String apiBase = apiUrl != null ? apiUrl : url.origin() + "/" + API_SUFFIX;
        return new RepositoryLocation(apiBase, String.join("/", path.subList(0, path.size() - 1)),
                path.get(path.size() - 1));
    }

    @Override
    public String register(RegistrationRequest request) {
        ProviderApi.Session gitlab = session(request);
        return gitlab.id(gitlab.send("POST", hooksUrl(request.location()), body(request), CREATE), "id", CREATE);
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
        return location.apiBase() + "/projects/" + ProviderApi.encode(location.fullName()) + "/hooks";
    }

    private static ObjectNode body(RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("url", request.webhookUrl())
                .put(request.secret().startsWith(StandardWebhooks.SECRET_PREFIX) ? "signing_token" : "token",
                        request.secret())
                .put("push_events", request.events().push())
                .put("tag_push_events", false)
                .put("pipeline_events", request.events().ci())
                .put("merge_requests_events", false)
                .put("branch_filter_strategy", "wildcard")
                .put("push_events_branch_filter", request.branch())
                .put("enable_ssl_verification", true);
        return body;
    }
}
