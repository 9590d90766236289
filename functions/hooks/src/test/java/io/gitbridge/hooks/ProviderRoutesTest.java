package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProviderRoutesTest {

    @Test
    void cursor_roundTrips_forTheListThatGaveIt() {
        String cursor = ProviderRoutes.encode("azure-devops", "branches", "ct+2/x==");

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(ProviderRoutes.decode(cursor, "azure-devops", "branches")).contains("ct+2/x==");
    }

    @Test
    void cursor_fitsNoOtherProviderOrList() {
        String cursor = ProviderRoutes.encode("github", "repositories", "2");

        assertThat(ProviderRoutes.decode(cursor, "gitea", "repositories")).isEmpty();
        assertThat(ProviderRoutes.decode(cursor, "github", "branches")).isEmpty();
    }

    @Test
    void cursor_refusesWhatThisRouteNeverGives() {
        for (String plain : new String[] {"2", "2\ngithub\nrepositories\n2", "1\ngithub\nrepositories\n",
                "1\ngithub\nrepositories\nhas space", "1\ngithub\nrepositories\n2\nextra",
                "1\ngithub\nrepositories\n" + "9".repeat(301)}) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
            assertThat(ProviderRoutes.decode(cursor, "github", "repositories")).as(plain).isEmpty();
        }
        assertThat(ProviderRoutes.decode("***", "github", "repositories")).isEmpty();
    }
}
