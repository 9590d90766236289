package io.gitbridge.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import org.junit.jupiter.api.Test;

/** GitHub's repository webhooks API, on a stand-in: {@code /repos/{owner}/{repo}/hooks} under the API base. */
class GitHubRegistrarIT extends RegistrarContract {

    private static final String HOOKS = "/api/v3/repos/acme/app/hooks";

    @Override
    protected WebhookRegistrar registrar() {
        return new GitHubRegistrar();
    }

    @Override
    protected RepositoryLocation location(String standInUrl) {
        return new RepositoryLocation(standInUrl + "/api/v3", "acme", "app");
    }

    @Override
    protected String authorization() {
        return "Bearer " + TOKEN;
    }

    @Override
    protected String tokenAdvice() {
        return "Webhooks read-and-write and Contents read on acme/app";
    }

    @Override
    protected String existingId() {
        return "12345678";
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        provider.on("POST", HOOKS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"type\":\"Repository\",\"id\":" + id + ",\"name\":\"web\",\"active\":true}";
    }

    @Override
    protected String registerCall() {
        return "POST " + HOOKS;
    }

    @Override
    protected void assertRegisterBody(JsonNode body) {
        assertThat(body.get("name").asText()).isEqualTo("web");
        assertHookSettings(body);
    }

    @Override
    protected void scriptUpdate(String id, int status) {
        provider.on("PATCH", HOOKS + "/" + id, status, status == 200 ? createdAnswer(id) : "{\"message\":\"Not Found\"}");
    }

    @Override
    protected String updateCall(String id) {
        return "PATCH " + HOOKS + "/" + id;
    }

    @Override
    protected void assertUpdateBody(JsonNode body) {
        assertThat(body.has("name")).isFalse();
        assertHookSettings(body);
    }

    @Override
    protected void scriptUnregister(String id, int status) {
        provider.on("DELETE", HOOKS + "/" + id, status, status == 204 ? null : "{\"message\":\"Not Found\"}");
    }

    @Override
    protected String unregisterCall(String id) {
        return "DELETE " + HOOKS + "/" + id;
    }

    @Test
    void register_subscribesToWorkflowRuns_forCi() {
        provider.on("POST", HOOKS, 201, createdAnswer("1"));

        registrar().register(request(new HookEvents(true, true)));

        assertThat(only(registerCall()).json().get("events")).containsExactly(
                TextNode.valueOf("push"), TextNode.valueOf("workflow_run"));
    }

    @Test
    void register_sendsGitHubsApiVersion() {
        provider.on("POST", HOOKS, 201, createdAnswer("1"));

        registrar().register(request());

        assertThat(only(registerCall()).header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    }

    @Test
    void register_rateLimited_isProviderUnavailable() {
        provider.on("POST", HOOKS, 429, "{\"message\":\"API rate limit exceeded\"}");

        assertThatThrownBy(() -> registrar().register(request()))
                .isInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("rate-limiting");
    }

    private static void assertHookSettings(JsonNode body) {
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("events")).containsExactly(TextNode.valueOf("push"));
        JsonNode config = body.get("config");
        assertThat(config.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(config.get("content_type").asText()).isEqualTo("json");
        assertThat(config.get("secret").asText()).isEqualTo(SECRET);
        assertThat(config.get("insecure_ssl").asText()).isEqualTo("0");
    }
}
