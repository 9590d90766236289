package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The GitHub App table is optional: deployments from before GitHub App mode keep working without it. */
class GitbridgeConfigGitHubAppTest {

    private static Map<String, String> env() {
        return new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "HOOKS_TABLE", "h", "DELIVERIES_TABLE", "d",
                "SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q.fifo"));
    }

    @Test
    void fromEnvironment_readsGitHubAppTable() {
        Map<String, String> env = env();
        env.put("GITHUB_APP_TABLE", " stack-GitHubAppTable-1 ");

        assertThat(GitbridgeConfig.fromEnvironment(env).gitHubAppTable()).contains("stack-GitHubAppTable-1");
    }

    @Test
    void fromEnvironment_leavesGitHubAppModeOff_withoutTheTable() {
        Map<String, String> env = env();
        env.put("GITHUB_APP_TABLE", "");

        GitbridgeConfig config = GitbridgeConfig.fromEnvironment(env);

        assertThat(config.gitHubAppTable()).isEmpty();
        assertThat(new AwsRuntime(config).gitHubAppWithoutKey()).isEmpty();
    }

    @Test
    void withGitHubAppTable_keepsEverythingElse() {
        GitbridgeConfig config = new GitbridgeConfig("eu-west-1", Optional.empty(), Optional.empty(), "h", "d", "q",
                Optional.of("https://example.net"), true, Duration.ofDays(3));

        GitbridgeConfig withTable = config.withGitHubAppTable("gitbridge-github-app");

        assertThat(withTable.gitHubAppTable()).contains("gitbridge-github-app");
        assertThat(withTable).isEqualTo(new GitbridgeConfig("eu-west-1", Optional.empty(), Optional.empty(), "h", "d",
                "q", Optional.of("https://example.net"), true, Duration.ofDays(3), Optional.empty(), Optional.empty(),
                config.allowedNetworks(), Optional.of("gitbridge-github-app")));
    }
}
