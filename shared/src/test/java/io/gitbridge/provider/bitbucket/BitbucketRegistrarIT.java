package io.gitbridge.provider.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import org.junit.jupiter.api.Test;

/** Bitbucket Cloud's repository hooks API, on a stand-in: webhooks are named by their braced uuid. */
class BitbucketRegistrarIT extends RegistrarContract {

    private static final String HOOKS = "/2.0/repositories/acme/app/hooks";
    private static final String UUID = "{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}";
    private static final String ENCODED_UUID = "%7B0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0%7D";

    @Override
    protected WebhookRegistrar registrar() {
        return new BitbucketRegistrar();
    }

    @Override
    protected RepositoryLocation location(String standInUrl) {
        return new RepositoryLocation(standInUrl + "/2.0", "acme", "app");
    }

    @Override
    protected String authorization() {
        return "Bearer " + TOKEN;
    }

    @Override
    protected String tokenAdvice() {
        return "the webhook and repository scopes (a repository, project or workspace access token) and admin rights"
                + " on acme/app";
    }

    @Override
    protected String existingId() {
        return UUID;
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        provider.on("POST", HOOKS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"uuid\":\"" + id + "\",\"url\":\"" + WEBHOOK_URL + "\",\"secret_set\":true}";
    }

    @Override
    protected String registerCall() {
        return "POST " + HOOKS;
    }

    @Override
    protected void assertRegisterBody(JsonNode body) {
        assertHookSettings(body);
    }

    @Override
    protected void scriptUpdate(String id, int status) {
        provider.on("PUT", HOOKS + "/" + ENCODED_UUID, status,
                status == 200 ? createdAnswer(id) : "{\"type\":\"error\",\"error\":{\"message\":\"Not found\"}}");
    }

    @Override
    protected String updateCall(String id) {
        return "PUT " + HOOKS + "/" + ENCODED_UUID;
    }

    @Override
    protected void assertUpdateBody(JsonNode body) {
        assertHookSettings(body);
    }

    @Override
    protected void scriptUnregister(String id, int status) {
        provider.on("DELETE", HOOKS + "/" + ENCODED_UUID, status, status == 204 ? null
                : "{\"type\":\"error\",\"error\":{\"message\":\"Not found\"}}");
    }

    @Override
    protected String unregisterCall(String id) {
        return "DELETE " + HOOKS + "/" + ENCODED_UUID;
    }

    @Test
    void register_subscribesToBothCommitStatusEvents_forCi() {
        provider.on("POST", HOOKS, 201, createdAnswer(UUID));

        registrar().register(request(new HookEvents(false, true)));

        assertThat(only(registerCall()).json().get("events")).containsExactly(
                TextNode.valueOf("repo:commit_status_created"), TextNode.valueOf("repo:commit_status_updated"));
    }

    private static void assertHookSettings(JsonNode body) {
        assertThat(body.get("description").asText()).isEqualTo(LABEL);
        assertThat(body.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("secret").asText()).isEqualTo(SECRET);
        assertThat(body.get("events")).containsExactly(TextNode.valueOf("repo:push"));
    }
}
