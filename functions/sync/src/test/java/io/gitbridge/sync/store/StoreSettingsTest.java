package io.gitbridge.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    @Test
    void fromEnvironment_isEmpty_withoutABucket() {
        assertThat(StoreSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"))).isEmpty();
        assertThat(StoreSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "WORK_STORE_BUCKET", " ")))
                .isEmpty();
    }

    @Test
    void fromEnvironment_readsTheBucketAndItsBounds() {
        StoreSettings settings = StoreSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "WORK_STORE_BUCKET", "b", "WORK_STORE_PREFIX", "cache", "WORK_STORE_MAX_MB", "64",
                "WORK_STORE_CONSOLIDATE_AFTER", "4", "WORK_STORE_REFRESH_DAYS", "3",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000", "SYNC_RECORD_BUDGET_SECONDS", "90")).orElseThrow();

        assertThat(settings).isEqualTo(new StoreSettings("b", "cache/", "eu-west-1",
                Optional.of(URI.create("http://127.0.0.1:9000")), 64L * 1024 * 1024, 4, Duration.ofDays(3),
                StoreSettings.DEFAULT_RESTORE_TIMEOUT, StoreSettings.DEFAULT_SAVE_TIMEOUT, Duration.ofSeconds(90)));
    }

    @Test
    void fromEnvironment_usesTheDefaults() {
        StoreSettings settings = StoreSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "WORK_STORE_BUCKET", "b")).orElseThrow();

        assertThat(settings).isEqualTo(StoreSettings.of("b", "eu-west-1", Optional.empty()));
        assertThat(settings.prefix()).isEqualTo("work/");
        assertThat(settings.syncBudget()).isEqualTo(Duration.ofSeconds(200));
    }

    @Test
    void fromEnvironment_rejectsANumberThatIsNotOne() {
        assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "WORK_STORE_BUCKET", "b", "WORK_STORE_MAX_MB", "lots")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the work store's settings are not valid: For input string: \"lots\"");
    }

    @Test
    void fromEnvironment_requiresARegion() {
        assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("WORK_STORE_BUCKET", "b")))
                .isInstanceOf(IllegalStateException.class).hasMessage("AWS_REGION is required with WORK_STORE_BUCKET");
    }

    @Test
    void fromEnvironment_rejectsANonPositiveBound() {
        assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "WORK_STORE_BUCKET", "b", "WORK_STORE_CONSOLIDATE_AFTER", "0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the work store's settings are not valid: maxBytes and consolidateAfter must be positive");
    }
}
