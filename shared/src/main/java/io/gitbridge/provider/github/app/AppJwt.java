package io.gitbridge.provider.github.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * The JWT a GitHub App authenticates with ("Generating a JSON Web Token (JWT) for a GitHub App"): RS256, signed by
 * Nimbus JOSE+JWT with the app's private key, {@code iss} the app's id or client id, {@code iat} {@link #BACKDATE}
 * before now (GitHub's advice against clock drift) and {@code exp} {@link #LIFETIME} after now (GitHub refuses more
 * than 10 minutes). A JWT is reused until {@link #RENEW_BEFORE} before it expires. Thread-safe; {@link #toString()}
 * never shows the JWT or the key.
 */
public final class AppJwt {

    /** How far {@code iat} lies in the past. */
    public static final Duration BACKDATE = Duration.ofSeconds(60);
    /** How far {@code exp} lies in the future, from now: {@code exp - iat} is then exactly 10 minutes. */
    public static final Duration LIFETIME = Duration.ofMinutes(9);
    /** How long before its {@code exp} a JWT is replaced by a new one. */
    public static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    private final String issuer;
    private final AppPrivateKey key;
    private final Clock clock;
    private String current;
    private Instant currentExpires = Instant.MIN;

    /**
     * @param issuer the app's id (digits) or client id ({@code Iv...}), as {@code iss}
     * @param key the app's private key
     * @param clock tells the time for {@code iat}, {@code exp} and reuse
     */
    public AppJwt(String issuer, AppPrivateKey key, Clock clock) {
        if (issuer == null || issuer.isBlank() || issuer.length() > GitHubApp.MAX_ID_LENGTH) {
            throw new IllegalArgumentException("the JWT issuer must be the app id or client id, 1 to "
                    + GitHubApp.MAX_ID_LENGTH + " characters");
        }
        this.issuer = issuer;
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The JWT for the app of {@code app}: its client id when it has one, else its app id. */
    public static AppJwt forApp(GitHubApp app, AppPrivateKey key, Clock clock) {
        return new AppJwt(app.issuer(), key, clock);
    }

    /** The issuer, {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** A signed JWT valid for at least {@link #RENEW_BEFORE}, in compact form ({@code header.claims.signature}). */
    public synchronized String token() {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(currentExpires.minus(RENEW_BEFORE))) {
            Instant expires = now.plus(LIFETIME);
            current = sign(now.minus(BACKDATE), expires);
            currentExpires = expires;
        }
        return current;
    }

    private String sign(Instant issuedAt, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                // Whole seconds: JWT times are NumericDate seconds (RFC 7519 section 2).
                .issueTime(Date.from(Instant.ofEpochSecond(issuedAt.getEpochSecond())))
                .expirationTime(Date.from(Instant.ofEpochSecond(expires.getEpochSecond())))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key.key()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the GitHub App's JWT with its RSA key", e);
        }
        return jwt.serialize();
    }

    @Override
    public String toString() {
        return "AppJwt[iss=" + issuer + "]";
    }
}
