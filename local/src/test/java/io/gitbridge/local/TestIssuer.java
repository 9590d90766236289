package io.gitbridge.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An OpenID Connect provider's signing side, for tests: an RSA key generated now, its public JWKS written to a file
 * for {@code --jwt-jwks}, and tokens signed with it (or with a stranger's key).
 */
final class TestIssuer {

    static final String ISSUER = "https://id.platform.example";
    static final String AUDIENCE = "gitbridge";

    private final RSAKey key;
    private final Path jwks;

    private TestIssuer(RSAKey key, Path jwks) {
        this.key = key;
        this.jwks = jwks;
    }

    /** A new key, its public JWKS written to {@code dir/jwks.json}. */
    static TestIssuer create(Path dir) throws JOSEException, IOException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.createDirectories(dir);
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        return new TestIssuer(key, jwks);
    }

    Path jwksFile() {
        return jwks;
    }

    /** The runner options that trust this issuer, with the default projects claim. */
    JwtOptions options() {
        return new JwtOptions(Optional.of(jwks.toString()), Optional.of(ISSUER), List.of(AUDIENCE),
                JwtOptions.DEFAULT_PROJECTS_CLAIM);
    }

    /** A valid token for {@code subject}, whose gitbridge_projects claim is the JSON array {@code projects}. */
    String token(String subject, String... projects) throws JOSEException {
        return token(claims -> claims.subject(subject).claim("gitbridge_projects", List.of(projects)));
    }

    /** A token valid for five minutes, then changed by {@code change}, signed with this issuer's key. */
    String token(Consumer<JWTClaimsSet.Builder> change) throws JOSEException {
        return sign(key, change);
    }

    /** The same, signed by a key of the same id that is not in the JWKS. */
    String forgedToken(Consumer<JWTClaimsSet.Builder> change) throws JOSEException {
        return sign(new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate(), change);
    }

    /** A valid token whose header says {@code typ: at+jwt}, as OAuth 2.0 access tokens do (RFC 9068). */
    String accessToken(Consumer<JWTClaimsSet.Builder> change) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new com.nimbusds.jose.JOSEObjectType("at+jwt")).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String sign(RSAKey with, Consumer<JWTClaimsSet.Builder> change) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }
}
