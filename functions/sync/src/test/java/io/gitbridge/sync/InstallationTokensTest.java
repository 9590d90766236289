package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.hook.AppSource;
import io.gitbridge.provider.github.app.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token cache: reused until 5 minutes before expiry, per installation and repository, forgotten when rejected. */
class InstallationTokensTest {

    private static final Instant START = Instant.parse("2026-11-30T07:00:00Z");
    private static final AppSource WIDGETS = new AppSource(11, 101, "acme/widgets");
    private static final AppSource GADGETS = new AppSource(11, 102, "acme/gadgets");

    private final MovingClock clock = new MovingClock(START);
    private final List<AppSource> minted = new ArrayList<>();
    private final InstallationTokens tokens = new InstallationTokens(source -> {
        minted.add(source);
        return new AccessToken("ghs_token" + minted.size(), clock.instant().plus(Duration.ofHours(1)));
    }, clock);

    @Test
    void lease_mintsFirst_thenReusesTheCachedToken() {
        InstallationTokens.Lease first = tokens.lease(WIDGETS);
        InstallationTokens.Lease second = tokens.lease(WIDGETS);

        assertThat(first.minted()).isTrue();
        assertThat(second.minted()).isFalse();
        assertThat(second.token()).isEqualTo(first.token());
        assertThat(minted).containsExactly(WIDGETS);
    }

    @Test
    void lease_reusesUntilFiveMinutesBeforeExpiry_thenMintsANewOne() {
        AccessToken first = tokens.lease(WIDGETS).token();

        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(tokens.lease(WIDGETS).token()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        InstallationTokens.Lease renewed = tokens.lease(WIDGETS);

        assertThat(renewed.minted()).isTrue();
        assertThat(renewed.token()).isNotEqualTo(first);
        assertThat(minted).hasSize(2);
    }

    @Test
    void lease_keepsOneTokenPerRepository() {
        AccessToken widgets = tokens.lease(WIDGETS).token();
        AccessToken gadgets = tokens.lease(GADGETS).token();

        assertThat(gadgets).isNotEqualTo(widgets);
        assertThat(tokens.lease(WIDGETS).token()).isEqualTo(widgets);
        assertThat(minted).containsExactly(WIDGETS, GADGETS);
    }

    @Test
    void forget_makesTheNextLeaseMint() {
        AccessToken rejected = tokens.lease(WIDGETS).token();

        tokens.forget(WIDGETS, rejected);
        InstallationTokens.Lease next = tokens.lease(WIDGETS);

        assertThat(next.minted()).isTrue();
        assertThat(next.token()).isNotEqualTo(rejected);
    }

    @Test
    void forget_ofAnOlderToken_keepsTheNewerOne() {
        AccessToken old = tokens.lease(WIDGETS).token();
        tokens.forget(WIDGETS, old);
        AccessToken newer = tokens.lease(WIDGETS).token();

        tokens.forget(WIDGETS, old);

        assertThat(tokens.lease(WIDGETS)).isEqualTo(new InstallationTokens.Lease(newer, false));
    }

    @Test
    void accessToken_toString_hidesTheToken() {
        assertThat(tokens.lease(WIDGETS).toString()).doesNotContain("ghs_token");
    }
}
