package io.gitbridge.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in judges JWTs and tokens as GitHub does: every rule on its own, with hand-made JWTs. */
class GitHubAppStandInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private GitHubAppStandIn github;
    private PrivateKey key;

    @BeforeEach
    void start() throws Exception {
        github = GitHubAppStandIn.start();
        github.install(1001, "acme", "Organization").repository(501, "acme/app").repository(502, "acme/lib");
        try (PEMParser parser = new PEMParser(new StringReader(github.privateKeyPkcs1Pem()))) {
            key = new JcaPEMKeyConverter().getPrivateKey(((PEMKeyPair) parser.readObject()).getPrivateKeyInfo());
        }
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private String jwt(Object issuer, Instant issuedAt, Instant expires) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expires));
        claims.claim("iss", issuer);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(github.apiUrl() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String jwt, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(github.apiUrl() + path))
                .header("Authorization", "Bearer " + jwt)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("message").asText();
    }

    @Test
    void acceptsAJwt_withANumericOrTextIssuer_orTheClientId() throws Exception {
        Instant now = Instant.now();
        for (Object issuer : new Object[] {github.appId(), Long.toString(github.appId()), github.clientId()}) {
            HttpResponse<String> app = get("/app", "Bearer " + jwt(issuer, now.minusSeconds(60), now.plusSeconds(540)));
            assertThat(app.statusCode()).as(String.valueOf(issuer)).isEqualTo(200);
            assertThat(JSON.readTree(app.body()).get("id").asLong()).isEqualTo(github.appId());
        }
    }

    @Test
    void refusesAJwtLongerThanTenMinutes() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> app = get("/app", "Bearer " + jwt(github.appId(), now.minusSeconds(60),
                now.plusSeconds(541)));

        assertThat(app.statusCode()).isEqualTo(401);
        assertThat(message(app)).isEqualTo("'Expiration time' claim ('exp') is too far in the future.");
    }

    @Test
    void refusesAnExpiredJwt_oneFromTheFuture_andAnotherIssuer() throws Exception {
        Instant now = Instant.now();
        assertThat(message(get("/app", "Bearer " + jwt(github.appId(), now.minusSeconds(700), now.minusSeconds(1)))))
                .startsWith("'Expiration time' claim ('exp') must be a numeric value");
        assertThat(message(get("/app", "Bearer " + jwt(github.appId(), now.plusSeconds(120), now.plusSeconds(600)))))
                .startsWith("'Issued at' claim ('iat')");
        assertThat(message(get("/app", "Bearer " + jwt(1, now, now.plusSeconds(300))))).isEqualTo(
                "Integration not found");
    }

    @Test
    void refusesAnotherAlgorithm_aBrokenSignature_andNoHeader() throws Exception {
        Instant now = Instant.now();
        SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer(Long.toString(github.appId())).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).build());
        hs256.sign(new MACSigner(new byte[32]));
        String valid = jwt(github.appId(), now, now.plusSeconds(300));
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");

        HttpResponse<String> wrongAlgorithm = get("/app", "Bearer " + hs256.serialize());
        HttpResponse<String> wrongSignature = get("/app", "Bearer " + tampered);
        HttpResponse<String> none = get("/app", null);

        assertThat(wrongAlgorithm.statusCode()).isEqualTo(401);
        assertThat(message(wrongAlgorithm)).isEqualTo("A JSON web token could not be decoded");
        assertThat(wrongSignature.statusCode()).isEqualTo(401);
        assertThat(message(wrongSignature)).isEqualTo("A JSON web token could not be decoded");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(message(none)).isEqualTo("Requires authentication");
        assertThat(github.calls()).hasSize(3);
        assertThat(github.calls().get(2).authorization()).isNull();
    }

    @Test
    void tokens_areCurrentUntilTheyExpireOrAreRevoked_andLimitedToTheirRepositories() throws Exception {
        Instant now = Instant.now();
        String jwt = jwt(github.appId(), now.minusSeconds(60), now.plusSeconds(540));
        github.tokenLifetime(Duration.ofMinutes(5));

        HttpResponse<String> minted = post("/app/installations/1001/access_tokens", jwt,
                "{\"repository_ids\":[501],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(minted.statusCode()).isEqualTo(201);
        JsonNode token = JSON.readTree(minted.body());
        String first = token.get("token").asText();
        assertThat(first).matches("ghs_[A-Za-z0-9]{36}");
        assertThat(Instant.parse(token.get("expires_at").asText())).isBetween(now.plusSeconds(290),
                now.plusSeconds(310));
        assertThat(github.acceptsToken(first, "acme/app")).isTrue();
        assertThat(github.acceptsToken(first, "acme/lib")).isFalse();

        github.expireToken(1001);
        assertThat(github.acceptsToken(first, "acme/app")).isFalse();
        assertThat(github.currentToken(1001)).isEmpty();

        String second = JSON.readTree(post("/app/installations/1001/access_tokens", jwt, "").body())
                .get("token").asText();
        assertThat(github.acceptsToken(second, "acme/lib")).isTrue();
        assertThat(github.acceptsToken(first, "acme/app")).isFalse();
        github.revokeToken(1001);
        assertThat(github.acceptsToken(second, "acme/lib")).isFalse();
        assertThat(github.grants(1001)).hasSize(2);

        github.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
        String third = JSON.readTree(post("/app/installations/1001/access_tokens",
                jwt(github.appId(), now.plus(Duration.ofMinutes(9)), now.plus(Duration.ofMinutes(18))), "").body())
                .get("token").asText();
        assertThat(github.acceptsToken(third, null)).isTrue();
        github.clock(Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
        assertThat(github.acceptsToken(third, null)).isFalse();
    }

    @Test
    void tokenRequests_areChecked_likeGitHub() throws Exception {
        Instant now = Instant.now();
        String jwt = jwt(github.appId(), now.minusSeconds(60), now.plusSeconds(540));

        assertThat(message(post("/app/installations/1001/access_tokens", jwt, "{\"repository_ids\":[999]}")))
                .startsWith("There is at least one repository that does not exist");
        assertThat(message(post("/app/installations/1001/access_tokens", jwt,
                "{\"permissions\":{\"administration\":\"write\"}}")))
                .isEqualTo("The permissions requested are not granted to this installation.");
        assertThat(post("/app/installations/1001/access_tokens", jwt, "{\"repo\":1}").statusCode()).isEqualTo(422);
        assertThat(post("/app/installations/1001/access_tokens", jwt, "[").statusCode()).isEqualTo(400);
        assertThat(post("/app/installations/4040/access_tokens", jwt, "{}").statusCode()).isEqualTo(404);
        github.installation(1001).suspended(true);
        assertThat(post("/app/installations/1001/access_tokens", jwt, "{}").statusCode()).isEqualTo(403);
        github.installation(1001).suspended(false).uninstall();
        assertThat(post("/app/installations/1001/access_tokens", jwt, "{}").statusCode()).isEqualTo(404);
        assertThat(get("/app/installations/1001", "Bearer " + jwt).statusCode()).isEqualTo(404);
        assertThat(get("/repos/acme/app/installation", "Bearer " + jwt).statusCode()).isEqualTo(404);
        assertThat(github.calls()).allSatisfy(call -> assertThat(call.authorization()).isEqualTo("Bearer " + jwt));
    }
}
