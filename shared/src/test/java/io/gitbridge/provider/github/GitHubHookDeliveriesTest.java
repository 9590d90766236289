package io.gitbridge.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.provider.RegistrationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitHubHookDeliveriesTest {

    @Test
    void nextCursor_takesTheCursorOfTheNextLink_amongOthers() {
        String link = "<https://api.github.com/repos/o/r/hooks/1/deliveries?per_page=2&cursor=v1_100>; rel=\"prev\", "
                + "<https://api.github.com/repos/o/r/hooks/1/deliveries?per_page=2&cursor=v1_12077215967>; rel=\"next\"";

        assertThat(GitHubHookDeliveries.nextCursor(Optional.of(link))).contains("v1_12077215967");
    }

    @Test
    void nextCursor_decodesAPercentEncodedCursor() {
        String link = "<https://api.github.com/app/hook/deliveries?cursor=v1%3D5&per_page=100>; rel=\"next\"";

        assertThat(GitHubHookDeliveries.nextCursor(Optional.of(link))).contains("v1=5");
    }

    @Test
    void nextCursor_isEmpty_withoutANextLink() {
        assertThat(GitHubHookDeliveries.nextCursor(Optional.empty())).isEmpty();
        assertThat(GitHubHookDeliveries.nextCursor(Optional.of(
                "<https://api.github.com/app/hook/deliveries?cursor=v1_1>; rel=\"prev\""))).isEmpty();
    }

    @Test
    void nextCursor_refuses_aNextLinkWithoutACursor() {
        assertThatThrownBy(() -> GitHubHookDeliveries.nextCursor(Optional.of(
                "<https://api.github.com/app/hook/deliveries?page=2>; rel=\"next\"")))
                .isInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("without a cursor");
    }

    @Test
    void nextCursor_refuses_aCursorLongerThanItKeeps() {
        String link = "<https://api.github.com/app/hook/deliveries?cursor="
                + "x".repeat(GitHubHookDeliveries.MAX_CURSOR_LENGTH + 1) + ">; rel=\"next\"";

        assertThatThrownBy(() -> GitHubHookDeliveries.nextCursor(Optional.of(link)))
                .isInstanceOf(RegistrationException.ProviderUnavailable.class);
    }

    @Test
    void retentionDays_isThreeOnGitHubCom_andSevenOnEnterpriseServer() {
        assertThat(GitHubHookDeliveries.retentionDays("https://api.github.com")).isEqualTo(3);
        assertThat(GitHubHookDeliveries.retentionDays("https://github.example.com/api/v3")).isEqualTo(7);
    }
}
