package io.gitbridge.provider;

import static io.gitbridge.provider.TestRequests.SECRET;
import static io.gitbridge.provider.TestRequests.hexHmac;
import static io.gitbridge.provider.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturesTest {

    private static final byte[] BODY = utf8("{\"ref\":\"refs/heads/main\"}");

    @Test
    void requirePrefixedHexHmacSha256_acceptsSha256OfTheBody() {
        Signatures.requirePrefixedHexHmacSha256(
                new WebhookRequest(Map.of("X-Sig", "sha256=" + hexHmac(SECRET, BODY)), BODY), "X-Sig", SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "sha256", "sha256=", "sha1=ab", "SHA256=ab"})
    void requirePrefixedHexHmacSha256_rejectsAHeaderWithoutItsPrefix_beforeSlicingIt(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("X-Sig", header), BODY);

        assertThatThrownBy(() -> Signatures.requirePrefixedHexHmacSha256(request, "X-Sig", SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Sig is malformed: expected sha256=<hex>");
    }

    @Test
    void requireBareHexHmacSha256_signsTheJsonInsideAForm() {
        byte[] form = utf8("payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmain%22%7D");
        WebhookRequest request = new WebhookRequest(Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Sig", hexHmac(SECRET, BODY)), form);

        Signatures.requireBareHexHmacSha256(request, "X-Sig", SECRET);
    }

    @Test
    void requireBareHexHmacSha256_rejectsAnEmptyHeader_asAWebhookWithoutSecret() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Sig", ""), BODY);

        assertThatThrownBy(() -> Signatures.requireBareHexHmacSha256(request, "X-Sig", SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Sig is empty: the webhook has no secret; set the hook's secret on it");
    }

    @Test
    void requireBareHexHmacSha256_keepsTheCause_whenTheFormCannotBeRead() {
        WebhookRequest request = new WebhookRequest(Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Sig", hexHmac(SECRET, BODY)), utf8("payload=%zz"));

        assertThatThrownBy(() -> Signatures.requireBareHexHmacSha256(request, "X-Sig", SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Sig cannot be checked: the form body is not URL-encoded")
                .hasCauseInstanceOf(MalformedPayloadException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "g", "gitbridge-example-secret-012345678", "gitbridge-example-secret-01234567890",
            "GITBRIDGE-EXAMPLE-SECRET-0123456789"})
    void secretEquals_isFalse_forAnyOtherString(String received) {
        assertThat(Signatures.secretEquals(received, SECRET)).isFalse();
    }

    @Test
    void secretEquals_isTrue_forTheSecret() {
        assertThat(Signatures.secretEquals(new String(SECRET), SECRET)).isTrue();
    }

    @Test
    void requireSecretHeader_namesTheHeader() {
        assertThatThrownBy(() -> Signatures.requireSecretHeader(new WebhookRequest(Map.of(), BODY), "X-Token", SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Token is missing");
        assertThatThrownBy(() -> Signatures.requireSecretHeader(
                new WebhookRequest(Map.of("x-token", "wrong"), BODY), "X-Token", SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Token does not match the hook's secret");
    }

    @Test
    void deliveryId_isTheFirstNonBlankHeader() {
        WebhookRequest request = new WebhookRequest(Map.of("A", " ", "B", "b-1", "C", "c-1"), BODY);

        assertThat(Signatures.deliveryId(request, "A", "B", "C")).isEqualTo("b-1");
    }

    @Test
    void deliveryId_isTheBodysSha256_whenNoHeaderHasOne() {
        WebhookRequest request = new WebhookRequest(Map.of("A", ""), BODY);

        assertThat(Signatures.deliveryId(request, "A", "B"))
                .isEqualTo(Signatures.bodyDeliveryId(request))
                .isEqualTo("body-" + java.util.HexFormat.of().formatHex(sha256(BODY)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void requirePrefixedHexHmacSha1_acceptsSha1OfTheRawBody() {
        Signatures.requirePrefixedHexHmacSha1(new WebhookRequest(Map.of("X-Hub-Signature",
                "sha1=" + io.gitbridge.testkit.deliveries.Hmac.sha1Hex(SECRET, BODY)), BODY), "X-Hub-Signature", SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "sha1", "sha1=", "sha256=ab", "SHA1=ab"})
    void requirePrefixedHexHmacSha1_rejectsAHeaderWithoutItsPrefix_beforeSlicingIt(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("X-Hub-Signature", header), BODY);

        assertThatThrownBy(() -> Signatures.requirePrefixedHexHmacSha1(request, "X-Hub-Signature", SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature is malformed: expected sha1=<hex>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1=757107ea", "sha1=abababababababababababababababababababababababababababababababab"})
    void requirePrefixedHexHmacSha1_rejectsADigestOfAnotherLength(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("X-Hub-Signature", header), BODY);

        assertThatThrownBy(() -> Signatures.requirePrefixedHexHmacSha1(request, "X-Hub-Signature", SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature is malformed: expected 40 hex characters");
    }

    @Test
    void requirePrefixedHexHmacSha1_rejectsTheBodySignedWithAnotherSecret() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Hub-Signature",
                "sha1=" + io.gitbridge.testkit.deliveries.Hmac.sha1Hex("another-secret", BODY)), BODY);

        assertThatThrownBy(() -> Signatures.requirePrefixedHexHmacSha1(request, "X-Hub-Signature", SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature does not match the body signed with the hook's secret");
    }

    /**
     * Both signature forms reach one comparison, and that comparison is {@code MessageDigest.isEqual} (constant time),
     * never {@code Arrays.equals} or a string comparison: checked on the compiled code, since timing is not testable.
     */
    @Test
    void prefixedHexHmacs_compareInConstantTime() {
        com.tngtech.archunit.core.domain.JavaClass signatures = new com.tngtech.archunit.core.importer.ClassFileImporter()
                .importClass(Signatures.class);
        java.util.function.Function<String, java.util.Set<String>> calls = name -> signatures.getMethods().stream()
                .filter(method -> method.getName().equals(name))
                .flatMap(method -> method.getMethodCallsFromSelf().stream())
                .map(call -> call.getTarget().getOwner().getName() + "." + call.getTarget().getName())
                .collect(java.util.stream.Collectors.toSet());

        assertThat(calls.apply("requireHexDigest")).contains("java.security.MessageDigest.isEqual")
                .doesNotContain("java.util.Arrays.equals", "java.lang.String.equals");
        assertThat(calls.apply("requirePrefixedHexHmacSha1")).contains(Signatures.class.getName() + ".requireHexDigest");
        assertThat(calls.apply("requireHexHmacSha256")).contains(Signatures.class.getName() + ".requireHexDigest");
        assertThat(calls.apply("requirePrefixedHexHmacSha256"))
                .contains(Signatures.class.getName() + ".requireHexHmacSha256");
    }
}
