package io.gitbridge.provider.github.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Apps client against the stand-in over real HTTP, which verifies every JWT as GitHub does. */
class GitHubAppApiIT {

    private static GitHubAppStandIn github;
    private static GitHubAppStandIn otherApp;

    @BeforeAll
    static void start() {
        github = GitHubAppStandIn.start();
        github.install(1001, "acme", "Organization").repository(501, "acme/app").repository(502, "acme/lib");
        github.install(1002, "jo", "User").allRepositories(true).repository(601, "jo/site").suspended(true);
        otherApp = GitHubAppStandIn.start(777, "Iv23liOther", "other", "elsewhere");
    }

    @AfterAll
    static void stop() {
        github.close();
        otherApp.close();
    }

    @BeforeEach
    void forget() {
        github.clearCalls();
    }

    private static GitHubAppApi api(String issuer, String pem, Clock clock) {
        return new GitHubAppApi(github.apiUrl(), new AppJwt(issuer, AppPrivateKey.parse(pem), clock));
    }

    private static GitHubAppApi api() {
        return api(Long.toString(github.appId()), github.privateKeyPkcs1Pem(), Clock.systemUTC());
    }

    @Test
    void app_describesTheApp_withGitHubsHeaders() {
        AppDescription app = api().app();

        assertThat(app).isEqualTo(new AppDescription(github.appId(), github.clientId(), github.slug(), github.name(),
                github.owner()));
        GitHubAppStandIn.Call call = github.calls().get(0);
        assertThat(github.callLines()).containsExactly("GET /app");
        assertThat(call.accept()).isEqualTo("application/vnd.github+json");
        assertThat(call.apiVersion()).isEqualTo("2022-11-28");
        assertThat(call.authorization()).startsWith("Bearer ey");
    }

    @Test
    void app_acceptsTheClientIdAsIssuer_andAPkcs8Key() {
        AppDescription app = api(github.clientId(), github.privateKeyPkcs8Pem(), Clock.systemUTC()).app();

        assertThat(app.id()).isEqualTo(github.appId());
    }

    @Test
    void app_worksUnderTheEnterpriseServerPath() {
        GitHubAppApi enterprise = new GitHubAppApi(github.apiUrl() + "/api/v3/", new AppJwt(
                Long.toString(github.appId()), AppPrivateKey.parse(github.privateKeyPkcs1Pem()), Clock.systemUTC()));

        assertThat(enterprise.app().slug()).isEqualTo(github.slug());
        assertThat(github.callLines()).containsExactly("GET /api/v3/app");
    }

