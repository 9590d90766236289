package io.gitbridge.provider.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.internal.ListingApi;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Projects and branches through GitLab's REST API ({@code https://<host>/api/v4}): {@code GET /projects?membership=true}
 * (with {@code search} for a query, {@code order_by=path}) and {@code GET /projects/:id/repository/branches}, offset
 * paging with {@code page}/{@code per_page} and the next page in {@code X-Next-Page} (or a {@code Link} rel next).
 * The token may manage webhooks when its {@code permissions.project_access} or {@code group_access}
 * {@code access_level} is at least 40 (Maintainer); a project without {@code permissions} leaves it unknown.
 */
public final class GitLabListing extends ListingApi {

    static final String TOKEN_ADVICE = "the read_api scope (api, and at least the Maintainer role, to manage webhooks)"
            + " to list " + ProviderApi.REPOSITORY;
    private static final int MAINTAINER = 40;

    /** A listing for gitlab.com or, with an {@code apiUrl}, a self-managed GitLab. */
    public GitLabListing() {
        super("GitLab", TOKEN_ADVICE, token -> "Bearer " + token, Map.of(), "https://gitlab.com/api/v4",
                "https://<host>/api/v4");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int page = Listings.pageNumber(request.page(), 1);
        String url = request.apiBase() + "/projects" + Listings.query("membership", "true", "order_by", "path",
                "sort", "asc", "search", request.search().orElse(null),
                "search_namespaces", request.search().isPresent() ? "true" : null, "per_page", PAGE_SIZE, "page", page);
        ProviderApi.Reply reply = readRepositories(request, url);
        List<ListedRepository> items = new ArrayList<>();
        for (JsonNode project : Listings.elements(reply.body())) {
            String fullName = Listings.text(project, "path_with_namespace");
            if (fullName != null) {
                items.add(new ListedRepository(fullName, Listings.text(project, "http_url_to_repo"),
                        Listings.text(project, "default_branch"), !"public".equals(Listings.text(project, "visibility")),
                        maintainer(project.path("permissions"))));
            }
        }
        return new ListingPage<>(items, next(reply, page));
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        Listings.parts(repository, 2, 100, "group/project");
        int page = Listings.pageNumber(request.page(), 1);
        String url = request.apiBase() + "/projects/" + ProviderApi.encode(repository) + "/repository/branches"
                + Listings.query("per_page", PAGE_SIZE, "page", page);
        ProviderApi.Reply reply = readBranches(request, repository, url);
        return new ListingPage<>(texts(reply.body(), "name"), next(reply, page));
    }

    /** Whether the token's access to the project is Maintainer or more, through the project or its group. */
    private static Boolean maintainer(JsonNode permissions) {
        if (!permissions.isObject()) {
            return null;
        }
        int level = Math.max(permissions.path("project_access").path("access_level").asInt(0),
                permissions.path("group_access").path("access_level").asInt(0));
        return level >= MAINTAINER;
    }

    private static String next(ProviderApi.Reply reply, int page) {
        // X-Next-Page is empty on the last page; GitLab leaves it out past 10,000 items, where Link still says.
        boolean more = reply.header("X-Next-Page").map(String::trim).filter(value -> !value.isEmpty()).isPresent()
                || Listings.hasNextLink(reply.header("Link"));
        return more ? Integer.toString(page + 1) : null;
    }
}
