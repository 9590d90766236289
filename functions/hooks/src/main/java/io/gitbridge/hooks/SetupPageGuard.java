package io.gitbridge.hooks;

import io.gitbridge.provider.github.app.Installation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What keeps the public setup page from spending the app's GitHub rate limit (which installation-token minting shares):
 * GitHub's answer for an installation id is remembered for {@link #CACHE_TTL} (an installation or "not this app's"), at
 * most {@link #MAX_ENTRIES} ids, least recently used first out; and calls to GitHub from the page are limited by a
 * token bucket of {@link #BURST} calls refilled one per {@link #REFILL}. Per container (a Lambda execution
 * environment, or the local runner); API Gateway's route throttling (template.yaml) bounds the whole. Thread-safe.
 */
final class SetupPageGuard {

    /** How long an answer is remembered: a person who just installed reloads within seconds. */
    static final Duration CACHE_TTL = Duration.ofSeconds(60);
    /** The most ids remembered. */
    static final int MAX_ENTRIES = 1_000;
    /** Calls to GitHub allowed at once: a few installers at the same moment. */
    static final int BURST = 10;
    /** One more call allowed per this much time: at most 600 an hour, 12% of GitHub's 5,000 for an app. */
    static final Duration REFILL = Duration.ofSeconds(6);

    /** A remembered answer: the installation, or empty when GitHub said the app has none with that id. */
    record Entry(Optional<Installation> installation, Instant until) {
    }

    private final Clock clock;
    private final Map<String, Entry> answers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private double tokens = BURST;
    private Instant refilledAt;

    SetupPageGuard(Clock clock) {
        this.clock = clock;
        this.refilledAt = clock.instant();
    }

    /** GitHub's remembered answer about installation {@code id} of app {@code appId}; empty when none is fresh. */
    synchronized Optional<Entry> remembered(long appId, long id) {
        String key = appId + ":" + id;
        Entry entry = answers.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            answers.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /** Remembers GitHub's answer about installation {@code id} of app {@code appId}. */
    synchronized void remember(long appId, long id, Optional<Installation> installation) {
        answers.put(appId + ":" + id, new Entry(installation, clock.instant().plus(CACHE_TTL)));
    }

    /**
     * Takes one call to GitHub from the bucket.
     *
     * @return empty when the call may be made; else the whole seconds to wait for the next one (at least 1)
     */
    synchronized Optional<Long> takeCall() {
        Instant now = clock.instant();
        if (now.isAfter(refilledAt)) {
            tokens = Math.min(BURST, tokens + (double) Duration.between(refilledAt, now).toNanos() / REFILL.toNanos());
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.empty();
        }
        long waitNanos = (long) Math.ceil((1 - tokens) * REFILL.toNanos());
        return Optional.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
    }
}
