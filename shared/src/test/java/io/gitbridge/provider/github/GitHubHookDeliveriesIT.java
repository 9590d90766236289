package io.gitbridge.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.testkit.deliverylog.GitHubDeliveryLogStandIn;
import io.gitbridge.testkit.http.StandInServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHub's deliveries and attempts endpoints, on the testkit's stand-in over real HTTP. */
class GitHubHookDeliveriesIT {

    private static final String TOKEN = "ghp_deliveryLogToken0123456789";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.app.signature";
    private static final byte[] PAYLOAD = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    private GitHubDeliveryLogStandIn github;
    private long hookId;

    @BeforeEach
    void start() {
        github = GitHubDeliveryLogStandIn.start("/api/v3", TOKEN).appAuthorization(("Bearer " + JWT)::equals);
        // Nothing listens on port 9: a redelivery there is logged by the stand-in as "failed to connect".
        hookId = github.createWebhook("acme/app", "http://127.0.0.1:9/webhooks/hk_1", "secret");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private GitHubHookDeliveries log() {
        return GitHubHookDeliveries.ofRepositoryWebhook(new RepositoryLocation(github.apiUrl(), "acme", "app"),
                Long.toString(hookId), () -> TOKEN);
    }

    @Test
    void list_pagesNewestFirst_byGitHubsCursor_withTheTokenAndApiVersion() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<GitHubDeliveryLogStandIn.Attempt> logged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logged.add(github.logOnly(hookId, "push", PAYLOAD, i == 2 ? 500 : 200, now.minusSeconds(60L * (5 - i))));
        }

        GitHubHookDeliveryPage first = log().list(2, null);
        GitHubHookDeliveryPage second = log().list(2, first.next());
        GitHubHookDeliveryPage third = log().list(2, second.next());

