package io.gitbridge.provider;

import java.util.Optional;
import java.util.Set;

/**
 * One Git provider's webhook protocol. Implementations are stateless and thread-safe.
 * The receiver always calls {@link #verify} before anything else reads the body.
 */
public interface WebhookProvider {

    /** The event name of a delivery that does not say, or says it only in a body that may not be read yet. */
    String UNKNOWN_EVENT = "unknown";

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
     * Creates and maintains this provider's webhooks through its API, when gitbridge can; empty for a provider whose
     * webhooks the admin sets up by hand.
     */
    default Optional<WebhookRegistrar> registrar() {
        return Optional.empty();
    }

    /**
     * The ways gitbridge can register this provider's hooks ({@link RegistrationMethod#WEBHOOK} where there is a
     * {@link #registrar()}); empty for a provider whose webhooks the admin sets up by hand.
     */
    default Set<RegistrationMethod> registrationMethods() {
        return registrar().isPresent() ? java.util.EnumSet.of(RegistrationMethod.WEBHOOK)
                : java.util.EnumSet.noneOf(RegistrationMethod.class);
    }

    /** The registrar for {@code method}; empty when this provider does not have that method. */
    default Optional<WebhookRegistrar> registrar(RegistrationMethod method) {
        return method == RegistrationMethod.WEBHOOK ? registrar() : Optional.empty();
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
     *
     * @throws MalformedPayloadException when the id the delivery names is longer than
     *         {@value DeliveryNames#MAX_DELIVERY_ID} characters or holds a control character
     */
    String deliveryId(WebhookRequest request);

    /**
     * The delivery id the headers of a delivery that may not be verified claim, so that a refused delivery can be
     * matched with the provider's own log: {@link #deliveryId} read from the headers alone, never the body. Empty when
     * the headers name none (a provider that names it only in the body, such as Azure DevOps, or none at all, such as
     * GitFlic, whose ids gitbridge derives from the body) or a malformed one ({@link DeliveryNames}). Never throws.
     */
    default Optional<String> claimedDeliveryId(WebhookRequest request) {
        try {
            String id = deliveryId(new WebhookRequest(request.headers(), new byte[0]));
            return Signatures.isBodyDeliveryId(id) ? Optional.empty() : Optional.of(id);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The delivery's event as the provider names it on the wire ({@code push}, {@code Push Hook}, {@code repo:push},
     * …), for the delivery log; {@link #UNKNOWN_EVENT} when the headers name none. Reads headers only, never the body,
     * so it is safe before verification: providers that name the event only in the body (Azure DevOps, GitFlic)
     * return {@link #UNKNOWN_EVENT} here and read it in {@link #verifiedEventName}. A name that is too long or holds
     * control characters ({@link DeliveryNames}) also gives {@link #UNKNOWN_EVENT}; {@link #classify} refuses it.
     */
    String eventName(WebhookRequest request);

    /**
     * The delivery's event as {@link #eventName} gives it, also reading the body where the provider names the event
     * only there; call it only after {@link #verify} succeeded. Never throws: a body it cannot read gives
     * {@link #UNKNOWN_EVENT}.
     */
    default String verifiedEventName(WebhookRequest request) {
        return eventName(request);
    }

    /**
     * Says what a verified delivery means for a hook whose source is {@code source}, on {@code branch}, subscribed to
     * {@code events}. A push or CI event about another repository than {@code source} (an organisation or group
     * webhook, a project-wide subscription) is {@link WebhookEvent.Ignored ignored}, {@code not this hook's
     * repository}, before anything else is decided.
     *
     * @throws UnsupportedEventException for event types gitbridge does not handle or the hook did not subscribe to,
     *         from providers that do not disable a hook for such answers; GitLab and Azure DevOps, which do, answer
     *         them as {@link WebhookEvent.Ignored}
     * @throws MalformedPayloadException when the body cannot be read strictly as this provider's payload, a field the
     *         decision reads has the wrong type or an impossible value, the event name is malformed, or a push or CI
     *         payload names no repository
     */
    WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events);
}
