package io.gitbridge.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void seconds_takesDeltaSeconds_fromRetryAfter() {
        assertThat(RetryAfter.seconds(Optional.of(" 42 "), Optional.of("9999999999"), CLOCK)).isEqualTo(42);
    }

    @Test
    void seconds_takesAnHttpDate_fromRetryAfter() {
        assertThat(RetryAfter.seconds(Optional.of("Mon, 30 Nov 2026 04:02:30 GMT"), Optional.empty(), CLOCK))
                .isEqualTo(150);
    }

    @Test
    void seconds_takesTheResetTime_whenThereIsNoRetryAfter() {
        long reset = NOW.getEpochSecond() + 300;
        assertThat(RetryAfter.seconds(Optional.empty(), Optional.of(Long.toString(reset)), CLOCK)).isEqualTo(300);
    }

    @Test
    void seconds_takesASmallResetAsSecondsFromNow() {
        assertThat(RetryAfter.seconds(Optional.empty(), Optional.of("30"), CLOCK)).isEqualTo(30);
    }

    @Test
    void seconds_isBounded_toAnHour_andAtLeastOneSecond() {
        assertThat(RetryAfter.seconds(Optional.of("86400"), Optional.empty(), CLOCK)).isEqualTo(RetryAfter.MAX_SECONDS);
        assertThat(RetryAfter.seconds(Optional.of("0"), Optional.empty(), CLOCK)).isEqualTo(RetryAfter.MIN_SECONDS);
        long past = NOW.getEpochSecond() - 50;
        assertThat(RetryAfter.seconds(Optional.empty(), Optional.of(Long.toString(past)), CLOCK))
                .isEqualTo(RetryAfter.MIN_SECONDS);
    }

    @Test
    void seconds_isTheDefault_whenNothingReads() {
        assertThat(RetryAfter.seconds(Optional.of("soon"), Optional.of("-5"), CLOCK))
                .isEqualTo(RetryAfter.DEFAULT_SECONDS);
        assertThat(RetryAfter.seconds(Optional.empty(), Optional.empty(), CLOCK)).isEqualTo(RetryAfter.DEFAULT_SECONDS);
        assertThat(RetryAfter.seconds(Optional.of("99999999999999999999999"), Optional.empty(), CLOCK))
                .isEqualTo(RetryAfter.DEFAULT_SECONDS);
    }
}
