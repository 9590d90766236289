package io.gitbridge.provider.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a rate-limited caller should wait, from a provider's {@code Retry-After} (delta-seconds or an HTTP-date,
 * RFC 9110 section 10.2.3) or, failing that, its {@code X-RateLimit-Reset} / {@code RateLimit-Reset} (the Unix time in
 * seconds when the window resets, as GitHub and GitLab send it; a small number is taken as seconds from now). Always
 * between {@value #MIN_SECONDS} and {@value #MAX_SECONDS} seconds, {@value #DEFAULT_SECONDS} when neither header reads.
 */
public final class RetryAfter {

    /** The shortest wait answered. */
    public static final long MIN_SECONDS = 1;
    /** The longest wait answered: a provider's hour-long window is the longest a client should be told to sleep. */
    public static final long MAX_SECONDS = 3600;
    /** The wait answered when the provider says nothing readable. */
    public static final long DEFAULT_SECONDS = 60;

    /** Below this, a reset value is a number of seconds, not a Unix time (2001-09-09). */
    private static final long UNIX_TIME_FLOOR = 1_000_000_000L;

    private RetryAfter() {
    }

    /** The wait in seconds, on the system clock. */
    public static long seconds(Optional<String> retryAfter, Optional<String> reset) {
        return seconds(retryAfter, reset, Clock.systemUTC());
    }

    /** The wait in seconds, {@code clock} telling the time for dates and reset times. */
    public static long seconds(Optional<String> retryAfter, Optional<String> reset, Clock clock) {
        Instant now = clock.instant();
        Optional<Long> wait = retryAfter.flatMap(value -> delay(value.trim(), now));
        if (wait.isEmpty()) {
            wait = reset.flatMap(value -> number(value.trim()))
                    .map(value -> value < UNIX_TIME_FLOOR ? value : value - now.getEpochSecond());
        }
        return Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, wait.orElse(DEFAULT_SECONDS)));
    }

    private static Optional<Long> delay(String value, Instant now) {
        Optional<Long> seconds = number(value);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.getEpochSecond() - now.getEpochSecond());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(value));
    }
}
