package io.gitbridge.provider.gitea;

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
 * Repositories and branches through the Gitea and Forgejo REST API ({@code https://<host>[/<prefix>]/api/v1}):
 * {@code GET /user/repos}, or {@code GET /repos/search?q=} (answer {@code {"ok", "data": […]}}) for a query, and
 * {@code GET /repos/{owner}/{repo}/branches}, paged with {@code page}/{@code limit} and a {@code Link} rel next.
 * {@code permissions.admin} says whether the token's user may manage webhooks. The scopes the token advice names
 * (read:user as well as read:repository for {@code /user/repos}) are unverified against Gitea's scope table.
 */
public final class GiteaListing extends ListingApi {

    static final String TOKEN_ADVICE = "the read:repository and read:user scopes (write:repository and admin rights to"
            + " manage webhooks) to list " + ProviderApi.REPOSITORY;

    /** A listing for the Gitea or Forgejo at the request's {@code apiUrl}. */
    public GiteaListing() {
        super("Gitea", TOKEN_ADVICE, token -> "token " + token, Map.of(), null, "https://<host>/api/v1");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int page = Listings.pageNumber(request.page(), 1);
        boolean search = request.search().isPresent();
        ProviderApi.Reply reply = readRepositories(request, request.apiBase() + (search
                ? "/repos/search" + Listings.query("q", request.search().get(), "page", page, "limit", PAGE_SIZE)
                : "/user/repos" + Listings.query("page", page, "limit", PAGE_SIZE)));
        return new ListingPage<>(githubShaped(search ? reply.body().path("data") : reply.body(), request),
                nextByLink(reply, page));
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "owner/name");
        int page = Listings.pageNumber(request.page(), 1);
        ProviderApi.Reply reply = readBranches(request, repository, request.apiBase()
                + CloneUrl.path(List.of("repos", parts.get(0), parts.get(1), "branches"))
                + Listings.query("page", page, "limit", PAGE_SIZE));
        return new ListingPage<>(texts(reply.body(), "name"), nextByLink(reply, page));
    }
}