        List<Long> ids = new ArrayList<>();
        List.of(first, second, third).forEach(page -> page.items().forEach(item -> ids.add(item.id())));
        assertThat(ids).containsExactly(logged.get(4).id(), logged.get(3).id(), logged.get(2).id(),
                logged.get(1).id(), logged.get(0).id());
        assertThat(third.next()).isNull();
        GitHubHookDelivery failed = second.items().get(0);
        assertThat(failed.guid()).isEqualTo(logged.get(2).guid());
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.status()).isEqualTo("Invalid HTTP Response: 500");
        assertThat(failed.deliveredAt()).isEqualTo(logged.get(2).deliveredAt());
        assertThat(failed.event()).isEqualTo("push");
        assertThat(failed.redelivery()).isFalse();
        assertThat(failed.repositoryId()).isEqualTo(1296269L);
        assertThat(failed.installationId()).isNull();
        assertThat(github.calls()).containsExactly(
                "GET /repos/acme/app/hooks/" + hookId + "/deliveries?per_page=2",
                "GET /repos/acme/app/hooks/" + hookId + "/deliveries?per_page=2&cursor=" + first.next(),
                "GET /repos/acme/app/hooks/" + hookId + "/deliveries?per_page=2&cursor=" + second.next());
        assertThat(github.requests()).allSatisfy(request -> {
            assertThat(request.header("authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(request.header("x-github-api-version")).isEqualTo("2022-11-28");
        });
    }

    @Test
    void redeliver_postsAnAttemptWithoutBody_andIsFalse_forADeliveryGitHubDoesNotHave() throws Exception {
        GitHubDeliveryLogStandIn.Attempt attempt = github.logOnly(hookId, "push", PAYLOAD, 502, Instant.now());

        assertThat(log().redeliver(attempt.id())).isTrue();
        assertThat(log().redeliver(attempt.id() + 1000)).isFalse();

        assertThat(github.attemptsRequested()).containsExactly(attempt.id());
        assertThat(github.requests().get(0).method()).isEqualTo("POST");
        assertThat(github.requests().get(0).pathAndQuery())
                .isEqualTo("/repos/acme/app/hooks/" + hookId + "/deliveries/" + attempt.id() + "/attempts");
        assertThat(github.requests().get(0).body()).isEmpty();
        github.awaitRedeliveries(java.time.Duration.ofSeconds(10));
        assertThat(github.log(hookId).get(0).redelivery()).isTrue();
        assertThat(github.log(hookId).get(0).guid()).isEqualTo(attempt.guid());
    }

    @Test
    void list_isRateLimited_withGitHubsResetTime_andIsNotRetried() {
        long reset = Instant.now().getEpochSecond() + 120;
        github.answerNext(403, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset)),
                "API rate limit exceeded");

        assertThatThrownBy(() -> log().list(30, null))
                .isInstanceOfSatisfying(RegistrationException.RateLimited.class, e ->
                        assertThat(e.retryAfterSeconds()).isBetween(100L, 121L));
        assertThat(github.calls()).hasSize(1);
    }

    @Test
    void redeliver_isRateLimited_withRetryAfter() {
        github.answerNext(429, Map.of("Retry-After", "30"), "You have exceeded a secondary rate limit");

        assertThatThrownBy(() -> log().redeliver(5))
                .isInstanceOfSatisfying(RegistrationException.RateLimited.class, e ->
                        assertThat(e.retryAfterSeconds()).isEqualTo(30));
        assertThat(github.calls()).hasSize(1);
    }

    @Test
    void failures_areProviderUnavailable_orTokenRejected_withoutTheToken() {
        github.answerNext(500, Map.of(), "Server Error");
        assertThatThrownBy(() -> log().list(30, null)).isInstanceOf(RegistrationException.ProviderUnavailable.class)
                .isNotInstanceOf(RegistrationException.RateLimited.class).hasMessageContaining("HTTP 500");

        github.answerNext(401, Map.of(), "Bad credentials " + TOKEN);
        assertThatThrownBy(() -> log().list(30, null)).isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageContaining("Webhooks read-and-write on acme/app").hasMessageNotContaining(TOKEN);

        GitHubHookDeliveries wrongToken = GitHubHookDeliveries.ofRepositoryWebhook(
                new RepositoryLocation(github.apiUrl(), "acme", "app"), Long.toString(hookId), () -> "ghp_wrong");
        assertThatThrownBy(() -> wrongToken.list(30, null)).isInstanceOf(RegistrationException.TokenRejected.class);
    }

    @Test
    void aRedirect_isRefused_notFollowed() {
        github.answerNext(301, Map.of("Location", "http://127.0.0.1:1/elsewhere/deliveries"), "Moved Permanently");

        assertThatThrownBy(() -> log().list(30, null)).isInstanceOf(RegistrationException.Refused.class)
                .hasMessageContaining("redirect");
        assertThat(github.calls()).hasSize(1);
    }

    @Test
    void appWebhook_listsAndRedelivers_withTheAppsJwt() throws Exception {
        github.appWebhook("http://127.0.0.1:9/webhooks/github-app", "app-secret");
        GitHubDeliveryLogStandIn.Attempt attempt = github.logOnly(0, "push", PAYLOAD, 0, Instant.now());
        GitHubHookDeliveries app = GitHubHookDeliveries.ofApp(github.apiUrl(), () -> JWT);

        GitHubHookDeliveryPage page = app.list(100, null);
        assertThat(app.redeliver(attempt.id())).isTrue();

        assertThat(page.items()).extracting(GitHubHookDelivery::guid).containsExactly(attempt.guid());
        assertThat(page.items().get(0).statusCode()).isZero();
        assertThat(github.calls()).containsExactly("GET /app/hook/deliveries?per_page=100",
                "POST /app/hook/deliveries/" + attempt.id() + "/attempts");
        assertThat(github.requests()).allSatisfy(request ->
                assertThat(request.header("authorization")).isEqualTo("Bearer " + JWT));
        assertThatThrownBy(() -> GitHubHookDeliveries.ofApp(github.apiUrl(), () -> TOKEN).list(10, null))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageContaining("private key of the GitHub App");
        github.awaitRedeliveries(java.time.Duration.ofSeconds(10));
    }

    @Test
    void anAttemptWithoutGuid_isProviderUnavailable() {
        try (StandInServer broken = StandInServer.start()) {
            broken.on("GET", "/repos/acme/app/hooks/1/deliveries", 200,
                    "[{\"id\":1,\"delivered_at\":\"2026-11-30T06:00:00Z\",\"status_code\":200}]");
            GitHubHookDeliveries log = GitHubHookDeliveries.ofRepositoryWebhook(
                    new RepositoryLocation(broken.url(), "acme", "app"), "1", () -> TOKEN);

            assertThatThrownBy(() -> log.list(30, null)).isInstanceOf(RegistrationException.ProviderUnavailable.class)
                    .hasMessageContaining("without a GUID");
        }
    }
}
