package io.gitbridge.provider.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import org.junit.jupiter.api.Test;

/** GitLab's project hooks API, on a stand-in: the project is addressed by its URL-encoded path with nested groups. */
class GitLabRegistrarIT extends RegistrarContract {

    private static final String HOOKS = "/api/v4/projects/acme%2Fplatform%2Fapp/hooks";

    @Override
    protected WebhookRegistrar registrar() {
        return new GitLabRegistrar();
    }

    @Override
    protected RepositoryLocation location(String standInUrl) {
        return new RepositoryLocation(standInUrl + "/api/v4", "acme/platform", "app");
    }

    @Override
    protected String authorization() {
        return "Bearer " + TOKEN;
    }

    @Override
    protected String tokenAdvice() {
        return "the api scope and at least the Maintainer role on acme/platform/app";
    }

    @Override
    protected String existingId() {
        return "42";
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        provider.on("POST", HOOKS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"id\":" + id + ",\"url\":\"" + WEBHOOK_URL + "\",\"push_events\":true}";
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
        provider.on("PUT", HOOKS + "/" + id, status,
                status == 200 ? createdAnswer(id) : "{\"message\":\"404 Not found\"}");
    }

    @Override
    protected String updateCall(String id) {
        return "PUT " + HOOKS + "/" + id;
    }

    @Override
    protected void assertUpdateBody(JsonNode body) {
        assertHookSettings(body);
    }

    @Override
    protected void scriptUnregister(String id, int status) {
        provider.on("DELETE", HOOKS + "/" + id, status, status == 204 ? null : "{\"message\":\"404 Not found\"}");
    }

    @Override
    protected String unregisterCall(String id) {
        return "DELETE " + HOOKS + "/" + id;
    }

    @Test
    void register_subscribesToPipelinesOnly_forACiOnlyHook() {
        provider.on("POST", HOOKS, 201, createdAnswer("1"));

        registrar().register(request(new HookEvents(false, true)));

        JsonNode body = only(registerCall()).json();
        assertThat(body.get("push_events").asBoolean()).isFalse();
        assertThat(body.get("pipeline_events").asBoolean()).isTrue();
    }

    @Test
    void register_sendsAStandardWebhooksKey_asTheSigningToken() {
        provider.on("POST", HOOKS, 201, createdAnswer("1"));
        String key = "whsec_mVXCS/TUFfXslI2mOYifsrOmdYgEzjS+DrAmeizyNAo=";

        registrar().register(new RegistrationRequest(location(provider.url()), TOKEN, WEBHOOK_URL, key,
                new HookEvents(true, false), "main", LABEL));

        JsonNode body = only(registerCall()).json();
        assertThat(body.get("signing_token").asText()).isEqualTo(key);
        assertThat(body.has("token")).isFalse();
    }

    private static void assertHookSettings(JsonNode body) {
        assertThat(body.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(body.get("token").asText()).isEqualTo(SECRET);
        assertThat(body.get("push_events").asBoolean()).isTrue();
        assertThat(body.get("pipeline_events").asBoolean()).isFalse();
        assertThat(body.get("tag_push_events").asBoolean()).isFalse();
        assertThat(body.get("push_events_branch_filter").asText()).isEqualTo("main");
        assertThat(body.get("branch_filter_strategy").asText()).isEqualTo("wildcard");
        assertThat(body.get("enable_ssl_verification").asBoolean()).isTrue();
    }
}
