package io.gitbridge.sync.store;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the work-repository store is reached and bounded.
 *
 * @param bucket the bucket holding the objects
 * @param prefix the key prefix of every object, e.g. {@code work/} (each hook's objects live under
 *        {@code <prefix><hook id>/})
 * @param region the bucket's region
 * @param endpoint another S3 endpoint than AWS's (an S3-compatible server), path-style; empty for AWS
 * @param maxBytes a hook's packs in the store at most: a restore of more is refused, an upload that would pass it is
 *        cut off
 * @param consolidateAfter the most packs kept per work repository: a save that would add one more writes one pack of
 *        everything instead
 * @param refreshAfter replace the stored packs by one when the oldest is older, so that no live object reaches the
 *        bucket's lifecycle expiry
 * @param restoreTimeout the longest a restore may take before the sync fetches everything instead
 * @param saveTimeout the longest a save may take
 * @param syncBudget the time one queue record may take ({@code SYNC_RECORD_BUDGET_SECONDS}): a save starts only
 *        within it
 */
public record StoreSettings(String bucket, String prefix, String region, Optional<URI> endpoint, long maxBytes,
        int consolidateAfter, Duration refreshAfter, Duration restoreTimeout, Duration saveTimeout,
        Duration syncBudget) {

    /** The variable naming the bucket; the store is off when it is unset or empty. */
    public static final String BUCKET = "WORK_STORE_BUCKET";
    static final String DEFAULT_PREFIX = "work/";
    static final long DEFAULT_MAX_MB = 1024;
    static final int DEFAULT_CONSOLIDATE_AFTER = 16;
    static final Duration DEFAULT_REFRESH_AFTER = Duration.ofDays(7);
    static final Duration DEFAULT_RESTORE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_SAVE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_SYNC_BUDGET = Duration.ofSeconds(200);

    public StoreSettings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("a bucket is required");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (maxBytes < 1 || consolidateAfter < 1) {
            throw new IllegalArgumentException("maxBytes and consolidateAfter must be positive");
        }
    }

    /** The defaults for {@code bucket} in {@code region}, at {@code endpoint} (empty: AWS). */
    public static StoreSettings of(String bucket, String region, Optional<URI> endpoint) {
        return new StoreSettings(bucket, DEFAULT_PREFIX, region, endpoint, DEFAULT_MAX_MB * 1024 * 1024,
                DEFAULT_CONSOLIDATE_AFTER, DEFAULT_REFRESH_AFTER, DEFAULT_RESTORE_TIMEOUT, DEFAULT_SAVE_TIMEOUT,
                DEFAULT_SYNC_BUDGET);
    }

    /**
     * Reads {@value #BUCKET} (empty when unset or blank: no store), {@code WORK_STORE_PREFIX}, {@code WORK_STORE_MAX_MB},
     * {@code WORK_STORE_CONSOLIDATE_AFTER}, {@code WORK_STORE_REFRESH_DAYS}, {@code AWS_REGION},
     * {@code AWS_ENDPOINT_URL_S3} (as the SDK names a per-service endpoint) and {@code SYNC_RECORD_BUDGET_SECONDS}.
     *
     * @throws IllegalStateException when a number is not a whole number or the region is missing
     */
    public static Optional<StoreSettings> fromEnvironment(Map<String, String> env) {
        Optional<String> bucket = value(env, BUCKET);
        if (bucket.isEmpty()) {
            return Optional.empty();
        }
        String region = value(env, "AWS_REGION")
                .orElseThrow(() -> new IllegalStateException("AWS_REGION is required with " + BUCKET));
        try {
            StoreSettings defaults = of(bucket.get(), region, value(env, "AWS_ENDPOINT_URL_S3").map(URI::create));
            return Optional.of(new StoreSettings(bucket.get(), value(env, "WORK_STORE_PREFIX").orElse(DEFAULT_PREFIX),
                    region, defaults.endpoint(),
                    value(env, "WORK_STORE_MAX_MB").map(Long::parseLong).orElse(DEFAULT_MAX_MB) * 1024 * 1024,
                    value(env, "WORK_STORE_CONSOLIDATE_AFTER").map(Integer::parseInt).orElse(DEFAULT_CONSOLIDATE_AFTER),
                    value(env, "WORK_STORE_REFRESH_DAYS").map(Long::parseLong).map(Duration::ofDays)
                            .orElse(DEFAULT_REFRESH_AFTER),
                    DEFAULT_RESTORE_TIMEOUT, DEFAULT_SAVE_TIMEOUT,
                    value(env, "SYNC_RECORD_BUDGET_SECONDS").map(Long::parseLong).map(Duration::ofSeconds)
                            .orElse(DEFAULT_SYNC_BUDGET)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the work store's settings are not valid: " + e.getMessage(), e);
        }
    }

    /** The same settings with other time bounds (tests, benchmarks). */
    public StoreSettings withTimeouts(Duration restore, Duration save, Duration budget) {
        return new StoreSettings(bucket, prefix, region, endpoint, maxBytes, consolidateAfter, refreshAfter, restore,
                save, budget);
    }

    /** The same settings with another pack count that triggers consolidation. */
    public StoreSettings withConsolidateAfter(int packs) {
        return new StoreSettings(bucket, prefix, region, endpoint, maxBytes, packs, refreshAfter, restoreTimeout,
                saveTimeout, syncBudget);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