    @Test
    void app_isRejected_whenTheKeyBelongsToAnotherApp() {
        GitHubAppApi wrongKey = api(Long.toString(github.appId()), otherApp.privateKeyPkcs1Pem(), Clock.systemUTC());

        assertThatThrownBy(wrongKey::app)
                .isInstanceOfSatisfying(GitHubAppException.CredentialsRejected.class,
                        e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("GitHub at " + github.apiUrl() + " rejected the app's JWT (HTTP 401, \"A JSON web token"
                        + " could not be decoded\") while gitbridge tried to read the app: the private key does not"
                        + " belong to the app 424242, or there is no such app on this GitHub");
    }

    @Test
    void app_isRejected_whenTheAppIdIsAnotherApps() {
        GitHubAppApi wrongId = api("999", github.privateKeyPkcs1Pem(), Clock.systemUTC());

        assertThatThrownBy(wrongId::app).isInstanceOf(GitHubAppException.CredentialsRejected.class)
                .hasMessageContaining("\"Integration not found\"");
    }

    @Test
    void app_isRejected_whenTheJwtHasExpired() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(11)), java.time.ZoneOffset.UTC);

        assertThatThrownBy(() -> api(Long.toString(github.appId()), github.privateKeyPkcs1Pem(), past).app())
                .isInstanceOf(GitHubAppException.CredentialsRejected.class)
                .hasMessageContaining("'Expiration time' claim ('exp') must be a numeric value");
    }

    @Test
    void app_isRejected_whenTheJwtIsIssuedInTheFuture() {
        Clock ahead = Clock.fixed(Instant.now().plus(Duration.ofMinutes(5)), java.time.ZoneOffset.UTC);

        assertThatThrownBy(() -> api(Long.toString(github.appId()), github.privateKeyPkcs1Pem(), ahead).app())
                .isInstanceOf(GitHubAppException.CredentialsRejected.class)
                .hasMessageContaining("'Issued at' claim ('iat')");
    }

    @Test
    void repositoryInstallation_findsTheInstallation_orIsEmptyWhenNotInstalled() {
        GitHubAppApi api = api();

        Installation installation = api.repositoryInstallation("acme", "app").orElseThrow();
        assertThat(installation.id()).isEqualTo(1001);
        assertThat(installation.account()).isEqualTo("acme");
        assertThat(installation.accountType()).isEqualTo("Organization");
        assertThat(installation.selection()).isEqualTo(Installation.Selection.SELECTED);
        assertThat(installation.suspended()).isFalse();
        assertThat(api.repositoryInstallation("acme", "nothing")).isEmpty();
        assertThat(github.callLines()).containsExactly("GET /repos/acme/app/installation",
                "GET /repos/acme/nothing/installation");
    }

    @Test
    void installation_readsOne_suspendedIncluded_orIsEmptyWhenUnknown() {
        Installation suspended = api().installation(1002).orElseThrow();

        assertThat(suspended.suspended()).isTrue();
        assertThat(suspended.selection()).isEqualTo(Installation.Selection.ALL);
        assertThat(suspended.accountType()).isEqualTo("User");
        assertThat(api().installation(4040)).isEmpty();
    }

    @Test
    void createAccessToken_sendsTheRepositoryIdAndPermission_andReturnsTheToken() {
        AccessToken token = api().createAccessToken(1001, AccessTokenRequest.contentsRead(501));

        GitHubAppStandIn.Call call = github.calls().get(0);
        assertThat(call.method() + " " + call.path()).isEqualTo("POST /app/installations/1001/access_tokens");
        assertThat(call.json().toString()).isEqualTo("{\"repository_ids\":[501],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(token.token()).isEqualTo(github.currentToken(1001).orElseThrow());
        assertThat(token.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(59)),
                Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(token.toString()).doesNotContain(token.token());
        assertThat(github.acceptsToken(token.token(), "acme/app")).isTrue();
        assertThat(github.acceptsToken(token.token(), "acme/lib")).isFalse();
    }

    @Test
    void createAccessToken_byName() {
        AccessToken token = api().createAccessToken(1001, AccessTokenRequest.contentsRead("lib"));

        assertThat(github.calls().get(0).json().toString())
                .isEqualTo("{\"repositories\":[\"lib\"],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(github.acceptsToken(token.token(), "acme/lib")).isTrue();
    }

    @Test
    void repository_withARefusedInstallationToken_saysTheTokenWasRefused_notTheAppsKey() {
        AccessToken token = api().createAccessToken(1001, AccessTokenRequest.contentsRead(501));
        github.revokeToken(1001);

        assertThatThrownBy(() -> api().repository("acme", "app", token))
                .isInstanceOf(GitHubAppException.Unavailable.class)
                .hasMessageContaining("refused the installation token it had just issued (HTTP 401")
                .hasMessageNotContaining("private key").hasMessageNotContaining(token.token());
    }

    @Test
    void createAccessToken_isNotInstalled_whenTheInstallationIsGone() {
        assertThatThrownBy(() -> api().createAccessToken(4040, AccessTokenRequest.contentsRead(501)))
                .isInstanceOfSatisfying(GitHubAppException.NotInstalled.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("GitHub at " + github.apiUrl() + " has no installation 4040 of this app (it was uninstalled)");
    }

    @Test
    void createAccessToken_isRefused_forASuspendedInstallation() {
        assertThatThrownBy(() -> api().createAccessToken(1002, AccessTokenRequest.contentsRead(601)))
                .isInstanceOfSatisfying(GitHubAppException.Refused.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessage("GitHub at " + github.apiUrl() + " refused to create an access token for installation 1002"
                        + " (HTTP 403, \"This installation has been suspended\")");
    }

    @Test
    void createAccessToken_isRefused_forARepositoryOutsideTheInstallation() {
        assertThatThrownBy(() -> api().createAccessToken(1001, AccessTokenRequest.contentsRead(999)))
                .isInstanceOfSatisfying(GitHubAppException.Refused.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("There is at least one repository that does not exist or is not accessible");
    }

    @Test
    void createAccessToken_isRefused_forAPermissionTheAppDoesNotHave() {
        AccessTokenRequest write = new AccessTokenRequest(List.of(501L), List.of(), Map.of("contents", "write"));

        assertThatThrownBy(() -> api().createAccessToken(1001, write))
                .isInstanceOfSatisfying(GitHubAppException.Refused.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("The permissions requested are not granted to this installation.");
    }

    @Test
    void rateLimits_areTyped_withTheWaitFromRetryAfter_orTheReset() {
        github.failNext(429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "17"));
        assertThatThrownBy(() -> api().app())
                .isInstanceOfSatisfying(GitHubAppException.RateLimited.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo(17);
                    assertThat(e.status()).isEqualTo(429);
                })
                .hasMessage("GitHub at " + github.apiUrl() + " is rate-limiting the app (HTTP 429, \"slow down\") while"
                        + " gitbridge tried to read the app; try again in 17 s");

        long reset = Instant.now().getEpochSecond() + 120;
        github.failNext(403, "{\"message\":\"API rate limit exceeded\"}",
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset)));
        assertThatThrownBy(() -> api().installation(1001))
                .isInstanceOfSatisfying(GitHubAppException.RateLimited.class, e -> {
                    assertThat(e.retryAfterSeconds()).isBetween(115L, 120L);
                    assertThat(e.status()).isEqualTo(403);
                });
    }

    @Test
    void serverErrors_areUnavailable() {
        github.failNext(502, "{\"message\":\"Server Error\"}", Map.of());

        assertThatThrownBy(() -> api().app())
                .isInstanceOfSatisfying(GitHubAppException.Unavailable.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessage("GitHub at " + github.apiUrl() + " failed (HTTP 502, \"Server Error\") while gitbridge tried"
                        + " to read the app");
    }

    @Test
    void anAnswerThatIsNotJson_isUnavailable() {
        github.failNext(200, "<html>proxy</html>", Map.of());

        assertThatThrownBy(() -> api().app()).isInstanceOf(GitHubAppException.Unavailable.class)
                .hasMessage("GitHub at " + github.apiUrl() + " answered with something that is not a JSON object while"
                        + " gitbridge tried to read the app");
    }

    @Test
    void redirects_areRefused_notFollowed() {
        github.failNext(301, "", Map.of("Location", "https://elsewhere.example/app"));

        assertThatThrownBy(() -> api().app())
                .isInstanceOfSatisfying(GitHubAppException.Refused.class, e -> assertThat(e.status()).isEqualTo(301))
                .hasMessageContaining("answered with a redirect (HTTP 301)");
        assertThat(github.calls()).hasSize(1);
    }

    @Test
    void anUnreachableApi_isUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GitHubAppApi nowhere = new GitHubAppApi("http://127.0.0.1:" + port, new AppJwt("1",
                AppPrivateKey.parse(github.privateKeyPkcs1Pem()), Clock.systemUTC()));

        assertThatThrownBy(nowhere::app)
                .isInstanceOfSatisfying(GitHubAppException.Unavailable.class, e -> assertThat(e.status()).isZero())
                .hasMessage("GitHub at http://127.0.0.1:" + port + " could not be reached (HttpHostConnectException)"
                        + " while gitbridge tried to read the app");
    }

    @Test
    void messages_neverContainTheJwt_evenWhenGitHubEchoesIt() {
        AppJwt jwt = new AppJwt(Long.toString(github.appId()), AppPrivateKey.parse(github.privateKeyPkcs1Pem()),
                Clock.systemUTC());
        GitHubAppApi api = new GitHubAppApi(github.apiUrl(), jwt);
        github.failNext(400, "{\"message\":\"bad token " + jwt.token() + "\"}", Map.of());

        assertThatThrownBy(api::app).isInstanceOf(GitHubAppException.Refused.class)
                .hasMessageNotContaining(jwt.token()).hasMessageContaining("bad token ***");
    }
}
