package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.net.UrlPolicy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitbridgeConfigUrlPolicyTest {

    private static Map<String, String> env(String allowed) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "HOOKS_TABLE", "h",
                "DELIVERIES_TABLE", "d", "SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q.fifo"));
        if (allowed != null) {
            env.put("ALLOWED_PRIVATE_NETWORKS", allowed);
        }
        return env;
    }

    @Test
    void fromEnvironment_appliesTheDeployedRules_withoutExceptionsByDefault() {
        UrlPolicy policy = GitbridgeConfig.fromEnvironment(env(null)).urlPolicy();

        assertThat(policy.mode()).isEqualTo(UrlPolicy.Mode.DEPLOYED);
        assertThat(policy.problem("https://10.20.0.5/a.git", true)).isPresent();
        assertThat(GitbridgeConfig.fromEnvironment(env("")).urlPolicy().problem("https://10.20.0.5/a.git", true))
                .isPresent();
    }

    @Test
    void fromEnvironment_readsTheOperatorsAllowList() {
        UrlPolicy policy = GitbridgeConfig.fromEnvironment(env("10.20.0.0/16, git.corp.example")).urlPolicy();

        assertThat(policy.problem("https://10.20.0.5/a.git", true)).isEmpty();
        assertThat(policy.problem("https://10.21.0.5/a.git", true)).isPresent();
    }

    @Test
    void fromEnvironment_namesTheVariable_whenTheAllowListIsMalformed() {
        assertThatThrownBy(() -> GitbridgeConfig.fromEnvironment(env("10.0.0.0/8, not a host")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ALLOWED_PRIVATE_NETWORKS is not a list of CIDR blocks and host names:");
    }
}
