package io.gitbridge.provider;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC checks, constant-time secret comparisons and body-derived delivery ids shared by the providers. */
public final class Signatures {

    private static final HexFormat HEX = HexFormat.of();
    private static final String SHA256_PREFIX = "sha256=";
    private static final String SHA1_PREFIX = "sha1=";
    private static final String BODY_ID_PREFIX = "body-";

    private Signatures() {
    }

    /** HMAC-SHA256 of {@code body} keyed with the UTF-8 bytes of {@code secret}. */
    public static byte[] hmacSha256(String secret, byte[] body) {
        return hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    /** HMAC-SHA256 of {@code content} keyed with the raw {@code key} bytes. */
    public static byte[] hmacSha256(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * HMAC-SHA1 of {@code body} keyed with the UTF-8 bytes of {@code secret}: the legacy {@code X-Hub-Signature} that
     * GitHub's PubSubHubbub hub ({@code hub.secret}) and older GitHub Enterprise Server versions send alone. HMAC-SHA1
     * is still a sound MAC (its security does not rest on SHA-1's collision resistance); prefer SHA-256 where sent.
     */
    public static byte[] hmacSha1(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** SHA-256 of the bytes. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Checks a hex-encoded HMAC-SHA256 against the one computed over {@code body}, in constant time.
     *
     * @param hex the received digest, 64 hex characters, either case
     * @throws InvalidSignatureException when it is not 64 hex characters or does not match
     */
    public static void requireHexHmacSha256(String hex, String secret, byte[] body, String header) {
        requireHexDigest(hex, 64, header, () -> hmacSha256(secret, body));
    }

    /**
     * Checks a hex-encoded digest of {@code hexLength} characters against {@code expected}, computed only once the
     * received one is well-formed, and compared with {@link MessageDigest#isEqual} (constant time).
     */
    private static void requireHexDigest(String hex, int hexLength, String header,
            java.util.function.Supplier<byte[]> expected) {
        if (hex.length() != hexLength) {
            throw new InvalidSignatureException(header + " is malformed: expected " + hexLength + " hex characters");
        }
        byte[] received;
        try {
            received = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(header + " is malformed: not hexadecimal", e);
        }
        if (!MessageDigest.isEqual(received, expected.get())) {
            throw new InvalidSignatureException(header + " does not match the body signed with the hook's secret");
        }
    }

    /**
     * Checks {@code header: sha256=<hex HMAC-SHA256 of the raw body>} (GitHub, Bitbucket), checking the length before
     * stripping the prefix.
     *
     * @throws InvalidSignatureException when the header is missing, lacks the prefix, or does not match
     */
    public static void requirePrefixedHexHmacSha256(WebhookRequest request, String header, String secret) {
        String signature = request.header(header)
                .orElseThrow(() -> new InvalidSignatureException(header + " is missing"));
        if (signature.length() <= SHA256_PREFIX.length() || !signature.startsWith(SHA256_PREFIX)) {
            throw new InvalidSignatureException(header + " is malformed: expected sha256=<hex>");
        }
        requireHexHmacSha256(signature.substring(SHA256_PREFIX.length()), secret, request.body(), header);
    }

    /**
     * Checks {@code header: sha1=<hex HMAC-SHA1 of the raw body>}, the legacy GitHub signature ({@link #hmacSha1}),
     * checking the length before stripping the prefix and comparing in constant time.
     *
     * @throws InvalidSignatureException when the header is missing, lacks the prefix, is not 40 hex characters, or
     *         does not match
     */
    public static void requirePrefixedHexHmacSha1(WebhookRequest request, String header, String secret) {
        String signature = request.header(header)
                .orElseThrow(() -> new InvalidSignatureException(header + " is missing"));
        if (signature.length() <= SHA1_PREFIX.length() || !signature.startsWith(SHA1_PREFIX)) {
            throw new InvalidSignatureException(header + " is malformed: expected sha1=<hex>");
        }
        byte[] body = request.body();
        requireHexDigest(signature.substring(SHA1_PREFIX.length()), 40, header, () -> hmacSha1(secret, body));
    }

    /**
     * Checks a bare hex HMAC-SHA256 in {@code header} over the JSON the delivery carries ({@link Payloads#jsonBytes}),
     * as Gitea, Forgejo and Gogs sign it, also when they send it as a form.
     *
     * @throws InvalidSignatureException when the header is missing or empty, the form cannot be read, or it does not match
     */
    public static void requireBareHexHmacSha256(WebhookRequest request, String header, String secret) {
        String signature = request.header(header)
                .orElseThrow(() -> new InvalidSignatureException(header + " is missing"));
        rejectEmpty(signature, header);
        byte[] signed;
        try {
            signed = Payloads.jsonBytes(request);
        } catch (MalformedPayloadException e) {
            throw new InvalidSignatureException(header + " cannot be checked: the " + e.getMessage(), e);
        }
        requireHexHmacSha256(signature, secret, signed, header);
    }

    /**
     * Checks that {@code header} carries the hook's secret verbatim, comparing fixed-length digests so that the time
     * taken reveals neither the secret's content nor its length.
     *
     * @throws InvalidSignatureException when the header is missing or is not the secret
     */
    public static void requireSecretHeader(WebhookRequest request, String header, String secret) {
        String received = request.header(header)
                .orElseThrow(() -> new InvalidSignatureException(header + " is missing"));
        if (!secretEquals(received, secret)) {
            throw new InvalidSignatureException(header + " does not match the hook's secret");
        }
    }

    /** True when {@code received} is the secret, compared in constant time over SHA-256 digests of both. */
    public static boolean secretEquals(String received, String secret) {
        return MessageDigest.isEqual(sha256(received.getBytes(StandardCharsets.UTF_8)),
                sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Rejects a signature or secret header that is present but empty, which is how providers send a webhook that
     * has no secret.
     *
     * @throws InvalidSignatureException when {@code value} is empty
     */
    public static void rejectEmpty(String value, String header) {
        if (value.isEmpty()) {
            throw new InvalidSignatureException(header
                    + " is empty: the webhook has no secret; set the hook's secret on it");
        }
    }

    /**
     * The first of {@code headers} the delivery carries with a non-blank value, else {@link #bodyDeliveryId}.
     *
     * @throws MalformedPayloadException when that header's value is not a well-formed delivery id
     *         ({@link DeliveryNames#requireDeliveryId})
     */
    public static String deliveryId(WebhookRequest request, String... headers) {
        for (String header : headers) {
            String value = request.header(header).orElse("");
            if (!value.isBlank()) {
                return DeliveryNames.requireDeliveryId(value, header);
            }
        }
        return bodyDeliveryId(request);
    }

    /** A delivery id derived from the body, {@code body-<sha256 hex>}: the same for a resend of the same body. */
    public static String bodyDeliveryId(WebhookRequest request) {
        return BODY_ID_PREFIX + hex(sha256(request.body()));
    }

    /** True for an id {@link #bodyDeliveryId} made: one gitbridge derived, not one the provider sent. */
    public static boolean isBodyDeliveryId(String id) {
        return id.startsWith(BODY_ID_PREFIX);
    }

    /** Lower-case hex of the bytes. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
