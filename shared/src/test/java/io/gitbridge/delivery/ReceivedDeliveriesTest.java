package io.gitbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceivedDeliveriesTest {

    private static final Instant T = Instant.parse("2026-11-30T04:00:00Z");

    @Test
    void received_isTrue_forAnyOutcomeButRejected() {
        ReceivedDeliveries log = new ReceivedDeliveries(Map.of("a", Delivery.Outcome.IGNORED,
                "b", Delivery.Outcome.REJECTED), Instant.MIN);

        assertThat(log.received("a", T)).contains(true);
        assertThat(log.received("b", T)).contains(false);
        assertThat(log.received("c", T)).contains(false);
    }

    @Test
    void received_isUnknown_forAnAttemptBeforeTheLogWasReadBackTo() {
        ReceivedDeliveries log = new ReceivedDeliveries(Map.of("a", Delivery.Outcome.QUEUED), T);

        assertThat(log.received("a", T.minusSeconds(3600))).contains(true);
        assertThat(log.received("c", T.minusSeconds(3600))).isEmpty();
        assertThat(log.received("c", T.plus(ReceivedDeliveries.CLOCK_SLACK))).contains(false);
    }

    @Test
    void and_receivesWhatEitherReceived_andCoversOnlyWhatBothCover() {
        ReceivedDeliveries one = new ReceivedDeliveries(Map.of("a", Delivery.Outcome.REJECTED), Instant.MIN);
        ReceivedDeliveries other = new ReceivedDeliveries(Map.of("a", Delivery.Outcome.QUEUED,
                "b", Delivery.Outcome.REJECTED), T);

        ReceivedDeliveries both = one.and(other);

        assertThat(both.outcome("a")).contains(Delivery.Outcome.QUEUED);
        assertThat(both.received("b", T.plusSeconds(3600))).contains(false);
        assertThat(both.coveredFrom()).isEqualTo(T);
    }
}
