package io.gitbridge.provider.gitflic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GitFlic project webhooks API (reference/gitflic-webhook-api.ru.txt), on a stand-in of a self-hosted one. */
class GitFlicRegistrarIT extends RegistrarContract {

    private static final String WEBHOOKS = "/rest-api/project/acme/app/setting/webhook";
    private static final String ID = "2d8b3e0c-5f4a-4c1e-9b7d-0a1b2c3d4e5f";

    @Override
    protected WebhookRegistrar registrar() {
        return new GitFlicRegistrar();
    }

    @Override
    protected RepositoryLocation location(String standInUrl) {
        return new RepositoryLocation(standInUrl + "/rest-api", "acme", "app");
    }

    @Override
    protected String authorization() {
        return "token " + TOKEN;
    }

    @Override
    protected String tokenAdvice() {
        return "the PROJECT_READ and PROJECT_EDIT scopes and to belong to an administrator of project acme/app";
    }

    @Override
    protected String existingId() {
        return ID;
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        provider.on("POST", WEBHOOKS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"id\":\"" + id + "\",\"url\":\"" + WEBHOOK_URL + "\",\"secret\":\"" + SECRET + "\","
                + "\"projectId\":\"p-1\",\"createdAt\":\"2024-05-03T20:35:35.895525Z\","
                + "\"updatedAt\":\"2024-05-03T20:35:35.895526Z\",\"events\":{\"BRANCH_UPDATE\":true}}";
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
        provider.on("POST", WEBHOOKS + "/" + id, status, status == 200 ? createdAnswer(id) : null);
    }

    @Override
    protected String updateCall(String id) {
        return "POST " + WEBHOOKS + "/" + id;
    }

    @Override
    protected void assertUpdateBody(JsonNode body) {
        assertHookSettings(body);
    }

    @Override
    protected void scriptUnregister(String id, int status) {
        provider.on("POST", WEBHOOKS + "/" + id + "/delete", status, null);
    }

    @Override
    protected String unregisterCall(String id) {
        return "POST " + WEBHOOKS + "/" + id + "/delete";
    }

    /** GitFlic's update is a POST too, so only the create path must not have been called. */
    @Test
    @Override
    protected void update_changesTheWebhookInPlace() {
        scriptUpdate(existingId(), 200);

        String id = registrar().update(existingId(), request());

        assertThat(id).isEqualTo(existingId());
        assertUpdateBody(only(updateCall(existingId())).json());
        assertThat(provider.calls()).containsExactly(updateCall(existingId()));
    }

    @Test
    void register_forbidden_saysTheTokensUserIsNotAnAdministratorOfTheProject() {
        scriptRegister(403, null);

        assertThatThrownBy(() -> registrar().register(request()))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageStartingWith("GitFlic rejected the token (HTTP 403: the token's user is not an"
                        + " administrator of project acme/app) while trying to create the webhook");
    }

    @Test
    void register_subscribesToSuccessfulPipelines_forCi() {
        scriptRegister(200, createdAnswer("1"));

        registrar().register(request(new HookEvents(false, true)));

        assertThat(wanted(only(registerCall()).json())).containsExactly("PIPELINE_SUCCESS");
    }

    private static void assertHookSettings(JsonNode body) {
        assertThat(body.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(body.get("secret").asText()).isEqualTo(SECRET);
        assertThat(body.get("events").size()).as("every event is listed").isEqualTo(24);
        assertThat(wanted(body)).containsExactly("BRANCH_UPDATE");
    }

    private static List<String> wanted(JsonNode body) {
        List<String> wanted = new ArrayList<>();
        body.get("events").fields().forEachRemaining(event -> {
            assertThat(event.getValue().isBoolean()).as(event.getKey()).isTrue();
            if (event.getValue().asBoolean()) {
                wanted.add(event.getKey());
            }
        });
        return wanted;
    }
}
