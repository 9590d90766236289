package io.gitbridge.delivery;

import io.gitbridge.hook.LastSync;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of a hook's delivery log: a delivery the receiver answered, or a sync an admin asked for, with what
 * became of it.
 *
 * @param hookId the hook it was addressed to
 * @param deliveryId the entry's id: for a queued delivery the provider's delivery id (what deduplicates a resend,
 *        and what {@code redeliver} takes), for every other entry one of its own ({@link DeliveryIds})
 * @param providerDeliveryId the provider's id for the delivery, or null when it is not known (a refused delivery,
 *        a sync asked for through the admin API)
 * @param receivedAt when it arrived
 * @param event the event as the provider names it ({@code push}, {@code Push Hook}, …), {@code unknown} when the
 *        delivery does not say, or {@link #MANUAL_SYNC}
 * @param outcome what the receiver did with it
 * @param status the HTTP status it was answered with
 * @param reason why it was ignored or refused, admin-readable; null for other outcomes
 * @param commit the commit the delivery named; for a sync of the branch head, null until the sync ran and then the
 *        commit it synced; null for entries that name none
 * @param ref the full ref the commit is on, or null
 * @param sync how the sync it queued ended, or null until the sync ran
 * @param redeliveries how often an admin queued it again
 * @param verification which secret the delivery's signature verified with, {@link Verification#UNVERIFIED} for a
 *        delivery refused before or at verification (its {@code providerDeliveryId} is then only what the sender
 *        claimed), or null where it does not apply (a sync asked for through the admin API, entries logged before
 *        the field existed)
 */
public record Delivery(
        String hookId,
        String deliveryId,
        String providerDeliveryId,
        Instant receivedAt,
        String event,
        Outcome outcome,
        int status,
        String reason,
        String commit,
        String ref,
        LastSync sync,
        int redeliveries,
        Verification verification) {

    /** The event of a sync asked for through {@code POST /hooks/{id}/sync}. */
    public static final String MANUAL_SYNC = "manual sync";

    public Delivery {
        Objects.requireNonNull(hookId, "hookId");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An entry without a verification ({@code verification} null). */
    public Delivery(String hookId, String deliveryId, String providerDeliveryId, Instant receivedAt, String event,
            Outcome outcome, int status, String reason, String commit, String ref, LastSync sync, int redeliveries) {
        this(hookId, deliveryId, providerDeliveryId, receivedAt, event, outcome, status, reason, commit, ref, sync,
                redeliveries, null);
    }

    /**
     * A delivery that queued a sync, under its provider's delivery id, answered {@code 202}.
     *
     * @param providerDeliveryId the provider's id, or null for a sync asked for through the admin API
     */
    public static Delivery queued(String hookId, String deliveryId, String providerDeliveryId, Instant receivedAt,
            String event, String commit, String ref) {
        return new Delivery(hookId, deliveryId, providerDeliveryId, receivedAt, event, Outcome.QUEUED, 202, null,
                commit, ref, null, 0);
    }

    /**
     * A delivery that queued nothing, under a new entry id of its own, so that it never touches the entry of a
     * queued delivery with the same provider id.
     */
    public static Delivery logged(String hookId, String providerDeliveryId, Instant receivedAt, String event,
            Outcome outcome, int status, String reason) {
        if (outcome == Outcome.QUEUED) {
            throw new IllegalArgumentException("a queued delivery is keyed by its provider id; use queued(...)");
        }
        return new Delivery(hookId, DeliveryIds.logEntry(), providerDeliveryId, receivedAt, event, outcome, status,
                reason, null, null, null, 0);
    }

    /** This queued delivery as claimed but not yet confirmed by the queue ({@link Outcome#PENDING}). */
    public Delivery pending() {
        if (outcome != Outcome.QUEUED) {
            throw new IllegalStateException("only a queued delivery is pending before it is sent");
        }
        return new Delivery(hookId, deliveryId, providerDeliveryId, receivedAt, event, Outcome.PENDING, status, reason,
                commit, ref, sync, redeliveries, verification);
    }

    /** This entry with the commit and ref it named. */
    public Delivery withCommit(String commit, String ref) {
        return new Delivery(hookId, deliveryId, providerDeliveryId, receivedAt, event, outcome, status, reason, commit,
                ref, sync, redeliveries, verification);
    }

    /** This entry noting which secret, if any, its signature verified with. */
    public Delivery withVerification(Verification value) {
        return new Delivery(hookId, deliveryId, providerDeliveryId, receivedAt, event, outcome, status, reason, commit,
                ref, sync, redeliveries, value);
    }

    /** Which of a hook's secrets a delivery's signature verified with. */
    public enum Verification {
        /** The hook's current secret. */
        CURRENT("current"),
        /** The secret before the latest rotation, during its grace period ({@code io.gitbridge.hook.SecretRotation}). */
        PREVIOUS("previous"),
        /**
         * The GitHub App's webhook secret: the delivery came through the app's webhook ({@code POST
         * /webhooks/github-app}), which routed it to this hook.
         */
        APP("app"),
        /** Neither: refused before or at verification, so nothing it claims (its delivery id) is proven. */
        UNVERIFIED("none");

        private final String wire;

        Verification(String wire) {
            this.wire = wire;
        }

        /** The value stored in the table: {@code current}, {@code previous} or {@code none}. */
        public String wire() {
            return wire;
        }

        /** Parses {@link #wire()}; null for null or a value this version does not know. */
        public static Verification fromWire(String value) {
            for (Verification verification : values()) {
                if (verification.wire.equals(value)) {
                    return verification;
                }
            }
            return null;
        }
    }

    /** What the receiver did with a delivery. */
    public enum Outcome {
        /** A sync was queued. */
        QUEUED,
        /**
         * The receiver claimed the delivery and was queueing its sync; it stays pending only when the receiver died
         * before the queue confirmed, and a resend of the delivery then takes it over.
         */
        PENDING,
        /** A subscribed event that needs no sync; the reason says why. */
        IGNORED,
        /** The hook had already queued a delivery with this provider id; nothing was queued. */
        DUPLICATE,
        /** Refused with a 4xx (or 503 when the queue was down); the reason says why. */
        REJECTED,
        /** A ping or test delivery, answered. */
        PONG;

        /** The value used on the wire and in the table. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@link #wire()}. */
        public static Outcome fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
