package io.gitbridge.provider.gitea;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import org.junit.jupiter.api.Test;

/** The Gitea and Forgejo repository hooks API, on a stand-in. */
class GiteaRegistrarIT extends RegistrarContract {

    private static final String HOOKS = "/api/v1/repos/acme/app/hooks";

    @Override
    protected WebhookRegistrar registrar() {
        return new GiteaRegistrar();
    }

    @Override
    protected RepositoryLocation location(String standInUrl) {
        return new RepositoryLocation(standInUrl + "/api/v1", "acme", "app");
    }

    @Override
    protected String authorization() {
        return "token " + TOKEN;
    }

    @Override
    protected String tokenAdvice() {
        return "the write:repository scope and admin rights on acme/app";
    }

    @Override
    protected String existingId() {
        return "9";
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        provider.on("POST", HOOKS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"id\":" + id + ",\"type\":\"gitea\",\"active\":true}";
    }

    @Override
    protected String registerCall() {
        return "POST " + HOOKS;
    }

    @Override
    protected void assertRegisterBody(JsonNode body) {
        assertThat(body.get("type").asText()).isEqualTo("gitea");
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
        assertThat(body.has("type")).isFalse();
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

        registrar().register(request(new HookEvents(false, true)));

        assertThat(only(registerCall()).json().get("events")).containsExactly(TextNode.valueOf("workflow_run"));
    }

    private static void assertHookSettings(JsonNode body) {
        JsonNode config = body.get("config");
        assertThat(config.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(config.get("content_type").asText()).isEqualTo("json");
        assertThat(config.get("secret").asText()).isEqualTo(SECRET);
        assertThat(config.get("http_method").asText()).isEqualTo("post");
        assertThat(body.get("events")).containsExactly(TextNode.valueOf("push"));
        assertThat(body.get("branch_filter").asText()).isEqualTo("main");
        assertThat(body.get("active").asBoolean()).isTrue();
    }
}
