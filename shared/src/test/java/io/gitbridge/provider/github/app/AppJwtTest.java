package io.gitbridge.provider.github.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppJwtTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    private final AppPrivateKey key = AppPrivateKey.parse(TestKeys.pem(TestKeys.rsa().getPrivate()));
    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(NOW);

    @Test
    void token_isRs256_signedByTheAppKey_withGitHubsClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(new AppJwt("424242", key, clock).token());

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.rsa().getPublic()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("424242");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW.minusSeconds(60));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(9)));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrder("iss", "iat", "exp");
    }

    @Test
    void forApp_usesTheClientId_whenKnown_elseTheAppId() throws Exception {
        GitHubApp withClientId = new GitHubApp(7, "Iv23liAbc", "app", "App", "acme", "github.com",
                GitHubApp.GITHUB_API, null);
        GitHubApp withoutClientId = new GitHubApp(7, null, "app", "App", "acme", "github.com", GitHubApp.GITHUB_API,
                null);

        assertThat(SignedJWT.parse(AppJwt.forApp(withClientId, key, clock).token()).getJWTClaimsSet().getIssuer())
                .isEqualTo("Iv23liAbc");
        assertThat(SignedJWT.parse(AppJwt.forApp(withoutClientId, key, clock).token()).getJWTClaimsSet().getIssuer())
                .isEqualTo("7");
    }

    @Test
    void token_isReused_untilAMinuteBeforeItExpires() throws Exception {
        AppJwt jwt = new AppJwt("424242", key, clock);
        String first = jwt.token();

        clock.advance(Duration.ofMinutes(7).plusSeconds(59));
        assertThat(jwt.token()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        String second = jwt.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(SignedJWT.parse(second).getJWTClaimsSet().getIssueTime().toInstant())
                .isEqualTo(NOW.plus(Duration.ofMinutes(8)).minusSeconds(60));
    }

    @Test
    void toString_showsTheIssuerOnly() {
        AppJwt jwt = new AppJwt("424242", key, clock);
        String token = jwt.token();

        assertThat(jwt.toString()).isEqualTo("AppJwt[iss=424242]").doesNotContain(token);
    }

    @Test
    void constructor_refusesAnEmptyIssuer() {
        assertThatThrownBy(() -> new AppJwt(" ", key, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the JWT issuer must be the app id or client id, 1 to 128 characters");
    }
}
