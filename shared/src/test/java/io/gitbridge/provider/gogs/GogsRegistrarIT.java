package io.gitbridge.provider.gogs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;

/** The Gogs repository hooks API, on a stand-in. */
class GogsRegistrarIT extends RegistrarContract {

    private static final String HOOKS = "/api/v1/repos/acme/app/hooks";

    @Override
    protected WebhookRegistrar registrar() {
        return new GogsRegistrar();
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
        return "an access token of a user with admin rights on acme/app";
    }

    @Override
    protected String existingId() {
        return "12";
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        provider.on("POST", HOOKS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"id\":" + id + ",\"type\":\"gogs\",\"active\":true,\"events\":[\"push\"]}";
    }

    @Override
    protected String registerCall() {
        return "POST " + HOOKS;
    }

    @Override
    protected void assertRegisterBody(JsonNode body) {
        assertThat(body.get("type").asText()).isEqualTo("gogs");
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

    private static void assertHookSettings(JsonNode body) {
        JsonNode config = body.get("config");
        assertThat(config.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(config.get("content_type").asText()).isEqualTo("json");
        assertThat(config.get("secret").asText()).isEqualTo(SECRET);
        assertThat(body.get("events")).containsExactly(TextNode.valueOf("push"));
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.has("branch_filter")).as("Gogs has no branch filter").isFalse();
    }
}
