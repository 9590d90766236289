package io.gitbridge.provider.bitbucket;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.ListingApi;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Repositories and branches through the Bitbucket Cloud REST API ({@code https://api.bitbucket.org/2.0}):
 * {@code GET /repositories?role=member} (BBQL {@code q=full_name ~ "…"} for a query, {@code pagelen}/{@code page},
 * a {@code next} link while there are more) and {@code GET /repositories/{workspace}/{repo}/refs/branches}. Whether
 * the token may manage webhooks comes from one {@code GET /user/permissions/repositories?q=permission="admin"} per
 * page: a repository on its first 100 answers is true, one missing from a complete answer false, anything else unknown
 * (null), as it is when that call is refused (repository and workspace access tokens have no user; unverified).
 * Clone URLs come from {@code links.clone} ({@code https}), without the user name Bitbucket puts in them. Filtering
 * and sorting on {@code full_name} (BBQL on {@code /repositories}) is unverified; {@code name} is the documented field.
 */
public final class BitbucketListing extends ListingApi {

    static final String TOKEN_ADVICE = "the repository scope (a workspace, project or repository access token, or an"
            + " API token with read:repository:bitbucket) to list " + ProviderApi.REPOSITORY;
    private static final int ADMIN_PAGE = 100;

    /** A listing for bitbucket.org. */
    public BitbucketListing() {
        super("Bitbucket Cloud", TOKEN_ADVICE, token -> "Bearer " + token, Map.of(), "https://api.bitbucket.org/2.0",
                "https://api.bitbucket.org/2.0");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        int page = Listings.pageNumber(request.page(), 1);
        String query = request.search().map(text -> "full_name ~ \"" + text.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"").orElse(null);
        String url = request.apiBase() + "/repositories" + Listings.query("role", "member", "q", query,
                "sort", "full_name", "pagelen", PAGE_SIZE, "page", page);
        ProviderApi.Session bitbucket = repositoriesSession(request);
        JsonNode answer = bitbucket.read(url, "list the repositories").body();
        Optional<Admin> admin = admin(bitbucket, request.apiBase());
        List<ListedRepository> items = new ArrayList<>();
        for (JsonNode repository : Listings.elements(answer.path("values"))) {
            String fullName = Listings.text(repository, "full_name");
            if (fullName != null) {
                items.add(new ListedRepository(fullName, cloneUrl(repository),
                        Listings.text(repository.path("mainbranch"), "name"),
                        repository.path("is_private").asBoolean(true),
                        admin.map(known -> known.of(fullName)).orElse(null)));
            }
        }
        return new ListingPage<>(items, answer.hasNonNull("next") ? Integer.toString(page + 1) : null);
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "workspace/repository");
        int page = Listings.pageNumber(request.page(), 1);
        String url = request.apiBase()
                + CloneUrl.path(List.of("repositories", parts.get(0), parts.get(1), "refs", "branches"))
                + Listings.query("pagelen", PAGE_SIZE, "page", page);
        JsonNode answer = readBranches(request, repository, url).body();
        return new ListingPage<>(texts(answer.path("values"), "name"),
                answer.hasNonNull("next") ? Integer.toString(page + 1) : null);
    }

    /** The repositories the token's user administers, as far as one page of the answer tells. */
    private record Admin(Set<String> names, boolean complete) {

        Boolean of(String fullName) {
            return names.contains(fullName) ? Boolean.TRUE : complete ? Boolean.FALSE : null;
        }
    }

    private static Optional<Admin> admin(ProviderApi.Session bitbucket, String apiBase) {
        String url = apiBase + "/user/permissions/repositories"
                + Listings.query("q", "permission=\"admin\"", "pagelen", ADMIN_PAGE);
        JsonNode answer;
        try {
            answer = bitbucket.read(url, "read the token's repository permissions").body();
        } catch (RegistrationException.TokenRejected e) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        for (JsonNode permission : Listings.elements(answer.path("values"))) {
            if ("admin".equals(Listings.text(permission, "permission"))) {
                Optional.ofNullable(Listings.text(permission.path("repository"), "full_name")).ifPresent(names::add);
            }
        }
        return Optional.of(new Admin(names, !answer.hasNonNull("next")));
    }

    private static String cloneUrl(JsonNode repository) {
        for (JsonNode link : Listings.elements(repository.path("links").path("clone"))) {
            if ("https".equals(Listings.text(link, "name"))) {
                return Listings.withoutUserInfo(Listings.text(link, "href"));
            }
        }
        return null;
    }
}
