package io.gitbridge.provider.gitflic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.ListingApi;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Projects and branches through the GitFlic REST API ({@code https://api.gitflic.ru}; self-hosted
 * {@code https://<host>[/<prefix>]/rest-api}): {@code GET /project/my} (the token user's projects; the path is taken
 * from GitFlic's client libraries, unverified against its reference) and
 * {@code GET /project/{owner}/{project}/branch}, both paged with {@code page} (from 0) and {@code size}, items in
 * {@code _embedded.projectList} / {@code _embedded.branchList} and {@code page.number}/{@code page.totalPages}.
 * GitFlic's project object says nothing of the user's role, so whether the token may manage webhooks is unknown
 * (null); a query filters each page.
 */
public final class GitFlicListing extends ListingApi {

    static final String TOKEN_ADVICE = "the USER_READ and PROJECT_READ scopes (PROJECT_EDIT, as a project administrator,"
            + " to manage webhooks) to list " + ProviderApi.REPOSITORY;

    /** A listing for gitflic.ru or, with an {@code apiUrl}, a self-hosted GitFlic. */
    public GitFlicListing() {
        super("GitFlic", TOKEN_ADVICE, token -> "token " + token, Map.of(), "https://api.gitflic.ru",
                "https://api.gitflic.ru, or https://<host>/rest-api for a self-hosted GitFlic");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int page = Listings.pageNumber(request.page(), 0);
        String url = request.apiBase() + "/project/my" + Listings.query("page", page, "size", PAGE_SIZE);
        JsonNode answer = readRepositories(request, url).body();
        List<ListedRepository> items = new ArrayList<>();
        for (JsonNode project : Listings.elements(answer.path("_embedded").path("projectList"))) {
            String owner = Optional.ofNullable(Listings.text(project, "ownerAlias"))
                    .orElse(Listings.text(project.path("owner"), "alias"));
            String alias = Listings.text(project, "alias");
            if (owner == null || alias == null || !Listings.matches(owner + "/" + alias, request.search())) {
                continue;
            }
            items.add(new ListedRepository(owner + "/" + alias, Listings.text(project, "httpTransportUrl"),
                    Listings.text(project, "defaultBranch"), project.path("private").asBoolean(true), null));
        }
        return new ListingPage<>(items, next(answer, page));
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "owner/project");
        int page = Listings.pageNumber(request.page(), 0);
        String url = request.apiBase() + CloneUrl.path(List.of("project", parts.get(0), parts.get(1), "branch"))
                + Listings.query("page", page, "size", PAGE_SIZE);
        JsonNode answer = readBranches(request, repository, url).body();
        return new ListingPage<>(texts(answer.path("_embedded").path("branchList"), "name"), next(answer, page));
    }

    private static String next(JsonNode answer, int page) {
        JsonNode paging = answer.path("page");
        int number = paging.path("number").asInt(page);
        return number + 1 < paging.path("totalPages").asInt(0) ? Integer.toString(number + 1) : null;
    }
}
