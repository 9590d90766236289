package io.gitbridge.provider.bitbucketserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.ListingApi;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repositories and branches through the Bitbucket Data Center REST API ({@code https://<host>[/<context>]/rest/api/1.0}):
 * {@code GET /repos} ({@code name} for a query) and {@code GET /projects/{key}/repos/{slug}/branches}, paged with
 * {@code start}/{@code limit} and {@code isLastPage}/{@code nextPageStart}. Whether the token may manage webhooks
 * comes from one {@code GET /repos?permission=REPO_ADMIN} per page (up to 1,000 repositories; past that, a repository
 * not among them is unknown). The repository object names no default branch in the documented shape: a
 * {@code defaultBranch} field is read when present (unverified), else the default branch is unknown (null).
 */
public final class BitbucketServerListing extends ListingApi {

    static final String TOKEN_ADVICE = "an HTTP access token with at least Repository read (Repository admin to manage"
            + " webhooks) to list " + ProviderApi.REPOSITORY;
    private static final int ADMIN_LIMIT = 1000;

    /** A listing for the Bitbucket Data Center at the request's {@code apiUrl}. */
    public BitbucketServerListing() {
        super("Bitbucket Data Center", TOKEN_ADVICE, token -> "Bearer " + token, Map.of(), null,
                "https://<host>/rest/api/1.0");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int start = Listings.pageNumber(request.page(), 0);
        String name = request.search().orElse(null);
        ProviderApi.Session bitbucket = repositoriesSession(request);
        JsonNode answer = bitbucket.read(request.apiBase() + "/repos"
                + Listings.query("name", name, "start", start, "limit", PAGE_SIZE), "list the repositories").body();
        JsonNode admin = bitbucket.read(request.apiBase() + "/repos"
                + Listings.query("name", name, "permission", "REPO_ADMIN", "limit", ADMIN_LIMIT),
                "list the repositories the token administers").body();
        Set<String> administered = new HashSet<>();
        Listings.elements(admin.path("values")).forEach(repository -> administered.add(fullName(repository)));
        boolean complete = admin.path("isLastPage").asBoolean(false);
        List<ListedRepository> items = new ArrayList<>();
        for (JsonNode repository : Listings.elements(answer.path("values"))) {
            String fullName = fullName(repository);
            Boolean canManage = administered.contains(fullName) ? Boolean.TRUE : complete ? Boolean.FALSE : null;
            items.add(new ListedRepository(fullName, cloneUrl(repository),
                    Listings.branchName(Listings.text(repository, "defaultBranch")),
                    !repository.path("public").asBoolean(false), canManage));
        }
        return new ListingPage<>(items, next(answer));
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "PROJECT/repository");
        int start = Listings.pageNumber(request.page(), 0);
        String url = request.apiBase()
                + CloneUrl.path(List.of("projects", parts.get(0), "repos", parts.get(1), "branches"))
                + Listings.query("start", start, "limit", PAGE_SIZE);
        JsonNode answer = readBranches(request, repository, url).body();
        return new ListingPage<>(texts(answer.path("values"), "displayId"), next(answer));
    }

    private static String fullName(JsonNode repository) {
        return repository.path("project").path("key").asText("") + "/" + repository.path("slug").asText("");
    }

    private static String next(JsonNode answer) {
        return !answer.path("isLastPage").asBoolean(true) && answer.path("nextPageStart").canConvertToInt()
                ? Integer.toString(answer.path("nextPageStart").asInt()) : null;
    }

    private static String cloneUrl(JsonNode repository) {
        for (JsonNode link : Listings.elements(repository.path("links").path("clone"))) {
            if ("http".equals(Listings.text(link, "name"))) {
                return Listings.withoutUserInfo(Listings.text(link, "href"));
            }
        }
        return null;
    }
}
