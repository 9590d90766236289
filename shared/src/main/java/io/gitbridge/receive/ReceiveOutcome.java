package io.gitbridge.receive;

/** What the receiver did with a delivery it accepted or could not route. */
public sealed interface ReceiveOutcome {

    /** No hook has the id in the URL. */
    record UnknownHook(String hookId) implements ReceiveOutcome {
    }

    /** A ping or test delivery, answered. */
    record Pong() implements ReceiveOutcome {
    }

    /** A subscribed event that needs no sync, with the reason. */
    record Ignored(String reason) implements ReceiveOutcome {
    }

    /** A delivery this hook has already queued. */
    record Duplicate(String deliveryId) implements ReceiveOutcome {
    }

    /** A sync request was queued. */
    record Queued(String deliveryId, String commit) implements ReceiveOutcome {
    }
}
