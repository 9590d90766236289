package io.gitbridge.delivery;

import java.time.Duration;
import io.gitbridge.hook.Page;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What gitbridge's delivery log says about provider delivery ids (GitHub's {@code X-GitHub-Delivery} GUIDs) since a
 * time: for each id the log holds, the outcome that counts (any outcome but {@link Delivery.Outcome#REJECTED} wins over
 * a rejection, since then gitbridge answered it 2xx); and how far back the log was read.
 *
 * @param outcomes the outcome per provider delivery id
 * @param coveredFrom entries received from this time on were all read; {@link Instant#MIN} when the whole log was
 */
public record ReceivedDeliveries(Map<String, Delivery.Outcome> outcomes, Instant coveredFrom) {

    /**
     * How far a provider's time of an attempt and gitbridge's time of receiving it may lie apart (clocks, the
     * provider's own time to connect): an entry is looked for that much around the attempt.
     */
    public static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

    /** Entries per page when reading a log. */
    public static final int PAGE_SIZE = 100;

    /** Nothing logged, the whole log read. */
    public static final ReceivedDeliveries NONE = new ReceivedDeliveries(Map.of(), Instant.MIN);

    public ReceivedDeliveries {
        outcomes = Map.copyOf(outcomes);
    }

    /**
     * Reads a hook's log newest first, back to {@code from} or for at most {@code maxPages} pages of
     * {@value #PAGE_SIZE} entries, whichever comes first.
     */
    public static ReceivedDeliveries read(DeliveryLog log, String hookId, Instant from, int maxPages) {
        Map<String, Delivery.Outcome> outcomes = new HashMap<>();
        Instant oldestRead = Instant.MAX;
        String cursor = null;
        for (int pages = 0; pages < maxPages; pages++) {
            Page<Delivery> page = log.list(hookId, PAGE_SIZE, cursor);
            for (Delivery entry : page.items()) {
                if (entry.receivedAt().isBefore(from)) {
                    return new ReceivedDeliveries(outcomes, from);
                }
                oldestRead = entry.receivedAt();
                if (entry.providerDeliveryId() != null) {
                    outcomes.merge(entry.providerDeliveryId(), entry.outcome(), ReceivedDeliveries::counting);
                }
            }
            if (page.next() == null) {
                return new ReceivedDeliveries(outcomes, Instant.MIN);
            }
            cursor = page.next();
        }
        return new ReceivedDeliveries(outcomes, oldestRead);
    }

    /**
     * Whether the log shows the delivery as received (answered 2xx).
     *
     * @param attemptedAt when the provider attempted it
     * @return empty when the log holds no entry for it and was not read back as far as {@code attemptedAt}
     */
    public Optional<Boolean> received(String providerDeliveryId, Instant attemptedAt) {
        Delivery.Outcome outcome = outcomes.get(providerDeliveryId);
        if (outcome != null && outcome != Delivery.Outcome.REJECTED) {
            return Optional.of(true);
        }
        if (!coveredFrom.equals(Instant.MIN) && attemptedAt.minus(CLOCK_SLACK).isBefore(coveredFrom)) {
            return Optional.empty();
        }
        return Optional.of(false);
    }

    /** The outcome the log shows for the delivery, when it has an entry for it. */
    public Optional<Delivery.Outcome> outcome(String providerDeliveryId) {
        return Optional.ofNullable(outcomes.get(providerDeliveryId));
    }

    /**
     * Both logs together, as for one delivery fanned out to several hooks: received when either log received it,
     * covered only as far back as both were read.
     */
    public ReceivedDeliveries and(ReceivedDeliveries other) {
        Map<String, Delivery.Outcome> merged = new HashMap<>(outcomes);
        other.outcomes.forEach((id, outcome) -> merged.merge(id, outcome, ReceivedDeliveries::counting));
        return new ReceivedDeliveries(merged, coveredFrom.isAfter(other.coveredFrom) ? coveredFrom : other.coveredFrom);
    }

    /** The outcome that counts of two for the same id: one that was answered 2xx over a rejection. */
    static Delivery.Outcome counting(Delivery.Outcome kept, Delivery.Outcome seen) {
        return kept == Delivery.Outcome.REJECTED ? seen : kept;
    }
}
