package io.gitbridge.provider.github.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.provider.github.app.RegistrationLink.OwnerType;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationLinkTest {

    private static final String BASE = "https://abc123.execute-api.eu-west-1.amazonaws.com";

    @Test
    void url_forAnOrganisation_carriesEveryParameter_encoded() {
        String url = new RegistrationLink("github.com", "acme", OwnerType.ORGANIZATION, "gitbridge-acme", BASE).url();

        assertThat(url).isEqualTo("https://github.com/organizations/acme/settings/apps/new"
                + "?name=gitbridge-acme"
                + "&description=Syncs%20acme%27s%20repositories%20to%20its%20build%20platform%20through%20gitbridge%3A"
                + "%20reads%20contents%20on%20push%20and%20workflow%20runs."
                + "&url=https%3A%2F%2Fabc123.execute-api.eu-west-1.amazonaws.com"
                + "&webhook_active=true"
                + "&webhook_url=https%3A%2F%2Fabc123.execute-api.eu-west-1.amazonaws.com%2Fwebhooks%2Fgithub-app"
                + "&events[]=push&events[]=workflow_run"
                + "&contents=read&metadata=read&actions=read"
                + "&setup_url=https%3A%2F%2Fabc123.execute-api.eu-west-1.amazonaws.com%2Fgithub-app%2Fsetup"
                + "&setup_on_update=true&public=false");
    }

    @Test
    void url_forAUserOnEnterpriseServer_usesTheSettingsPageOfTheHost() {
        RegistrationLink link = new RegistrationLink("ghe.example.com", "jo", OwnerType.USER, "my app & co", BASE);

        URI url = URI.create(link.url());
        assertThat(url.getScheme() + "://" + url.getHost() + url.getPath())
                .isEqualTo("https://ghe.example.com/settings/apps/new");
        assertThat(parameters(url)).contains("name=my app & co", "webhook_url=" + BASE + "/webhooks/github-app",
                "setup_url=" + BASE + "/github-app/setup");
        assertThat(url.getRawQuery()).contains("name=my%20app%20%26%20co");
    }

    @Test
    void defaultName_isCutToGitHubsLimit() {
        assertThat(RegistrationLink.defaultName("acme")).isEqualTo("gitbridge-acme");
        assertThat(RegistrationLink.defaultName("a".repeat(39))).hasSize(34).startsWith("gitbridge-aaaa");
    }

    @Test
    void isLogin_acceptsGitHubLogins_only() {
        assertThat(RegistrationLink.isLogin("acme-corp")).isTrue();
        assertThat(RegistrationLink.isLogin("a".repeat(39))).isTrue();
        assertThat(RegistrationLink.isLogin("a".repeat(40))).isFalse();
        assertThat(RegistrationLink.isLogin("-acme")).isFalse();
        assertThat(RegistrationLink.isLogin("acme/x")).isFalse();
        assertThat(RegistrationLink.isLogin("")).isFalse();
    }

    @Test
    void ownerType_readsTheTwoNames() {
        assertThat(OwnerType.of("organization")).isEqualTo(OwnerType.ORGANIZATION);
        assertThat(OwnerType.of("user")).isEqualTo(OwnerType.USER);
        assertThatThrownBy(() -> OwnerType.of("team")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be organization or user");
    }

    private static List<String> parameters(URI url) {
        List<String> decoded = new ArrayList<>();
        for (String pair : url.getRawQuery().split("&")) {
            decoded.add(URLDecoder.decode(pair, StandardCharsets.UTF_8));
        }
        return decoded;
    }
}
