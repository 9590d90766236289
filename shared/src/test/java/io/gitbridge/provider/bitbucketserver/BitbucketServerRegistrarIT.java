package io.gitbridge.provider.bitbucketserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;

/** Bitbucket Data Center's repository webhooks API, on a stand-in under a context path. */
class BitbucketServerRegistrarIT extends RegistrarContract {

    private static final String WEBHOOKS = "/bitbucket/rest/api/1.0/projects/PROJ/repos/app/webhooks";

    @Override
    protected WebhookRegistrar registrar() {
        return new BitbucketServerRegistrar();
    }

    @Override
    protected RepositoryLocation location(String standInUrl) {
        return new RepositoryLocation(standInUrl + "/bitbucket/rest/api/1.0", "PROJ", "app");
    }

    @Override
    protected String authorization() {
        return "Bearer " + TOKEN;
    }

    @Override
    protected String tokenAdvice() {
        return "Repository admin permission on PROJ/app";
    }

    @Override
    protected String existingId() {
        return "17";
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        provider.on("POST", WEBHOOKS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"id\":" + id + ",\"name\":\"" + LABEL + "\",\"active\":true}";
    }

    @Override
    protected String registerCall() {
        return "POST " + WEBHOOKS;
    }

    @Override
    protected void assertRegisterBody(JsonNode body) {
        assertHookSettings(body);
    }

    @Override
    protected void scriptUpdate(String id, int status) {
        provider.on("PUT", WEBHOOKS + "/" + id, status, status == 200 ? createdAnswer(id)
                : "{\"errors\":[{\"message\":\"No webhook with id " + id + " exists\"}]}");
    }

    @Override
    protected String updateCall(String id) {
        return "PUT " + WEBHOOKS + "/" + id;
    }

    @Override
    protected void assertUpdateBody(JsonNode body) {
        assertHookSettings(body);
    }

    @Override
    protected void scriptUnregister(String id, int status) {
        provider.on("DELETE", WEBHOOKS + "/" + id, status, status == 204 ? null
                : "{\"errors\":[{\"message\":\"No webhook with id " + id + " exists\"}]}");
    }

    @Override
    protected String unregisterCall(String id) {
        return "DELETE " + WEBHOOKS + "/" + id;
    }

    private static void assertHookSettings(JsonNode body) {
        assertThat(body.get("name").asText()).isEqualTo(LABEL);
        assertThat(body.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("events")).containsExactly(TextNode.valueOf("repo:refs_changed"));
        assertThat(body.get("configuration").get("secret").asText()).isEqualTo(SECRET);
    }
}
