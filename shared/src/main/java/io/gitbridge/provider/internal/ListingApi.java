package io.gitbridge.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.RepositoryListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What every provider's {@link RepositoryListing} shares: its API client, where its API is, and reading the
 * repository list or a repository's branches with the request's token. Each provider's listing extends it with the
 * paths, paging and fields of its own API.
 */
public abstract class ListingApi implements RepositoryListing {

    /** What a repository list is about, in messages. */
    private static final String REPOSITORIES = "the repositories the token can see";

    private final ProviderApi api;
    private final Optional<String> defaultApiUrl;
    private final String apiUrlExample;

    /**
     * @param provider the provider's name in messages
     * @param tokenAdvice what a token needs to list, as {@link ProviderApi} takes it
     * @param authorization the {@code Authorization} header value for a token
     * @param headers further headers for every request
     * @param defaultApiUrl the public API base, or null when the request must name one
     * @param apiUrlExample what the API base looks like, for the message asking for it
     */
    protected ListingApi(String provider, String tokenAdvice, UnaryOperator<String> authorization,
            Map<String, String> headers, String defaultApiUrl, String apiUrlExample) {
        this.api = new ProviderApi(provider, tokenAdvice, authorization, headers);
        this.defaultApiUrl = Optional.ofNullable(defaultApiUrl);
        this.apiUrlExample = apiUrlExample;
    }

    @Override
    public final Optional<String> defaultApiUrl() {
        return defaultApiUrl;
    }

    @Override
    public final String apiUrlExample() {
        return apiUrlExample;
    }

    /** Calls about the repository list, with the request's token. */
    protected final ProviderApi.Session repositoriesSession(ListingRequest request) {
        return api.session(request.apiBase(), REPOSITORIES, request.token());
    }

    /** {@code GET url} for the repository list, with the request's token. */
    protected final ProviderApi.Reply readRepositories(ListingRequest request, String url) {
        return repositoriesSession(request).read(url, "list the repositories");
    }

    /** {@code GET url} for {@code repository}'s branches, with the request's token. */
    protected final ProviderApi.Reply readBranches(ListingRequest request, String repository, String url) {
        return api.session(request.apiBase(), repository, request.token()).read(url, "list the branches");
    }

    /** The text at {@code field} of each element of {@code array} that has one, e.g. branch names. */
    protected static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        Listings.elements(array).forEach(element -> Optional.ofNullable(Listings.text(element, field))
                .ifPresent(texts::add));
        return texts;
    }

    /**
     * The repositories of a list in the shape GitHub's API has and Gitea and Gogs kept ({@code full_name},
     * {@code clone_url}, {@code default_branch}, {@code private}, {@code permissions.admin}), those whose name holds
     * the request's query.
     */
    protected static List<ListedRepository> githubShaped(JsonNode array, ListingRequest request) {
        List<ListedRepository> repositories = new ArrayList<>();
        for (JsonNode repository : Listings.elements(array)) {
            String fullName = Listings.text(repository, "full_name");
            if (fullName != null && Listings.matches(fullName, request.search())) {
                repositories.add(new ListedRepository(fullName, Listings.text(repository, "clone_url"),
                        Listings.text(repository, "default_branch"), repository.path("private").asBoolean(true),
                        Listings.bool(repository.path("permissions"), "admin")));
            }
        }
        return repositories;
    }

    /** The next page number when the answer's {@code Link} header has a rel next, else null. */
    protected static String nextByLink(ProviderApi.Reply reply, int page) {
        return Listings.hasNextLink(reply.header("Link")) ? Integer.toString(page + 1) : null;
    }
}
