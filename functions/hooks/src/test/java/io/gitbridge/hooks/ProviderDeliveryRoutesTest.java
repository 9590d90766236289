package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.hook.ValidationException;
import io.gitbridge.http.BadRequestException;
import io.gitbridge.http.Bounds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProviderDeliveryRoutesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    @Test
    void cursor_roundTrips_andIsNotAUrl() {
        String cursor = ProviderDeliveryRoutes.encodeCursor("hk_1", "v1_12077215967");

        assertThat(cursor).doesNotContain("v1_", "http", "/");
        assertThat(ProviderDeliveryRoutes.decodeCursor(cursor, "hk_1")).isEqualTo("v1_12077215967");
    }

    @Test
    void decodeCursor_refuses_aCursorOfAnotherLog() {
        String cursor = ProviderDeliveryRoutes.encodeCursor("hk_1", "v1_5");

        assertThatThrownBy(() -> ProviderDeliveryRoutes.decodeCursor(cursor, "hk_2"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> ProviderDeliveryRoutes.decodeCursor(cursor, "app"))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void decodeCursor_refuses_garbageOversizedAndControlCharacters() {
        assertThatThrownBy(() -> ProviderDeliveryRoutes.decodeCursor("%%%not-base64", "hk_1"))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> ProviderDeliveryRoutes.decodeCursor("A".repeat(Bounds.MAX_CURSOR_LENGTH + 1), "hk_1"))
                .isInstanceOf(BadRequestException.class);
        String withNewline = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("1\nhk_1\nv1_5\nextra".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ProviderDeliveryRoutes.decodeCursor(withNewline, "hk_1"))
                .isInstanceOf(BadRequestException.class);
        String withSpace = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("1\nhk_1\nv1 5".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ProviderDeliveryRoutes.decodeCursor(withSpace, "hk_1"))
                .isInstanceOf(BadRequestException.class);
        String tooLong = ProviderDeliveryRoutes.encodeCursor("hk_1", "x".repeat(201));
        assertThatThrownBy(() -> ProviderDeliveryRoutes.decodeCursor(tooLong, "hk_1"))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void limit_isThirtyByDefault_andOneToAHundred() {
        assertThat(ProviderDeliveryRoutes.limit(null)).isEqualTo(30);
        assertThat(ProviderDeliveryRoutes.limit("100")).isEqualTo(100);
        for (String bad : new String[] {"0", "101", "-1", "1e2", "", "99999999999"}) {
            assertThatThrownBy(() -> ProviderDeliveryRoutes.limit(bad)).as(bad)
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("limit");
        }
    }

    @Test
    void deliveryId_takesGitHubsNumericIds_only() {
        assertThat(ProviderDeliveryRoutes.deliveryId("12077215967")).isEqualTo(12077215967L);
        for (String bad : new String[] {"0", "abc", "12a", "1234567890123456789", "-5", "+5"}) {
            assertThatThrownBy(() -> ProviderDeliveryRoutes.deliveryId(bad)).as(bad)
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("deliveryId");
        }
    }

    @Test
    void since_readsAnIsoTimeWithAZone() {
        assertThat(ProviderDeliveryRoutes.since("2026-11-30T05:00:00Z", NOW, 3))
                .isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
        assertThat(ProviderDeliveryRoutes.since("2026-11-30T07:00:00+02:00", NOW, 3))
                .isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
    }

    @Test
    void since_isABadRequest_whenMissingOrGarbled() {
        for (String bad : new String[] {null, "", "yesterday", "2026-11-30T05:00:00", "2026-11-30",
                "2026-11-30T05:00:00Z" + "0".repeat(100)}) {
            assertThatThrownBy(() -> ProviderDeliveryRoutes.since(bad, NOW, 3)).as(String.valueOf(bad))
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("since");
        }
    }

    @Test
    void since_isRefused_namingSince_whenOlderThanGitHubKeepsDeliveries_orInTheFuture() {
        assertThatThrownBy(() -> ProviderDeliveryRoutes.since("2026-11-27T05:59:59Z", NOW, 3))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fields().get("since"))
                        .contains("older than GitHub keeps", "2026-11-27T06:00:00Z"));
        assertThat(ProviderDeliveryRoutes.since("2026-11-27T06:00:00Z", NOW, 3))
                .isEqualTo(Instant.parse("2026-11-27T06:00:00Z"));
        assertThat(ProviderDeliveryRoutes.since("2026-11-24T06:00:00Z", NOW, 7))
                .isEqualTo(Instant.parse("2026-11-24T06:00:00Z"));
        assertThatThrownBy(() -> ProviderDeliveryRoutes.since("2026-11-30T06:00:01Z", NOW, 3))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fields()).containsKey("since"));
    }
}
