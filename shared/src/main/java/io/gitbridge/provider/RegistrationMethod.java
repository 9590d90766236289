package io.gitbridge.provider;

import java.util.Locale;
import java.util.Optional;

/**
 * How gitbridge subscribes a hook to its repository's events on the provider, when it registers anything: a hook's
 * {@code registration.method}. A small value type that both {@code hook} and {@code provider} need, so it lives here.
 */
public enum RegistrationMethod {
    /** A webhook created through the provider's REST API (every provider with a {@link WebhookRegistrar}). */
    WEBHOOK,
    /**
     * A PubSubHubbub subscription on GitHub's hub ({@code POST {apiUrl}/hub}), one per event topic; GitHub only.
     */
    PUBSUBHUBBUB;

    /** The value used on the wire and in the table: the name in lower case, e.g. {@code pubsubhubbub}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method {@code value} names exactly as {@link #wire()} spells it; empty for anything else. */
    public static Optional<RegistrationMethod> fromWire(String value) {
        for (RegistrationMethod method : values()) {
            if (method.wire().equals(value)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
