package io.gitbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogContextTest {

    @AfterEach
    void clear() {
        ThreadContext.clearMap();
    }

    @Test
    void begin_forgetsThePreviousInvocation_andWithoutContextSetsNoRequestId() {
        LogContext.hook("hk_previous");
        LogContext.outcome("queued");

        LogContext.begin(null);

        assertThat(ThreadContext.getImmutableContext()).isEmpty();
        assertThat(LogContext.provider()).isEqualTo("none");
    }

    @Test
    void newRecord_keepsTheRequestId_andForgetsTheRecordsFields() {
        ThreadContext.put(LogContext.AWS_REQUEST_ID, "req-1");
        LogContext.hook("hk_a");
        LogContext.delivery("d-1");
        LogContext.provider("gitlab");
        LogContext.outcome("FAILED");

        LogContext.newRecord();

        assertThat(ThreadContext.getImmutableContext()).containsExactly(
                java.util.Map.entry(LogContext.AWS_REQUEST_ID, "req-1"));
    }

    @Test
    void put_cutsLongValues_andReplacesControlCharacters() {
        LogContext.delivery("a\nforged line\u0000" + "x".repeat(500));

        String value = ThreadContext.get(LogContext.DELIVERY_ID);
        assertThat(value).hasSize(LogContext.MAX_VALUE_LENGTH).startsWith("a?forged line?xxx");
    }

    @Test
    void put_removesTheField_whenTheValueIsNullOrEmpty() {
        LogContext.hook("hk_a");
        LogContext.hook("");
        LogContext.provider("github");
        LogContext.provider(null);

        assertThat(ThreadContext.containsKey(LogContext.HOOK_ID)).isFalse();
        assertThat(LogContext.provider()).isEqualTo("none");
    }
}
