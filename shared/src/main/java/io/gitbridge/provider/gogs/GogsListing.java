package io.gitbridge.provider.gogs;

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
 * Repositories and branches through the Gogs REST API ({@code https://<host>[/<prefix>]/api/v1}, gogs/docs-api and
 * go-gogs-client): {@code GET /user/repos} and {@code GET /repos/{owner}/{repo}/branches}, which answer everything at
 * once; gitbridge pages them itself (the cursor is an offset) and filters by the query. {@code permissions.admin}
 * says whether the token's user may manage webhooks.
 */
public final class GogsListing implements RepositoryListing {

    static final String TOKEN_ADVICE = "an access token of a user who can read " + ProviderApi.REPOSITORY
            + " (admin rights to manage webhooks)";
    private static final ProviderApi API = new ProviderApi("Gogs", TOKEN_ADVICE, token -> "token " + token,
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
        Listings.pageNumber(request.page(), 0); // refuses a page token that is no offset before calling
        JsonNode answer = API.session(request.apiBase(), "the repositories the token can see", request.token())
                .read(request.apiBase() + "/user/repos", "list the repositories").body();
        List<ListedRepository> all = new ArrayList<>();
        for (JsonNode repository : Listings.elements(answer)) {
            String fullName = Listings.text(repository, "full_name");
            if (fullName != null && Listings.matches(fullName, request.search())) {
                all.add(new ListedRepository(fullName, Listings.text(repository, "clone_url"),
                        Listings.text(repository, "default_branch"), repository.path("private").asBoolean(true),
                        Listings.bool(repository.path("permissions"), "admin")));
            }
        }
        return Listings.slice(all, request.page(), PAGE_SIZE);
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "owner/name");
        Listings.pageNumber(request.page(), 0);
        String url = request.apiBase() + CloneUrl.path(List.of("repos", parts.get(0), parts.get(1), "branches"));
        JsonNode answer = API.session(request.apiBase(), repository, request.token())
                .read(url, "list the branches").body();
        List<String> names = new ArrayList<>();
        Listings.elements(answer).forEach(branch -> Optional.ofNullable(Listings.text(branch, "name"))
                .ifPresent(names::add));
        return Listings.slice(names, request.page(), PAGE_SIZE);
    }
}
