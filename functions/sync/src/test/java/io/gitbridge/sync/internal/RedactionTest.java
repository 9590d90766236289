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
}
