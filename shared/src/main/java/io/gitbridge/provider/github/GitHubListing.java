package io.gitbridge.provider.github;

import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.ListingApi;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.util.List;
import java.util.Map;

/**
 * Repositories and branches through GitHub's REST API ({@code https://api.github.com}; GitHub Enterprise Server
 * {@code https://<host>/api/v3}): {@code GET /user/repos} ("List repositories for the authenticated user": owned,
 * collaborator and organization-member repositories; {@code per_page}, {@code page}, {@code sort=full_name}) with
 * {@code permissions.admin} saying whether the token's user may manage webhooks, and
 * {@code GET /repos/{owner}/{repo}/branches}. Both page with an RFC 8288 {@code Link} header. GitHub's list has no
 * search parameter: a query filters each page, so a page may hold fewer items than there are to come.
 */
public final class GitHubListing extends ListingApi {

    static final String TOKEN_ADVICE = "a fine-grained token with Metadata read on " + ProviderApi.REPOSITORY
            + " (Webhooks read-and-write to manage webhooks), or a classic token with the repo scope";

    /** A listing for github.com or, with an {@code apiUrl}, GitHub Enterprise Server. */
    public GitHubListing() {
        super("GitHub", TOKEN_ADVICE, token -> "Bearer " + token, Map.of("X-GitHub-Api-Version", "2022-11-28"),
                "https://api.github.com", "https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int page = Listings.pageNumber(request.page(), 1);
        ProviderApi.Reply reply = readRepositories(request, request.apiBase() + "/user/repos"
                + Listings.query("sort", "full_name", "per_page", PAGE_SIZE, "page", page));
        return new ListingPage<>(githubShaped(reply.body(), request), nextByLink(reply, page));
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "owner/name");
        int page = Listings.pageNumber(request.page(), 1);
        ProviderApi.Reply reply = readBranches(request, repository, request.apiBase()
                + CloneUrl.path(List.of("repos", parts.get(0), parts.get(1), "branches"))
                + Listings.query("per_page", PAGE_SIZE, "page", page));
        return new ListingPage<>(texts(reply.body(), "name"), nextByLink(reply, page));
    }
}
