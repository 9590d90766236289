package io.gitbridge.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void apply_removesUserInfoFromEveryUrl() {
        Redaction redaction = new Redaction(List.of());

        assertThat(redaction.apply("cannot reach https://x-access-token:ghs_1@github.com/o/r and http://tok@h/x"))
                .isEqualTo("cannot reach https://github.com/o/r and http://h/x");
    }

    @Test
    void apply_masksKnownSecrets_longestFirst() {
        Redaction redaction = new Redaction(Arrays.asList("abc", "abcdef", null, " "));

        assertThat(redaction.apply("token abcdef then abc")).isEqualTo("token *** then ***");
    }

    @Test
    void apply_keepsNull() {
        assertThat(new Redaction(List.of("s")).apply(null)).isNull();
    }

    @Test
    void of_masksThePasswordInEveryEncodingAServerCouldEcho() {
        String token = "glpat-a/b+c=d e";
        Redaction redaction = Redaction.of(List.of(new Redaction.Credential("oauth2", token)));
        String basic = java.util.Base64.getEncoder().encodeToString(("oauth2:" + token).getBytes());
        String urlSafe = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("oauth2:" + token).getBytes());

        assertThat(redaction.apply("raw " + token + " form glpat-a%2Fb%2Bc%3Dd+e path glpat-a%2Fb%2Bc%3Dd%20e"
                + " lower glpat-a%2fb%2bc%3dd%20e basic Basic " + basic + " url-safe " + urlSafe + " pair oauth2:" + token))
                .isEqualTo("raw *** form *** path *** lower *** basic Basic *** url-safe *** pair ***");
    }

    @Test
    void of_ignoresCredentialsWithoutPassword() {
        Redaction redaction = Redaction.of(List.of(new Redaction.Credential("user", null),
                new Redaction.Credential(null, " ")));

        assertThat(redaction.apply("user stays")).isEqualTo("user stays");
    }
}
