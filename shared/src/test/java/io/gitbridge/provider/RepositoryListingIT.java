package io.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.testkit.http.StandInServer;
import io.gitbridge.testkit.listing.ListingStandIn;
import io.gitbridge.testkit.listing.ListingStandIn.Repository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider's {@link RepositoryListing} against a stand-in of its API over real HTTP: the exact requests (method,
 * path, query) with the token in the provider's {@code Authorization} header and nowhere else, two pages each way, and
 * which exception each failure becomes.
 */
class RepositoryListingIT {

    private static final String TOKEN = ListingStandIn.TOKEN;

    private StandInServer server;

    @BeforeEach
    void start() {
        server = StandInServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<ListingStandIn> standIns() {
        return ListingStandIn.all().stream();
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void repositories_readsTwoPages_withTheExactRequests(ListingStandIn standIn) {
        standIn.scriptOn(server);
        RepositoryListing listing = listing(standIn);

        ListingPage<ListedRepository> first = listing.repositories(request(standIn, null, null));
        ListingPage<ListedRepository> second = listing.repositories(request(standIn, first.next(), null));

        assertThat(first.items()).containsExactlyElementsOf(expected(standIn.repositoryPages().get(0)));
        assertThat(first.next()).isNotNull().doesNotContain("/", ":");
        assertThat(second.items()).containsExactlyElementsOf(expected(standIn.repositoryPages().get(1)));
        assertThat(second.next()).isNull();
        assertThat(server.calls()).containsExactlyElementsOf(standIn.repositoryCalls());
        assertOnlyTheAuthorizationHeaderCarriesTheToken(standIn);
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void branches_readsTwoPages_withTheExactRequests(ListingStandIn standIn) {
        standIn.scriptOn(server);
        RepositoryListing listing = listing(standIn);

        ListingPage<String> first = listing.branches(request(standIn, null, null), standIn.repository());
        ListingPage<String> second = listing.branches(request(standIn, first.next(), null), standIn.repository());

        assertThat(first.items()).containsExactlyElementsOf(standIn.branchPages().get(0));
        assertThat(first.next()).isNotNull();
        assertThat(second.items()).containsExactlyElementsOf(standIn.branchPages().get(1));
        assertThat(second.next()).isNull();
        assertThat(server.calls()).containsExactlyElementsOf(standIn.branchCalls());
        assertOnlyTheAuthorizationHeaderCarriesTheToken(standIn);
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void repositories_tokenRefused_isTokenRejected_sayingWhatTheTokenNeeds(ListingStandIn standIn) {
        script(standIn.repositoryCalls().get(0), 401, "{\"message\":\"Bad credentials " + TOKEN + "\"}", Map.of());

        assertThatThrownBy(() -> listing(standIn).repositories(request(standIn, null, null)))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("it needs")
                .hasMessageNotContaining(TOKEN);
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void branches_providerFails_isProviderUnavailable_notRateLimited(ListingStandIn standIn) {
        script(standIn.branchCalls().get(0), 503, "{\"message\":\"maintenance\"}", Map.of());

        assertThatThrownBy(() -> listing(standIn).branches(request(standIn, null, null), standIn.repository()))
                .isExactlyInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining(standIn.repository());
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void repositories_429_isRateLimited_withTheProvidersRetryAfter(ListingStandIn standIn) {
        script(standIn.repositoryCalls().get(0), 429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "17"));

        assertThatThrownBy(() -> listing(standIn).repositories(request(standIn, null, null)))
                .isInstanceOfSatisfying(RegistrationException.RateLimited.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(17));
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void repositories_403WithNoRemainingCalls_isRateLimited_untilTheReset(ListingStandIn standIn) {
        long reset = Instant.now().getEpochSecond() + 120;
        script(standIn.repositoryCalls().get(0), 403, "{\"message\":\"API rate limit exceeded\"}",
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset)));

        assertThatThrownBy(() -> listing(standIn).repositories(request(standIn, null, null)))
                .isInstanceOfSatisfying(RegistrationException.RateLimited.class,
                        e -> assertThat(e.retryAfterSeconds()).isBetween(110L, 120L));
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void repositories_aPageTokenItNeverGave_isInvalidPage(ListingStandIn standIn) {
        standIn.scriptOn(server);
        // Azure DevOps and Gogs answer every repository at once: their page token is an offset, checked against it.
        String forged = standIn.provider().equals("azure-devops") || standIn.provider().equals("gogs") ? "9999"
                : "../../admin";

        assertThatThrownBy(() -> listing(standIn).repositories(request(standIn, forged, null)))
                .isInstanceOf(InvalidPageException.class);
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.pathAndQuery()).doesNotContain(".."));
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void branches_aRepositoryNameOfTheWrongShape_isRefusedBeforeAnyRequest(ListingStandIn standIn) {
        assertThatThrownBy(() -> listing(standIn).branches(request(standIn, null, null), "no-slash"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("as the repository list names it");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("standIns")
    void repositories_unreachableProvider_isProviderUnavailable(ListingStandIn standIn) {
        String apiBase = standIn.apiBase(server);
        server.close();

        assertThatThrownBy(() -> listing(standIn).repositories(new ListingRequest(apiBase, TOKEN, null, null)))
                .isExactlyInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("could not be reached")
                .hasMessageNotContaining(TOKEN);
        server = StandInServer.start();
    }

    private void script(String call, int status, String body, Map<String, String> headers) {
        int space = call.indexOf(' ');
        server.on(call.substring(0, space), call.substring(space + 1), status, body, headers);
    }

    private void assertOnlyTheAuthorizationHeaderCarriesTheToken(ListingStandIn standIn) {
        assertThat(server.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.header("Authorization")).isEqualTo(standIn.authorization());
            assertThat(request.pathAndQuery()).doesNotContain(TOKEN);
            request.headers().forEach((name, value) -> {
                if (!name.equals("authorization")) {
                    assertThat(value).as(name).doesNotContain(TOKEN);
                }
            });
        });
    }

    private ListingRequest request(ListingStandIn standIn, String page, String query) {
        return new ListingRequest(standIn.apiBase(server), TOKEN, query, page);
    }

    private static RepositoryListing listing(ListingStandIn standIn) {
        return RepositoryListings.of(standIn.provider()).orElseThrow();
    }

    private static List<ListedRepository> expected(List<Repository> repositories) {
        return repositories.stream().map(repository -> new ListedRepository(repository.fullName(),
                repository.cloneUrl(), repository.defaultBranch(), repository.isPrivate(),
                repository.canManageHooks())).toList();
    }
}
