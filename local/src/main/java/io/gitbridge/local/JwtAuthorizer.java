package io.gitbridge.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.gitbridge.http.Bounds;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a bearer JWT the way API Gateway's HTTP API JWT authorizer does, and hands on its claims the way API Gateway
 * puts them in a payload-2.0 event ({@code requestContext.authorizer.jwt.claims}): a token from the Authorization
 * header, with or without {@code Bearer}; an RSA signature (the only kind API Gateway accepts) by the key its
 * {@code kid} names in the issuer's JWKS; {@code iss} equal to the issuer; {@code aud}, or {@code client_id} when there
 * is no {@code aud}, one of the audiences; {@code exp} in the future, {@code nbf} and {@code iat} not (60 seconds of
 * clock skew, Nimbus's default). Signatures and key selection are Nimbus JOSE+JWT's.
 */
final class JwtAuthorizer {

    /** What API Gateway accepts: RSA-based algorithms. */
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    /** A token longer than this is refused unread (API Gateway allows 10 KB of headers in all). */
    private static final int MAX_TOKEN_LENGTH = 10 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final List<String> audiences;
    private final int clockSkewSeconds;

    private JwtAuthorizer(JWKSource<SecurityContext> keys, String issuer, List<String> audiences) {
        this.audiences = List.copyOf(audiences);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(RSA, keys));
        // API Gateway does not look at the header's typ: OAuth access tokens (at+jwt, RFC 9068) pass as ID tokens do.
        processor.setJWSTypeVerifier((type, context) -> { });
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"), null);
        this.clockSkewSeconds = claims.getMaxClockSkew();
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * An authorizer for these options: a JWKS file is read now, a JWKS URL fetched (and cached) when a token needs it.
     *
     * @throws IllegalArgumentException when the JWKS file cannot be read or holds no JWKS, or the URL is no http(s) URL
     */
    static JwtAuthorizer of(JwtOptions options) {
        String jwks = options.jwks().orElseThrow();
        JWKSource<SecurityContext> keys;
        if (jwks.startsWith("http://") || jwks.startsWith("https://")) {
            URL url;
            try {
                url = URI.create(jwks).toURL();
            } catch (IllegalArgumentException | java.net.MalformedURLException e) {
                throw new IllegalArgumentException("--jwt-jwks " + Bounds.cut(jwks) + " is not a valid URL", e);
            }
            keys = JWKSourceBuilder.create(url).retrying(true).build();
        } else {
            try {
                keys = new ImmutableJWKSet<>(JWKSet.parse(Files.readString(Path.of(jwks))));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("--jwt-jwks " + Bounds.cut(jwks) + " cannot be read: "
                        + Bounds.reason(e.getMessage()), e);
            } catch (ParseException e) {
                throw new IllegalArgumentException("--jwt-jwks " + Bounds.cut(jwks) + " is not a JWK set: "
                        + Bounds.reason(e.getMessage()), e);
            }
        }
        return new JwtAuthorizer(keys, options.issuer().orElseThrow(), options.audiences());
    }

    /**
     * The token's claims as API Gateway passes them to the function: every value a string.
     *
     * @param authorization the Authorization header (null when absent)
     * @throws Rejected saying why the token is refused, without echoing it
     */
    Map<String, String> claims(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new Rejected("the project routes need Authorization: Bearer <JWT>", false);
        }
        String token = authorization.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new Rejected("the token is longer than " + MAX_TOKEN_LENGTH + " characters", true);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new Rejected("the token is not a signed JWT", true);
        }
        if (!RSA.contains(jwt.getHeader().getAlgorithm())) {
            throw new Rejected("the token's algorithm " + Bounds.cut(String.valueOf(jwt.getHeader().getAlgorithm()))
                    + " is not an RSA algorithm", true);
        }
        if (jwt.getHeader().getKeyID() == null) {
            throw new Rejected("the token names no key (kid)", true);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJWTException e) {
            throw new Rejected("the token's claims are refused: " + Bounds.reason(e.getMessage()), true);
        } catch (BadJWSException e) {
            throw new Rejected("the token's signature does not verify with the issuer's keys: "
                    + Bounds.reason(e.getMessage()), true);
        } catch (BadJOSEException e) {
            // No key in the JWKS for the token's kid and algorithm, among others.
            throw new Rejected("the token is refused: " + Bounds.reason(e.getMessage()), true);
        } catch (JOSEException e) {
            throw new Rejected("the token could not be checked: " + Bounds.reason(e.getMessage()), true);
        }
        requireAudience(claims);
        requireIssuedInThePast(claims);
        return apiGatewayClaims(claims);
    }

    private void requireAudience(JWTClaimsSet claims) {
        List<String> aud = claims.getAudience();
        if (aud != null && !aud.isEmpty()) {
            if (aud.stream().noneMatch(audiences::contains)) {
                throw new Rejected("the token's aud is none of the accepted audiences", true);
            }
            return;
        }
        Object clientId = claims.getClaim("client_id");
        if (!(clientId instanceof String id) || !audiences.contains(id)) {
            throw new Rejected("the token has no aud, and its client_id is none of the accepted audiences", true);
        }
    }

    private void requireIssuedInThePast(JWTClaimsSet claims) {
        Date issued = claims.getIssueTime();
        if (issued != null && issued.getTime() > System.currentTimeMillis() + clockSkewSeconds * 1000L) {
            throw new Rejected("the token's iat is in the future", true);
        }
    }

    /**
     * The claims spelled as API Gateway spells them in the event: strings as they are, numbers and booleans as text,
     * arrays as their elements between brackets separated by spaces ({@code [a b]}), objects as {@code map[k:v]}.
     */
    static Map<String, String> apiGatewayClaims(JWTClaimsSet claims) {
        Map<String, String> spelled = new LinkedHashMap<>();
        claims.toJSONObject().forEach((name, value) -> {
            if (value != null) {
                spelled.put(name, spell(value));
            }
        });
        return spelled;
    }

    private static String spell(Object value) {
        if (value instanceof Collection<?> elements) {
            StringBuilder text = new StringBuilder("[");
            for (Object element : elements) {
                text.append(text.length() > 1 ? " " : "").append(element == null ? "<nil>" : spell(element));
            }
            return text.append(']').toString();
        }
        if (value instanceof Map<?, ?> object) {
            StringBuilder text = new StringBuilder("map[");
            new TreeMap<>(object.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    entry -> String.valueOf(entry.getKey()), entry -> entry.getValue() == null ? "<nil>"
                            : spell(entry.getValue())))).forEach((key, element) ->
                    text.append(text.length() > 4 ? " " : "").append(key).append(':').append(element));
            return text.append(']').toString();
        }
        if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value);
    }

    /** A token refused, with the reason API Gateway would put in {@code WWW-Authenticate}. */
    static final class Rejected extends RuntimeException {
        private final boolean tokenGiven;

        Rejected(String reason, boolean tokenGiven) {
            super(reason);
            this.tokenGiven = tokenGiven;
        }

        /** The {@code WWW-Authenticate} value: RFC 6750's {@code invalid_token} error once a token was sent. */
        String challenge() {
            return tokenGiven
                    ? "Bearer error=\"invalid_token\", error_description=\"" + getMessage().replace('"', '\'') + "\""
                    : "Bearer";
        }
    }
}
