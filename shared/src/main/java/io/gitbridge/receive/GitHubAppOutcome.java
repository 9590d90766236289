package io.gitbridge.receive;

import io.gitbridge.provider.github.app.Installation;
import java.util.List;

/** What the GitHub App's webhook did with a delivery it accepted or could not take. */
public sealed interface GitHubAppOutcome {

    /** No app is stored, so there is no secret to verify with. */
    record NoApp(String reason) implements GitHubAppOutcome {
    }

    /** A {@code ping}, answered. */
    record Pong(String deliveryId) implements GitHubAppOutcome {
    }

    /**
     * An {@code installation} or {@code installation_repositories} delivery.
     *
     * @param installation the record it led to; null when the action is not recorded
     * @param recorded whether the store took it (false when the action is not recorded, or a newer state is stored)
     * @param reason why it was not recorded; null when it was
     */
    record InstallationChange(String deliveryId, String event, String action, Installation installation,
            boolean recorded, String reason) implements GitHubAppOutcome {
    }

    /**
     * A {@code push} or {@code workflow_run}, given to every hook routed to its repository.
     *
     * @param repository the repository as the delivery names it, for the answer ({@code owner/name}, or
     *     {@code id <n>} when it names no full name)
     * @param hooks what each routed hook did with it, in routing order; empty when no hook is routed to the repository
     * @param reason why nothing was queued when no hook queued it, else null
     */
    record Routed(String deliveryId, String event, String repository, List<HookResult> hooks, String reason)
            implements GitHubAppOutcome {

        public Routed {
            hooks = List.copyOf(hooks);
        }

        /** {@code queued} when a hook queued it, else {@code duplicate} when a hook had queued it before, else {@code ignored}. */
        public String status() {
            if (hooks.stream().anyMatch(hook -> hook.outcome() instanceof ReceiveOutcome.Queued)) {
                return "queued";
            }
            return hooks.stream().anyMatch(hook -> hook.outcome() instanceof ReceiveOutcome.Duplicate)
                    ? "duplicate" : "ignored";
        }

        /** The hooks that queued a sync. */
        public List<String> queued() {
            return hooks.stream().filter(hook -> hook.outcome() instanceof ReceiveOutcome.Queued)
                    .map(HookResult::hookId).toList();
        }
    }

    /**
     * One routed hook's part of a delivery.
     *
     * @param outcome {@link ReceiveOutcome.Queued}, {@link ReceiveOutcome.Duplicate} or {@link ReceiveOutcome.Ignored}
     *     (also for a hook that no longer exists or is not a GitHub hook)
     */
    record HookResult(String hookId, ReceiveOutcome outcome) {
    }
}
