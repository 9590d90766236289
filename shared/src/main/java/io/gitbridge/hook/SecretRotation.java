package io.gitbridge.hook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The secret a hook had before its latest rotation ({@code POST /hooks/{id}/secret}), still accepted by the receiver
 * until {@code previousValidUntil}, so that deliveries the provider signs with it while its webhook is being changed
 * are not refused. A second rotation within the grace period replaces the previous secret with the one current
 * before it: only one previous secret is ever kept.
 *
 * @param previousSecret the secret before the rotation; stored like the current secret, never returned or logged
 * @param previousValidUntil the first instant at which the previous secret is no longer accepted
 */
public record SecretRotation(String previousSecret, Instant previousValidUntil) {

    public SecretRotation {
        Objects.requireNonNull(previousSecret, "previousSecret");
        Objects.requireNonNull(previousValidUntil, "previousValidUntil");
    }

    /** The previous secret when it is still accepted at {@code now}. */
    public Optional<String> acceptedAt(Instant now) {
        return now.isBefore(previousValidUntil) ? Optional.of(previousSecret) : Optional.empty();
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "SecretRotation[previousSecret=***, previousValidUntil=" + previousValidUntil + "]";
    }
}
