package io.gitbridge.sync;

/**
 * Whether retrying a failed sync can help without anyone acting, which decides how long it is retried before
 * its request is dead-lettered.
 */
public enum RetryClass {
    /** A network error, a 5xx, a timeout, a concurrent push, a damaged work repository: retried for hours. */
    TRANSIENT,
    /**
     * A rejected token, a missing repository, branch or commit, a URL the policy refuses, a server rule that
     * declines the push: the hook's admin must act, so it is retried only a few times.
     */
    PERMANENT
}
