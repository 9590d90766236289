package io.gitbridge.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link SyncHandler} spaces and ends the retries of failed syncs.
 *
 * @param backoff how long a failed request stays invisible after its n-th receive (element n-1; the last element
 *        repeats); each at most SQS's 12-hour visibility limit
 * @param maxReceives receives of a transiently failing request before it is dead-lettered; the same number as the
 *        queue's redrive policy, which stays the safety net for invocations that crash or time out
 * @param permanentMaxReceives receives of a request that failed for a cause only the admin can fix (rejected
 *        token, missing repository or branch) before the handler moves it to the dead-letter queue itself
 * @param deadLetterQueueUrl where the handler moves dead-lettered requests; empty: it leaves them to the queue's
 *        redrive policy (then permanent causes are retried as long as transient ones)
 * @param recordBudget the time a record may take at most; a record is started only while the invocation has at
 *        least this much left (raised to the longest sync this process has seen)
 */
public record RetrySettings(List<Duration> backoff, int maxReceives, int permanentMaxReceives,
        Optional<String> deadLetterQueueUrl, Duration recordBudget) {

    /** The ladder on AWS: 10 s, 1 min, 5 min, 30 min, then every 2 h. */
    public static final String AWS_BACKOFF = "10s,1m,5m,30m,2h";
    /** The local runner's ladder, short so a developer sees the retries: 2 s, 10 s, 30 s, then every minute. */
    public static final String LOCAL_BACKOFF = "2s,10s,30s,60s";
    /** The longest visibility timeout SQS accepts. */
    public static final Duration MAX_DELAY = Duration.ofHours(12);
    /**
     * A sync is three network phases (fetch the source, fetch the build branch, push), each bounded by the git
     * timeout of 60 s per read, plus the writes of its outcome: 200 s.
     */
    public static final Duration DEFAULT_RECORD_BUDGET = Duration.ofSeconds(3 * 60 + 20);

    private static final Pattern STEP = Pattern.compile("(\\d{1,6})(s|m|h)");

    public RetrySettings {
        backoff = List.copyOf(backoff);
        if (backoff.isEmpty()) {
            throw new IllegalArgumentException("the backoff ladder needs at least one step");
        }
        for (Duration step : backoff) {
            if (step.isNegative() || step.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException("a backoff step must be between 0 s and 12 h: " + step);
            }
        }
        if (maxReceives < 1 || permanentMaxReceives < 1) {
            throw new IllegalArgumentException("receive limits must be at least 1");
        }
        Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        if (recordBudget.isNegative()) {
            throw new IllegalArgumentException("the record budget must not be negative");
        }
    }

    /** The AWS ladder, 5 receives (3 for permanent causes), no dead-letter queue of the handler's own. */
    public static RetrySettings defaults() {
        return new RetrySettings(ladder(AWS_BACKOFF), 5, 3, Optional.empty(), DEFAULT_RECORD_BUDGET);
    }

    /**
     * The local runner's settings: {@value #LOCAL_BACKOFF} unless {@code SYNC_BACKOFF} is set, the queue's
     * {@code maxReceives}, 3 receives for permanent causes, dead letters moved to {@code deadLetterQueueUrl}.
     */
    public static RetrySettings local(Map<String, String> env, int maxReceives, String deadLetterQueueUrl) {
        List<Duration> ladder = ladder(optional(env, "SYNC_BACKOFF").orElse(LOCAL_BACKOFF));
        return new RetrySettings(ladder, maxReceives, 3, Optional.of(deadLetterQueueUrl), DEFAULT_RECORD_BUDGET);
    }

    /**
     * Reads {@code SYNC_BACKOFF} (a ladder such as {@value #AWS_BACKOFF}), {@code SYNC_MAX_RECEIVES},
     * {@code SYNC_PERMANENT_MAX_RECEIVES}, {@code SYNC_DEAD_LETTER_QUEUE_URL} and {@code SYNC_RECORD_BUDGET_SECONDS};
     * each is optional and falls back to {@link #defaults()}.
     *
     * @throws IllegalStateException naming the variable that is invalid
     */
    public static RetrySettings fromEnvironment(Map<String, String> env) {
        RetrySettings defaults = defaults();
        try {
            return new RetrySettings(
                    optional(env, "SYNC_BACKOFF").map(RetrySettings::ladder).orElse(defaults.backoff()),
                    optional(env, "SYNC_MAX_RECEIVES").map(Integer::parseInt).orElse(defaults.maxReceives()),
                    optional(env, "SYNC_PERMANENT_MAX_RECEIVES").map(Integer::parseInt)
                            .orElse(defaults.permanentMaxReceives()),
                    optional(env, "SYNC_DEAD_LETTER_QUEUE_URL"),
                    optional(env, "SYNC_RECORD_BUDGET_SECONDS").map(s -> Duration.ofSeconds(Long.parseLong(s)))
                            .orElse(defaults.recordBudget()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid sync retry setting: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a ladder: comma-separated steps of a whole number and a unit, {@code s}, {@code m} or {@code h}.
     *
     * @throws IllegalArgumentException naming the step that is not one
     */
    public static List<Duration> ladder(String text) {
        List<Duration> steps = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher step = STEP.matcher(part.trim().toLowerCase(Locale.ROOT));
            if (!step.matches()) {
                throw new IllegalArgumentException("backoff step '" + cut(part) + "' is not a number with s, m or h");
            }
            long amount = Long.parseLong(step.group(1));
            steps.add(switch (step.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return steps;
    }

    /** How long a request that failed on its {@code receiveCount}-th receive (1 for the first) stays invisible. */
    public Duration delayAfter(int receiveCount) {
        return backoff.get(Math.min(Math.max(receiveCount, 1), backoff.size()) - 1);
    }

    /** The receives after which a request that failed for {@code cause} is dead-lettered. */
    public int maxReceives(RetryClass cause) {
        return cause == RetryClass.PERMANENT ? Math.min(permanentMaxReceives, maxReceives) : maxReceives;
    }

    /** These settings with the handler moving dead letters to {@code url} itself. */
    public RetrySettings withDeadLetterQueue(String url) {
        return new RetrySettings(backoff, maxReceives, permanentMaxReceives, Optional.of(url), recordBudget);
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String cut(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }
}
