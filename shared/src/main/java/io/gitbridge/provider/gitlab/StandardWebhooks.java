package io.gitbridge.provider.gitlab;

import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The Standard Webhooks scheme GitLab uses for signing tokens: {@code webhook-signature: v1,<base64 HMAC-SHA256>}
 * over {@code "<webhook-id>.<webhook-timestamp>.<raw body>"}, keyed with the base64-decoded part after {@code whsec_}.
 */
final class StandardWebhooks {

    /** The prefix of a signing token; a hook secret that starts with it selects this scheme. */
    static final String SECRET_PREFIX = "whsec_";
    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a delivery's timestamp may be from the receiver's clock, either way. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION_PREFIX = "v1,";
    private static final int MAX_TIMESTAMP_DIGITS = 12;
    private static final int HMAC_SHA256_BYTES = 32;
    private static final String KEY_PROBLEM = "starts with " + SECRET_PREFIX
            + " but the rest is not a base64 signing key; use the signing token exactly as GitLab shows it";

    private final Clock clock;

    StandardWebhooks(Clock clock) {
        this.clock = clock;
    }

    /**
     * Checks the three {@code webhook-*} headers against the body and the signing token.
     *
     * @throws InvalidSignatureException when a header is missing or malformed, the timestamp is outside the
     *         tolerance, or no {@code v1} signature matches
     */
    void verify(WebhookRequest request, String signingToken) {
        byte[] key = requireKey(signingToken);
        String id = required(request, ID_HEADER);
        String timestamp = required(request, TIMESTAMP_HEADER);
        String signatures = required(request, SIGNATURE_HEADER);
        requireFresh(timestamp);
        byte[] expected = Signatures.hmacSha256(key, signedContent(id, timestamp, request.body()));
        boolean sawV1 = false;
        for (String candidate : signatures.trim().split(" +")) {
            if (candidate.length() <= VERSION_PREFIX.length() || !candidate.startsWith(VERSION_PREFIX)) {
                continue;
            }
            sawV1 = true;
            byte[] received = decodeOrNull(candidate.substring(VERSION_PREFIX.length()));
            if (received != null && received.length == HMAC_SHA256_BYTES && MessageDigest.isEqual(received, expected)) {
                return;
            }
        }
        if (!sawV1) {
            throw new InvalidSignatureException(SIGNATURE_HEADER + " is malformed: expected v1,<base64>");
        }
        throw new InvalidSignatureException(
                SIGNATURE_HEADER + " does not match the body signed with the hook's signing token");
    }

    /** The bytes Standard Webhooks signs: id, timestamp and the raw body, joined by dots. */
    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    /** What is wrong with a {@code whsec_} hook secret, which {@link #verify} would refuse on every delivery. */
    static Optional<String> secretProblem(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return Optional.empty();
        }
        try {
            return key(secret).length == 0 ? Optional.of(KEY_PROBLEM) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(KEY_PROBLEM);
        }
    }

    private static byte[] requireKey(String signingToken) {
        // A bad key is a configuration mistake, not a forged delivery: 401 with this message says what to fix.
        String problem = "the hook's secret " + KEY_PROBLEM;
        byte[] key;
        try {
            key = key(signingToken);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(problem, e);
        }
        if (key.length == 0) {
            throw new InvalidSignatureException(problem);
        }
        return key;
    }

    /** The signing key: the base64 after {@code whsec_}; throws {@link IllegalArgumentException} when not base64. */
    private static byte[] key(String signingToken) {
        return Base64.getDecoder().decode(signingToken.substring(SECRET_PREFIX.length()));
    }

    private void requireFresh(String timestamp) {
        if (timestamp.isEmpty() || timestamp.length() > MAX_TIMESTAMP_DIGITS
                || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidSignatureException(TIMESTAMP_HEADER + " is malformed: expected Unix seconds");
        }
        long sent = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - sent) > TOLERANCE.toSeconds()) {
            throw new InvalidSignatureException(TIMESTAMP_HEADER + " is more than " + TOLERANCE.toMinutes()
                    + " minutes from the receiver's clock: a replayed delivery, or a clock is wrong");
        }
    }

    private static String required(WebhookRequest request, String header) {
        return request.header(header).filter(value -> !value.isBlank())
                .orElseThrow(() -> new InvalidSignatureException(header + " is missing"));
    }

    /** The decoded signature, or null when it is not base64: such a candidate simply does not match. */
    private static byte[] decodeOrNull(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
