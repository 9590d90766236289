package io.gitbridge.provider;

/** What a verified delivery means for a hook. */
public sealed interface WebhookEvent {

    /** The provider checking that the webhook URL answers. */
    record Ping() implements WebhookEvent {
    }

    /**
     * The hook's branch should be synced to a commit.
     *
     * @param kind what triggered it
     * @param ref the full ref, e.g. {@code refs/heads/main}
     * @param commit the 40-hex commit to sync: the pushed head, or the commit CI succeeded on
     */
    record SyncTrigger(EventKind kind, String ref, String commit) implements WebhookEvent {
    }

    /**
     * A delivery the hook subscribed to that needs no sync (another branch, a tag, a deletion, a failed CI run).
     *
     * @param reason a sentence saying why, returned to the provider
     */
    record Ignored(String reason) implements WebhookEvent {
    }
}
