package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.receive.GitHubAppOutcome;
import io.gitbridge.receive.ReceiveOutcome;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubAppAnswersTest {

    @Test
    void aDeliveryRoutedToManyHooks_listsAtMost20_andCountsThemAll() throws IOException {
        List<GitHubAppOutcome.HookResult> hooks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            hooks.add(new GitHubAppOutcome.HookResult("hk_" + i, new ReceiveOutcome.Queued("g-1", "c" + i)));
        }

        APIGatewayV2HTTPResponse response = GitHubAppAnswers.respond(new GitHubAppOutcome.Routed("g-1", "push",
                "acme/app", hooks, null));

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.get("hookCount").asInt()).isEqualTo(30);
        assertThat(body.get("hooks")).hasSize(GitHubAppAnswers.MAX_LISTED_HOOKS);
        assertThat(body.get("queued")).hasSize(GitHubAppAnswers.MAX_LISTED_HOOKS);
        assertThat(body.has("reason")).isFalse();
    }

    @Test
    void duplicatesAndIgnoredHooks_are200_withEachHooksStatusAndReason() throws IOException {
        APIGatewayV2HTTPResponse response = GitHubAppAnswers.respond(new GitHubAppOutcome.Routed("g-1", "push",
                "acme/app", List.of(new GitHubAppOutcome.HookResult("hk_a", new ReceiveOutcome.Duplicate("g-1")),
                        new GitHubAppOutcome.HookResult("hk_b", new ReceiveOutcome.Ignored("another branch"))),
                "every hook that wants delivery g-1 had queued it already"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.get("status").asText()).isEqualTo("duplicate");
        assertThat(body.get("hooks").get(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(body.get("hooks").get(1).get("reason").asText()).isEqualTo("another branch");
        assertThat(body.get("queued")).isEmpty();
    }

    @Test
    void anInstallationChange_showsTheRecordWithoutItsRepositories() throws IOException {
        Installation installation = new Installation(42, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(new Installation.Repository(7, "acme/docs")), false, false,
                Instant.parse("2026-11-30T06:00:00Z"));

        APIGatewayV2HTTPResponse response = GitHubAppAnswers.respond(new GitHubAppOutcome.InstallationChange("g-2",
                "installation", "created", installation, true, null));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.getBody())).isEqualTo(Json.MAPPER.readTree("{\"status\":"
                + "\"recorded\",\"deliveryId\":\"g-2\",\"event\":\"installation\",\"action\":\"created\","
                + "\"installation\":{\"id\":42,\"account\":\"acme\",\"accountType\":\"Organization\","
                + "\"repositorySelection\":\"selected\",\"repositoryCount\":1,\"suspended\":false,\"deleted\":false,"
                + "\"updatedAt\":\"2026-11-30T06:00:00Z\"}}"));
    }

    @Test
    void noApp_is404_withTheReason() throws IOException {
        APIGatewayV2HTTPResponse response = GitHubAppAnswers.respond(new GitHubAppOutcome.NoApp("no app"));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(response.getBody()).get("message").asText()).isEqualTo("no app");
    }
}
