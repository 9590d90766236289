package io.gitbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundsTest {

    @Test
    void isId_acceptsVisibleAscii_upTo128Characters() {
        assertThat(Bounds.isId("hk_abc")).isTrue();
        assertThat(Bounds.isId("6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60")).isTrue();
        assertThat(Bounds.isId("x".repeat(128))).isTrue();
    }

    @Test
    void isId_refusesEmptyLongSpacedControlAndNonAsciiValues() {
        assertThat(Bounds.isId(null)).isFalse();
        assertThat(Bounds.isId("")).isFalse();
        assertThat(Bounds.isId("x".repeat(129))).isFalse();
        assertThat(Bounds.isId("a b")).isFalse();
        assertThat(Bounds.isId("a\tb")).isFalse();
        assertThat(Bounds.isId("a\u007fb")).isFalse();
        assertThat(Bounds.isId("caf\u00e9")).isFalse();
    }

    @Test
    void requireId_namesTheValue_withOnlyACutPrefixOfIt() {
        String huge = "d".repeat(1_000_000);

        assertThatThrownBy(() -> Bounds.requireId("delivery id", huge))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("delivery id must be 1 to 128 visible ASCII characters, got 1000000 characters")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void requireText_refusesControlCharactersAndOverLongValues() {
        assertThat(Bounds.requireText("ref", "refs/heads/main", 1024)).isEqualTo("refs/heads/main");
        assertThat(Bounds.requireText("ref", null, 1024)).isNull();
        assertThatThrownBy(() -> Bounds.requireText("ref", "refs/heads/a\u0000b", 1024))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("without control characters");
        assertThatThrownBy(() -> Bounds.requireText("ref", "r".repeat(1025), 1024))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("at most 1024 characters");
    }

    @Test
    void reasonAndEvent_areCutAndFreeOfControls() {
        assertThat(Bounds.reason("ref " + "r".repeat(1_000_000) + " is not main")).hasSize(Bounds.MAX_REASON_LENGTH)
                .endsWith("…");
        assertThat(Bounds.event("push\nforged log line")).isEqualTo("push?forged log line");
        assertThat(Bounds.event("e".repeat(500))).hasSize(Bounds.MAX_EVENT_LENGTH);
        assertThat(Bounds.reason(null)).isNull();
    }

    @Test
    void cut_neverSplitsASurrogatePair() {
        String emoji = "x".repeat(Bounds.MAX_ECHO_LENGTH - 2) + "\uD83D\uDE00" + "tail";

        String cut = Bounds.cut(emoji);

        assertThat(cut).endsWith("x…");
        assertThat(cut.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }

    @Test
    void cut_replacesBidirectionalOverridesAndIsolates_soAnEchoReadsAsItIs() {
        assertThat(Bounds.cut("alice\u202Eeci\u2066la\u2069\u200F")).isEqualTo("alice?eci?la??");
        assertThat(Bounds.reason("a\u202Bb\u061C")).isEqualTo("a?b?");
        assertThat(Bounds.cut("café 👍\u200D🙂")).isEqualTo("café 👍\u200D🙂");
    }
}
