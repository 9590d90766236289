package io.gitbridge.aws;

import java.time.Duration;

/**
 * How long one SDK call may take, set explicitly on every client so that a store or queue that does not answer
 * costs a bounded time instead of the SDK's defaults (no call timeout; DynamoDB's legacy policy retried up to 8
 * times).
 *
 * @param attempt the longest one HTTP attempt may take ({@code apiCallAttemptTimeout})
 * @param call the longest a call may take with all its attempts and back-off ({@code apiCallTimeout})
 * @param maxAttempts attempts per call, the first included
 */
public record CallTimeouts(Duration attempt, Duration call, int maxAttempts) {

    /**
     * For the receiver, which must answer the provider well within its delivery timeout (GitHub 10 s, Gitea 5 s):
     * one call gives up after 2 s, so a push's four calls (hook, claim, send, confirm) answer within 5 s even when
     * one store hangs, because the handler answers 503 at the first call that fails.
     */
    public static final CallTimeouts RECEIVER = new CallTimeouts(Duration.ofMillis(1000), Duration.ofMillis(2000), 3);

    /** For the admin and sync functions (timeouts 29 s and 120 s): generous, but still bounded. */
    public static final CallTimeouts STANDARD = new CallTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(8), 3);

    public CallTimeouts {
        if (attempt.compareTo(call) > 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("an attempt cannot outlast its call, and a call makes one attempt");
        }
    }
}
