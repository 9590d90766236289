package io.gitbridge.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.InvalidPageException;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.internal.ListingApi;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Repositories and branches through the Azure DevOps REST API ({@code https://dev.azure.com/<organization>}; Azure
 * DevOps Server {@code https://<host>/<collection>}), api-version 7.1: {@code GET _apis/git/repositories} (every
 * repository of the organization, unpaged: gitbridge pages it itself, the cursor being an offset) and
 * {@code GET {project}/_apis/git/repositories/{repository}/refs?filter=heads/} with {@code $top} and the
 * {@code x-ms-continuationtoken} answer header as the next page's {@code continuationToken}. Whether the token may
 * manage service hooks is not in the repository object and would take a security namespace query per repository:
 * it is unknown (null). A repository is private unless its {@code project.visibility} says {@code public} (whether the
 * list carries the project's visibility is unverified; without it every repository reads as private).
 */
public final class AzureDevOpsListing extends ListingApi {

    static final String TOKEN_ADVICE = "a personal access token with the Code (Read) scope (Service Hooks (Read & write)"
            + " to manage service hooks) to list " + ProviderApi.REPOSITORY;
    /** The longest continuation token passed back to Azure DevOps. */
    private static final int MAX_CONTINUATION = 300;

    /** A listing for the organization (or collection) at the request's {@code apiUrl}. */
    public AzureDevOpsListing() {
        super("Azure DevOps", TOKEN_ADVICE,
                token -> "Basic " + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8)),
                Map.of(), null, "https://dev.azure.com/<organization>");
    }

    @Override
    public ListingPage<ListedRepository> repositories(ListingRequest request) {
        Listings.pageNumber(request.page(), 0); // refuses a page token that is no offset before calling
        String url = request.apiBase() + "/_apis/git/repositories" + Listings.query("api-version", "7.1");
        JsonNode answer = readRepositories(request, url).body();
        List<ListedRepository> all = new ArrayList<>();
        for (JsonNode repository : Listings.elements(answer.path("value"))) {
            String project = Listings.text(repository.path("project"), "name");
            String name = Listings.text(repository, "name");
            if (project == null || name == null || !Listings.matches(project + "/" + name, request.search())) {
                continue;
            }
            all.add(new ListedRepository(project + "/" + name, Listings.withoutUserInfo(
                    Listings.text(repository, "remoteUrl")), Listings.branchName(Listings.text(repository,
                    "defaultBranch")), !"public".equalsIgnoreCase(Listings.text(repository.path("project"),
                    "visibility")), null));
        }
        return Listings.slice(all, request.page(), PAGE_SIZE);
    }

    @Override
    public ListingPage<String> branches(ListingRequest request, String repository) {
        List<String> parts = Listings.parts(repository, 2, 2, "project/repository");
        String page = request.page();
        if (page != null && (page.isEmpty() || page.length() > MAX_CONTINUATION)) {
            throw new InvalidPageException("does not name a page of this list");
        }
        String url = request.apiBase() + "/" + ProviderApi.encode(parts.get(0)) + "/_apis/git/repositories/"
                + ProviderApi.encode(parts.get(1)) + "/refs" + Listings.query("filter", "heads/", "$top", PAGE_SIZE,
                "continuationToken", page, "api-version", "7.1");
        ProviderApi.Reply reply = readBranches(request, repository, url);
        List<String> names = texts(reply.body().path("value"), "name").stream().map(Listings::branchName).toList();
        String next = reply.header("x-ms-continuationtoken").map(String::trim).filter(token -> !token.isEmpty())
                .orElse(null);
        if (next != null && (next.length() > MAX_CONTINUATION || !next.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new RegistrationException.ProviderUnavailable("Azure DevOps at " + request.apiBase() + " answered a"
                    + " continuation token gitbridge cannot pass back (over " + MAX_CONTINUATION + " characters, or not"
                    + " printable ASCII) while listing the branches of " + repository, null);
        }
        return new ListingPage<>(names, next);
    }
}
