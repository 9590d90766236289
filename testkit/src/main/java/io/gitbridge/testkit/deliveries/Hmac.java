package io.gitbridge.testkit.deliveries;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 (and the legacy HMAC-SHA1) for signing test deliveries, written independently of the code under test. */
public final class Hmac {

    private Hmac() {
    }

    /** Lower-case hex of HMAC-SHA256(secret, body). */
    public static String sha256Hex(String secret, byte[] body) {
        return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** HMAC-SHA256 with a raw key. */
    public static byte[] sha256(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex of HMAC-SHA1(secret, body): GitHub's legacy {@code X-Hub-Signature: sha1=<hex>}. */
    public static String sha1Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
