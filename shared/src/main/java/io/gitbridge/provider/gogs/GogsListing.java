package io.gitbridge.provider.gogs;

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
 * Repositories and branches through the Gogs REST API ({@code https://<host>[/<prefix>]/api/v1}, gogs/docs-api and
 * go-gogs-client): {@code GET /user/repos} and {@code GET /repos/{owner}/{repo}/branches}, which answer everything at
 * once; gitbridge pages them itself (the cursor is an offset) and filters by the query. {@code permissions.admin}
 * says whether the token's user may manage webhooks.
 */
public final class GogsListing extends ListingApi {

    static final String TOKEN_ADVICE = "an access token of a user who can read " + ProviderApi.REPOSITORY
            + " (admin rights to manage webhooks)";

    /** A listing for the Gogs at the request's {@code apiUrl}. */
    public GogsListing() {
        super("Gogs", TOKEN_ADVICE, token -> "token " + token, Map.of(), null, "https://<host>/api/v1");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        Listings.pageNumber(request.page(), 0); // refuses a page token that is no offset before calling
        ProviderApi.Reply reply = readRepositories(request, request.apiBase() + "/user/repos");
        return Listings.slice(githubShaped(reply.body(), request), request.page(), PAGE_SIZE);
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "owner/name");
        Listings.pageNumber(request.page(), 0);
        ProviderApi.Reply reply = readBranches(request, repository, request.apiBase()
                + CloneUrl.path(List.of("repos", parts.get(0), parts.get(1), "branches")));
        return Listings.slice(texts(reply.body(), "name"), request.page(), PAGE_SIZE);
    }
}
