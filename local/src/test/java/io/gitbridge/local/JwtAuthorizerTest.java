package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthorizerTest {

    @TempDir
    static Path tmp;

    /** One key for the class: generating RSA keys is the slow part. */
    private static TestIssuer issuer;
    private static JwtAuthorizer authorizer;

    @BeforeAll
    static void issue() throws Exception {
        issuer = TestIssuer.create(tmp);
        authorizer = JwtAuthorizer.of(issuer.options());
    }

    @Test
    void claims_ofAValidToken_areSpelledAsApiGatewaySpellsThem() throws Exception {
        String token = issuer.token(claims -> claims.subject("alice").claim("gitbridge_projects", List.of("demo", "app"))
                .claim("admin", true).claim("level", 3).claim("org", Map.of("b", 2, "a", "x")));

        Map<String, String> claims = authorizer.claims("Bearer " + token);

        assertThat(claims).containsEntry("sub", "alice").containsEntry("gitbridge_projects", "[demo app]")
                .containsEntry("iss", TestIssuer.ISSUER).containsEntry("aud", "gitbridge")
                .containsEntry("admin", "true").containsEntry("level", "3").containsEntry("org", "map[a:x b:2]");
        assertThat(claims.get("exp")).matches("\\d{10}");
        assertThat(authorizer.claims(token)).isEqualTo(claims);
    }

    @Test
    void claims_refusesAnExpiredOrNotYetValidToken() throws Exception {
        Date hourAgo = Date.from(Instant.now().minusSeconds(3600));
        Date inAnHour = Date.from(Instant.now().plusSeconds(3600));

        assertRejected(issuer.token(claims -> claims.expirationTime(hourAgo)), "Expired JWT");
        assertRejected(issuer.token(claims -> claims.notBeforeTime(inAnHour)), "JWT before use time");
        assertRejected(issuer.token(claims -> claims.issueTime(inAnHour)), "the token's iat is in the future");
        assertRejected(issuer.token(claims -> claims.expirationTime(null)), "JWT missing required claims: [exp]");
    }

    @Test
    void claims_refusesAnotherIssuer_orAudience() throws Exception {
        assertRejected(issuer.token(claims -> claims.issuer("https://evil.example")), "iss");
        assertRejected(issuer.token(claims -> claims.audience("someone-else")),
                "the token's aud is none of the accepted audiences");
        assertRejected(issuer.token(claims -> claims.audience((String) null)),
                "the token has no aud, and its client_id is none of the accepted audiences");
    }

    @Test
    void claims_acceptsClientIdForAudience_whenTheTokenHasNoAud() throws Exception {
        String token = issuer.token(claims -> claims.audience((String) null).claim("client_id", "gitbridge"));

        assertThat(authorizer.claims(token)).containsEntry("client_id", "gitbridge").doesNotContainKey("aud");
    }

    @Test
    void claims_refusesABadSignature_aNonJwt_andNoToken() throws Exception {
        assertRejected(issuer.forgedToken(claims -> { }), "signature does not verify");
        String valid = issuer.token(claims -> { });
        assertRejected(valid.substring(0, valid.length() - 4) + "AAAA", "signature does not verify");
        assertRejected(issuer.token(claims -> { }).replaceFirst("^[^.]+", java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"RS256\",\"kid\":\"unknown\"}".getBytes())), "no matching key");
        assertRejected("not-a-jwt", "the token is not a signed JWT");
        assertRejected("x".repeat(20_000), "the token is longer than");
        assertThatThrownBy(() -> authorizer.claims(null)).isInstanceOf(JwtAuthorizer.Rejected.class)
                .satisfies(e -> assertThat(((JwtAuthorizer.Rejected) e).challenge()).isEqualTo("Bearer"));
    }

    @Test
    void claims_acceptsAnOAuthAccessToken_whateverItsTyp() throws Exception {
        String token = issuer.accessToken(claims -> claims.subject("svc").claim("gitbridge_projects", "*"));

        assertThat(authorizer.claims("Bearer " + token)).containsEntry("sub", "svc").containsEntry("gitbridge_projects", "*");
    }

    @Test
    void claims_refusesAnUnsignedToken() throws Exception {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String body = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new JWTClaimsSet.Builder().issuer(TestIssuer.ISSUER).audience("gitbridge").build().toString().getBytes());

        assertRejected(header + "." + body + ".", "the token is not a signed JWT");
    }

    @Test
    void of_refusesAJwksFileThatIsMissingOrNoJwks() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{\"keys\": 3}");

        assertThatThrownBy(() -> JwtAuthorizer.of(new JwtOptions(Optional.of(tmp.resolve("none.json").toString()),
                Optional.of(TestIssuer.ISSUER), List.of("gitbridge"), "gitbridge_projects")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> JwtAuthorizer.of(new JwtOptions(Optional.of(garbage.toString()),
                Optional.of(TestIssuer.ISSUER), List.of("gitbridge"), "gitbridge_projects")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a JWK set");
    }

    private static void assertRejected(String token, String reason) {
        assertThatThrownBy(() -> authorizer.claims("Bearer " + token)).isInstanceOf(JwtAuthorizer.Rejected.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((JwtAuthorizer.Rejected) e).challenge())
                        .startsWith("Bearer error=\"invalid_token\", error_description=\"").doesNotContain(token));
    }
}
