package io.gitbridge.provider.github;

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
 * Repositories and branches through GitHub's REST API ({@code https://api.github.com}; GitHub Enterprise Server
 * {@code https://<host>/api/v3}): {@code GET /user/repos} ("List repositories for the authenticated user": owned,
 * collaborator and organization-member repositories; {@code per_page}, {@code page}, {@code sort=full_name}) with
 * {@code permissions.admin} saying whether the token's user may manage webhooks, and
 * {@code GET /repos/{owner}/{repo}/branches}. Both page with an RFC 8288 {@code Link} header. GitHub's list has no
 * search parameter: a query filters each page, so a page may hold fewer items than there are to come.
 */
public final class GitHubListing implements RepositoryListing {

    static final String TOKEN_ADVICE = "a fine-grained token with Metadata read on " + ProviderApi.REPOSITORY
            + " (Webhooks read-and-write to manage webhooks), or a classic token with the repo scope";
    private static final ProviderApi API = new ProviderApi("GitHub", TOKEN_ADVICE, token -> "Bearer " + token,
            Map.of("X-GitHub-Api-Version", "2022-11-28"));

    @Override
    public Optional<String> defaultApiUrl() {
        return Optional.of("https://api.github.com");
    }

    @Override
    public String apiUrlExample() {
        return "https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server";
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int page = Listings.pageNumber(request.page(), 1);
        String url = request.apiBase() + "/user/repos"
                + Listings.query("sort", "full_name", "per_page", PAGE_SIZE, "page", page);
        ProviderApi.Reply reply = API.session(request.apiBase(), "the repositories the token can see", request.token())
                .read(url, "list the repositories");
        List<ListedRepository> items = new ArrayList<>();
        for (JsonNode repository : Listings.elements(reply.body())) {
            String fullName = Listings.text(repository, "full_name");
            if (fullName != null && Listings.matches(fullName, request.search())) {
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
                + Listings.query("per_page", PAGE_SIZE, "page", page);
        ProviderApi.Reply reply = API.session(request.apiBase(), repository, request.token())
                .read(url, "list the branches");
        List<String> names = new ArrayList<>();
        Listings.elements(reply.body()).forEach(branch -> Optional.ofNullable(Listings.text(branch, "name"))
                .ifPresent(names::add));
        return new ListingPage<>(names, Listings.hasNextLink(reply.header("Link")) ? Integer.toString(page + 1) : null);
    }
}
