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
}
