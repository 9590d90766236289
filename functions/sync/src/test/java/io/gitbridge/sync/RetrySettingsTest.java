package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetrySettingsTest {

    @Test
    void delayAfter_climbsTheAwsLadderByReceiveCount_andStaysOnItsLastStep() {
        RetrySettings settings = RetrySettings.defaults();

        assertThat(List.of(1, 2, 3, 4, 5, 6, 50).stream().map(settings::delayAfter)).containsExactly(
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(2), Duration.ofHours(2));
    }

    @Test
    void delayAfter_treatsAMissingOrZeroReceiveCountAsTheFirst() {
        assertThat(RetrySettings.defaults().delayAfter(0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void ladder_readsTheLocalLadder() {
        assertThat(RetrySettings.ladder(RetrySettings.LOCAL_BACKOFF)).containsExactly(Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(RetrySettings.ladder(" 0s, 1M ,12h")).containsExactly(Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofHours(12));
    }

    @Test
    void ladder_rejectsAStepWithoutUnit() {
        assertThatThrownBy(() -> RetrySettings.ladder("10s,5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff step '5' is not a number with s, m or h");
    }

    @Test
    void constructor_rejectsAStepLongerThanSqsVisibilityLimit() {
        assertThatThrownBy(() -> new RetrySettings(RetrySettings.ladder("13h"), 5, 3, Optional.empty(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a backoff step must be between 0 s and 12 h: PT13H");
    }

    @Test
    void maxReceives_isShorterForPermanentCauses_butNeverLongerThanTheQueues() {
        RetrySettings settings = new RetrySettings(List.of(Duration.ZERO), 8, 3, Optional.empty(), Duration.ZERO);
        assertThat(settings.maxReceives(RetryClass.TRANSIENT)).isEqualTo(8);
        assertThat(settings.maxReceives(RetryClass.PERMANENT)).isEqualTo(3);

        RetrySettings fewer = new RetrySettings(List.of(Duration.ZERO), 2, 3, Optional.empty(), Duration.ZERO);
        assertThat(fewer.maxReceives(RetryClass.PERMANENT)).isEqualTo(2);
    }

    @Test
    void fromEnvironment_readsEveryVariable_andDefaultsTheMissingOnes() {
        RetrySettings settings = RetrySettings.fromEnvironment(Map.of(
                "SYNC_BACKOFF", "1s,2s", "SYNC_MAX_RECEIVES", "12", "SYNC_DEAD_LETTER_QUEUE_URL", "https://q/dlq.fifo"));

        assertThat(settings).isEqualTo(new RetrySettings(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), 12, 3,
                Optional.of("https://q/dlq.fifo"), RetrySettings.DEFAULT_RECORD_BUDGET));
        assertThat(RetrySettings.fromEnvironment(Map.of())).isEqualTo(RetrySettings.defaults());
    }

    @Test
    void fromEnvironment_namesTheInvalidSetting() {
        assertThatThrownBy(() -> RetrySettings.fromEnvironment(Map.of("SYNC_MAX_RECEIVES", "many")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("invalid sync retry setting: For input string: \"many\"");
        assertThatThrownBy(() -> RetrySettings.fromEnvironment(Map.of("SYNC_PERMANENT_MAX_RECEIVES", "0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("invalid sync retry setting: receive limits must be at least 1");
    }
}
