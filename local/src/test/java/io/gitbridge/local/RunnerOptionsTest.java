package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.net.UrlPolicy;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {

    @Test
    void parse_selectsTheLocalUrlRules_byDefault() {
        RunnerOptions options = RunnerOptions.parse();

        assertThat(options.urlPolicy()).isEqualTo(UrlPolicy.Mode.LOCAL);
        assertThat(options.policy().allowsFileUrls()).isTrue();
    }

    @Test
    void parse_selectsTheDeployedRules_withTheOperatorsAllowList() {
        RunnerOptions options = RunnerOptions.parse("--url-policy", "deployed", "--allowed-private-networks",
                "10.20.0.0/16,git.corp.example");

        assertThat(options.policy().mode()).isEqualTo(UrlPolicy.Mode.DEPLOYED);
        assertThat(options.policy().problem("https://10.20.3.4/a.git", true)).isEmpty();
        assertThat(options.policy().problem("https://10.21.3.4/a.git", true)).isPresent();
    }

    @Test
    void parse_rejectsAnUnknownPolicy_andABadAllowList() {
        assertThatThrownBy(() -> RunnerOptions.parse("--url-policy", "aws"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("url policy must be deployed or local, not aws");
        assertThatThrownBy(() -> RunnerOptions.parse("--allowed-private-networks", "10.0.0.0/40"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10.0.0.0/40' has a prefix length that is not 0 to 32");
    }

    @Test
    void help_describesTheUrlPolicyOptions() {
        assertThatThrownBy(() -> RunnerOptions.parse("--help"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--url-policy P")
                .hasMessageContaining("--allowed-private-networks LIST");
    }

    @Test
    void parse_readsTheJwtOptions_withTheDefaultProjectsClaim() {
        RunnerOptions options = RunnerOptions.parse("--jwt-jwks", "jwks.json", "--jwt-issuer", "https://id.example",
                "--jwt-audience", "gitbridge, other");

        assertThat(options.jwt().configured()).isTrue();
        assertThat(options.jwt().jwks()).contains("jwks.json");
        assertThat(options.jwt().issuer()).contains("https://id.example");
        assertThat(options.jwt().audiences()).containsExactly("gitbridge", "other");
        assertThat(options.jwt().projectsClaim()).isEqualTo("gitbridge_projects");
        assertThat(RunnerOptions.parse("--jwt-projects-claim", "groups").jwt().projectsClaim()).isEqualTo("groups");
        assertThat(RunnerOptions.parse().jwt().configured()).isFalse();
    }

    @Test
    void parse_refusesJwtOptionsGivenOnlyInPart() {
        assertThatThrownBy(() -> RunnerOptions.parse("--jwt-jwks", "jwks.json", "--jwt-issuer", "https://id.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--jwt-jwks, --jwt-issuer and --jwt-audience go together");
        assertThatThrownBy(() -> RunnerOptions.parse("--jwt-audience", "gitbridge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--jwt-jwks, --jwt-issuer and --jwt-audience go together");
        assertThatThrownBy(() -> RunnerOptions.parse("--jwt-projects-claim", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--jwt-projects-claim needs a claim name");
    }

    @Test
    void help_listsTheJwtOptions() {
        assertThatThrownBy(() -> RunnerOptions.parse("--help"))
                .hasMessageContaining("--jwt-jwks FILE-or-URL")
                .hasMessageContaining("--jwt-issuer URL")
                .hasMessageContaining("--jwt-audience LIST")
                .hasMessageContaining("--jwt-projects-claim NAME");
    }

    @Test
    void help_saysTheGeneratedAdminTokenIsKept_andNamesThePerServiceEndpoints() {
        assertThatThrownBy(() -> RunnerOptions.parse("--help"))
                .hasMessageContaining("DATA_DIR/admin-token")
                .hasMessageContaining("AWS_ENDPOINT_URL_DYNAMODB")
                .hasMessageContaining("AWS_ENDPOINT_URL_SQS");
    }
}
