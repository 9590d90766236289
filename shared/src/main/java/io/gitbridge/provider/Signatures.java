package io.gitbridge.provider;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC and constant-time comparisons shared by the providers. */
public final class Signatures {

    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {
    }

    /** HMAC-SHA256 of {@code body} keyed with the UTF-8 bytes of {@code secret}. */
    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Checks a hex-encoded HMAC-SHA256 against the one computed over {@code body}, in constant time.
     *
     * @param hex the received digest, 64 hex characters, either case
     * @throws InvalidSignatureException when it is not 64 hex characters or does not match
     */
    public static void requireHexHmacSha256(String hex, String secret, byte[] body, String header) {
        if (hex.length() != 64) {
            throw new InvalidSignatureException(header + " is malformed: expected 64 hex characters");
        }
        byte[] received;
        try {
            received = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(header + " is malformed: not hexadecimal", e);
        }
        if (!MessageDigest.isEqual(received, hmacSha256(secret, body))) {
            throw new InvalidSignatureException(header + " does not match the body signed with the hook's secret");
        }
    }

    /** Lower-case hex of the bytes. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
