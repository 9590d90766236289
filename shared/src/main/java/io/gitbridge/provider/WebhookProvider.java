package io.gitbridge.provider;

import io.gitbridge.hook.HookEvents;
import java.util.Optional;
import java.util.Set;

/**
 * One Git provider's webhook protocol. Implementations are stateless and thread-safe.
 * The receiver always calls {@link #verify} before anything else reads the body.
 */
public interface WebhookProvider {

    /** The provider's value in a hook's {@code provider} field, e.g. {@code github}. */
    String id();

    /** The event kinds this provider can deliver; a hook may subscribe only to these. */
    Set<EventKind> supportedEvents();

    /** The HTTPS user name that goes with a token, as the password, when cloning from this provider. */
    String cloneUsername();

    /** The HTTPS credentials that carry {@code token} when cloning from this provider. */
    default GitCredentials cloneCredentials(String token) {
        return new GitCredentials(cloneUsername(), token);
    }

    /**
     * What is wrong with {@code secret} as this provider's hook secret, checked when a hook is saved so that a secret
     * every delivery would fail on is refused up front; empty when it is fine.
     */
    default Optional<String> secretProblem(String secret) {
        return Optional.empty();
    }

    /**
     * True when the delivery's headers show that this provider sent it, whatever the hook it reached.
     * Reads headers only, never the body, so it is safe before verification.
     */
    boolean sentBy(WebhookRequest request);

    /**
     * Checks that the delivery was sent by someone holding the secret, over the exact raw body.
     *
     * @throws InvalidSignatureException when the signature or token is missing, malformed or wrong
     */
    void verify(WebhookRequest request, String secret);

    /**
     * The provider's id for this delivery, stable when the provider resends it; derived from the
     * delivery itself when the provider sends none.
     */
    String deliveryId(WebhookRequest request);

    /**
     * Says what a verified delivery means for a hook on {@code branch} subscribed to {@code events}.
     *
     * @throws UnsupportedEventException for event types gitbridge does not handle or the hook did not subscribe to
     * @throws MalformedPayloadException when the body cannot be read as this provider's payload
     */
    WebhookEvent classify(WebhookRequest request, String branch, HookEvents events);
}
