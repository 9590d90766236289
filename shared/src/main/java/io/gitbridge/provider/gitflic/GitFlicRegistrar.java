package io.gitbridge.provider.gitflic;

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
 * Project webhooks through the GitFlic REST API ({@code https://api.gitflic.ru}; self-hosted instances
 * {@code https://<host>[/<prefix>]/rest-api}), as documented in GitFlic's webhook API reference: create with
 * {@code POST /project/{owner}/{project}/setting/webhook}, update with {@code POST …/setting/webhook/{id}}, delete with
 * {@code POST …/setting/webhook/{id}/delete}. Only a project's administrators may manage its webhooks: GitFlic answers
 * 403 to anyone else.
 *
 * <p>A push hook subscribes to {@code BRANCH_UPDATE} (the event {@link GitFlicProvider} syncs), a CI hook to
 * {@code PIPELINE_SUCCESS}; every other event is sent as {@code false}, since GitFlic treats an omitted one as false but
 * an explicit list shows on the provider what the webhook is for.
 */
public final class GitFlicRegistrar implements WebhookRegistrar {

    static final String TOKEN_ADVICE = "the PROJECT_READ and PROJECT_EDIT scopes and to belong to an administrator of"
            + " project " + ProviderApi.REPOSITORY;
    static final String NOT_ADMINISTRATOR = "the token's user is not an administrator of project "
            + ProviderApi.REPOSITORY;
    private static final String PUBLIC_HOST = "gitflic.ru";
    private static final String PUBLIC_API = "https://api.gitflic.ru";
    private static final ProviderApi API = new ProviderApi("GitFlic", TOKEN_ADVICE, token -> "token " + token,
            Map.of()).forbiddenMeans(NOT_ADMINISTRATOR);
    private static final String CREATE = "create the webhook";
    private static final String UPDATE = "update the webhook";
    private static final String DELETE = "delete the webhook";

    /** Every event of GitFlic's webhook object, in its reference's order. */
    private static final List<String> EVENTS = List.of("COLLABORATOR_ADD", "COLLABORATOR_DELETE",
            "COLLABORATOR_UPDATE", "ISSUE_UPDATE", "ISSUE_CREATE", "NEW_ISSUE_NOTE", "TAG_DELETE", "TAG_CREATE",
            "BRANCH_UPDATE", "BRANCH_DELETE", "BRANCH_CREATE", "MERGE_REQUEST_CREATE", "MERGE_REQUEST_UPDATE", "MERGE",
            "MERGE_REQUEST_CLOSE", "MERGE_REQUEST_CANCEL", "MERGE_REQUEST_ACCEPT", "DISCUSSION_CREATE",
            "DISCUSSION_COMMENT_CREATE", "PUSH", "PIPELINE_NEW", "PIPELINE_SUCCESS", "PIPELINE_FAIL", "WEBHOOK_SEND");

    /**
     * {@inheritDoc} GitFlic clone URLs are {@code https://<host>[/<prefix>]/project/<owner>/<project>.git}; the API is
     * {@code https://api.gitflic.ru} for gitflic.ru and {@code <host>[/<prefix>]/rest-api} for a self-hosted instance.
     */
    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        CloneUrl url = CloneUrl.parse(sourceRepo);
        List<String> path = url.segments();
        int size = path.size();
        if (size < 3 || !path.get(size - 3).equals("project")) {
            throw new IllegalArgumentException("must be https://" + url.host() + "/project/<owner>/<project>.git to"
                    + " register a webhook on GitFlic");
        }
        String apiBase = apiUrl != null ? apiUrl
                : url.host().equals(PUBLIC_HOST) && size == 3 ? PUBLIC_API
                : url.origin() + CloneUrl.path(path.subList(0, size - 3)) + "/rest-api";
        return new RepositoryLocation(apiBase, path.get(size - 2), path.get(size - 1));
    }

    @Override
    public String register(RegistrationRequest request) {
        ProviderApi.Session gitflic = session(request);
        return gitflic.id(gitflic.send("POST", webhooksUrl(request.location()), body(request), CREATE), "id", CREATE);
    }

    /** {@inheritDoc} A 404 means the webhook is gone, or the project is; creating it again tells which. */
    @Override
    public String update(String providerHookId, RegistrationRequest request) {
        String url = webhooksUrl(request.location()) + "/" + ProviderApi.encode(providerHookId);
        return session(request).sendUnlessGone("POST", url, body(request), UPDATE).isPresent()
                ? providerHookId : register(request);
    }

    @Override
    public void unregister(String providerHookId, RepositoryLocation location, String token) {
        API.session(location, token, null).sendUnlessGone("POST",
                webhooksUrl(location) + "/" + ProviderApi.encode(providerHookId) + "/delete", null, DELETE);
    }

    private static ProviderApi.Session session(RegistrationRequest request) {
        return API.session(request.location(), request.token(), request.secret());
    }

    private static String webhooksUrl(RepositoryLocation location) {
        return location.apiBase()
                + CloneUrl.path(List.of("project", location.owner(), location.name(), "setting", "webhook"));
    }

    private static ObjectNode body(RegistrationRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("url", request.webhookUrl())
                .put("secret", request.secret());
        ObjectNode events = body.putObject("events");
        for (String event : EVENTS) {
            boolean wanted = event.equals(GitFlicEvent.BRANCH_UPDATE.wire()) && request.events().push()
                    || event.equals(GitFlicEvent.PIPELINE_SUCCESS.wire()) && request.events().ci();
            events.put(event, wanted);
        }
        return body;
    }
}
