package io.gitbridge.provider.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.RepositoryListing;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Repositories and branches through the Gitea and Forgejo REST API ({@code https://<host>[/<prefix>]/api/v1}):
 * {@code GET /user/repos}, or {@code GET /repos/search?q=} (answer {@code {"ok", "data": […]}}) for a query, and
 * {@code GET /repos/{owner}/{repo}/branches}, paged with {@code page}/{@code limit} and a {@code Link} rel next.
 * {@code permissions.admin} says whether the token's user may manage webhooks.
 */
public final class GiteaListing implements RepositoryListing {

    static final String TOKEN_ADVICE = "the read:repository and read:user scopes (write:repository and admin rights to"
            + " manage webhooks) to list " + ProviderApi.REPOSITORY;
    private static final ProviderApi API = new ProviderApi("Gitea", TOKEN_ADVICE, token -> "token " + token,
            Map.of());

    @Override
    public Optional<String> defaultApiUrl() {
        return Optional.empty();
    }

    @Override
    public String apiUrlExample() {
        return "https://<host>/api/v1";
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int page = Listings.pageNumber(request.page(), 1);
        String url = request.apiBase() + (request.search().isPresent()
                ? "/repos/search" + Listings.query("q", request.search().get(), "page", page, "limit", PAGE_SIZE)
                : "/user/repos" + Listings.query("page", page, "limit", PAGE_SIZE));
        ProviderApi.Reply reply = API.session(request.apiBase(), "the repositories the token can see", request.token())
                .read(url, "list the repositories");
        JsonNode list = request.search().isPresent() ? reply.body().path("data") : reply.body();
        List<ListedRepository> items = new ArrayList<>();
        for (JsonNode repository : Listings.elements(list)) {
            String fullName = Listings.text(repository, "full_name");
            if (fullName != null) {
                items.add(new ListedRepository(fullName, Listings.text(repository, "clone_url"),
                        Listings.text(repository, "default_branch"), repository.path("private").asBoolean(true),
                        Listings.bool(repository.path("permissions"), "admin")));
            }
        }
        return new ListingPage<>(items, Listings.hasNextLink(reply.header("Link")) ? Integer.toString(page + 1) : null);
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "owner/name");
        int page = Listings.pageNumber(request.page(), 1);
        String url = request.apiBase() + CloneUrl.path(List.of("repos", parts.get(0), parts.get(1), "branches"))
                + Listings.query("page", page, "limit", PAGE_SIZE);
        ProviderApi.Reply reply = API.session(request.apiBase(), repository, request.token())
                .read(url, "list the branches");
        List<String> names = new ArrayList<>();
        Listings.elements(reply.body()).forEach(branch -> Optional.ofNullable(Listings.text(branch, "name"))
                .ifPresent(names::add));
        return new ListingPage<>(names, Listings.hasNextLink(reply.header("Link")) ? Integer.toString(page + 1) : null);
    }
}
