package io.gitbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.elasticmq.MessageContent;
import org.elasticmq.NeverReceived$;
import org.elasticmq.actor.queue.InternalMessage;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.immutable.Map$;
import scala.collection.mutable.ArrayBuffer;

class DurableQueuesTest {

    private static final OffsetDateTime T = OffsetDateTime.of(2026, 11, 30, 1, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void inSendingOrder_ordersBySendingTimeThenSequenceNumber_andRestoresTheFifoFlag() {
        // As ElasticMQ's SQL store reads them back: non-FIFO, order index 0, times cut to the millisecond.
        InternalMessage third = stored("c", T.plusNanos(2_000_000), "7");
        InternalMessage first = stored("a", T, "11");
        InternalMessage second = stored("b", T, "12");

        List<InternalMessage> restored = DurableQueues.inSendingOrder(List.of(third, second, first), true);

        assertThat(restored).extracting(InternalMessage::id).containsExactly("a", "b", "c");
        assertThat(restored).extracting(InternalMessage::orderIndex).containsExactly(0, 1, 2);
        assertThat(restored).allSatisfy(m -> assertThat(m.isFifo()).isTrue());
        // FIFO messages compare by sending order: the highest priority (first out) is the first sent.
        assertThat(restored.get(0).compareTo(restored.get(1))).isPositive();
        assertThat(restored.get(1).compareTo(restored.get(2))).isPositive();
    }

    @Test
    void inSendingOrder_keepsReceiveCountsVisibilityAndGroups() {
        InternalMessage inFlight = new InternalMessage("a", new ArrayBuffer<>(), 99_000L, new MessageContent("body"),
                Map$.MODULE$.empty(), T, 0, NeverReceived$.MODULE$, 3, false, Option.apply("hk_a"), Option.empty(),
                Option.empty(), Option.apply("1"), Option.empty());

        InternalMessage restored = DurableQueues.inSendingOrder(List.of(inFlight), true).get(0);

        assertThat(restored.receiveCount()).isEqualTo(3);
        assertThat(restored.nextDelivery()).isEqualTo(99_000L);
        assertThat(restored.messageGroupId()).isEqualTo(Option.apply("hk_a"));
        assertThat(restored.content().value()).isEqualTo("body");
    }

    private static InternalMessage stored(String id, OffsetDateTime created, String sequenceNumber) {
        return new InternalMessage(id, new ArrayBuffer<>(), 0L, new MessageContent(id), Map$.MODULE$.empty(), created,
                0, NeverReceived$.MODULE$, 0, false, Option.apply("g"), Option.empty(), Option.empty(),
                Option.apply(sequenceNumber), Option.empty());
    }
}
