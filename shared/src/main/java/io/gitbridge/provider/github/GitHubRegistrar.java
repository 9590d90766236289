package io.gitbridge.provider.github;

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
 * Repository webhooks through GitHub's REST API ({@code https://api.github.com}, or {@code https://<host>/api/v3} on
 * GitHub Enterprise Server): JSON content type, {@code push} and {@code workflow_run} events, no branch filter
 * (GitHub has none; the receiver checks the branch).
 */
public final class GitHubRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "Webhooks read-and-write and Contents read on " + ProviderApi.REPOSITORY
            + " (a classic token: the admin:repo_hook and repo scopes)";
    static final ProviderApi API = new ProviderApi("GitHub", TOKEN_ADVICE, token -> "Bearer " + token,
            Map.of("X-GitHub-Api-Version", "2022-11-28"));
    private static final String CREATE = "create the webhook";
    private static final String UPDATE = "update the webhook";
    private static final String DELETE = "delete the webhook";

    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        if (url.segments().size() != 2) {
            throw new IllegalArgumentException("must be https://" + url.host() + "/<owner>/<repository>.git to register"
                    + " a webhook on GitHub");
        }
        String apiBase = apiUrl != null ? apiUrl
                : url.host().equals("github.com") || url.host().equals("www.github.com") ? "https://api.github.com"
                : url.origin() + "/api/v3";
        return new RepositoryLocation(apiBase, url.segments().get(0), url.segments().get(1));
    }

    @Override
    public String register(RegistrationRequest request) {
        ProviderApi.Session github = session(request);
        ObjectNode body = body(request).put("name", "web");
        return github.id(github.send("POST", hooksUrl(request.location()), body, CREATE), "id", CREATE);
    }

    @Override
    public String update(String providerHookId, RegistrationRequest request) {
        ProviderApi.Session github = session(request);
        String url = hooksUrl(request.location()) + "/" + ProviderApi.encode(providerHookId);
        return github.sendUnlessGone("PATCH", url, body(request), UPDATE).isPresent()
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

    private static ObjectNode body(RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("active", true);
        ArrayNode events = body.putArray("events");
        if (request.events().push()) {
            events.add(GitHubEvent.PUSH.wire());
        }
        if (request.events().ci()) {
            events.add(GitHubEvent.WORKFLOW_RUN.wire());
        }
        body.putObject("config")
                .put("url", request.webhookUrl())
                .put("content_type", "json")
                .put("secret", request.secret())
                .put("insecure_ssl", "0");
        return body;
    }
}
