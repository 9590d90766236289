package io.gitbridge.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrarContract;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Azure DevOps service hook subscriptions, on a stand-in: the repository and project ids are looked up first, and
 * each event type is its own subscription.
 */
class AzureDevOpsRegistrarIT extends RegistrarContract {

    private static final String QUERY = "?api-version=7.1";
    private static final String REPOSITORY = "/acme/Storefront/_apis/git/repositories/app";
    private static final String SUBSCRIPTIONS = "/acme/_apis/hooks/subscriptions";
    private static final String REPOSITORY_ID = "5febef5a-833d-4e14-b9c0-14cb638f91e6";
    private static final String PROJECT_ID = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";

    @Override
    protected WebhookRegistrar registrar() {
        return new AzureDevOpsRegistrar();
    }

    @Override
    protected RepositoryLocation location(String standInUrl) {
        return new RepositoryLocation(standInUrl + "/acme", "Storefront", "app");
    }

    @Override
    protected String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected String tokenAdvice() {
        return "the Service Hooks (Read & write) and Code (Read) scopes (Build (Read) too for CI) and the Edit"
                + " subscriptions permission on Storefront/app";
    }

    @Override
    protected String existingId() {
        return "sub-push";
    }

    @Override
    protected void scriptRegister(int status, String answer) {
        scriptRepository();
        provider.on("POST", SUBSCRIPTIONS, status, answer);
    }

    @Override
    protected String createdAnswer(String id) {
        return "{\"id\":\"" + id + "\",\"status\":\"enabled\"}";
    }

    @Override
    protected String registerCall() {
        return "POST " + SUBSCRIPTIONS + QUERY;
    }

    @Override
    protected void assertRegisterBody(JsonNode body) {
        assertPushSubscription(body);
    }

    @Override
    protected void scriptUpdate(String id, int status) {
        scriptRepository();
        if (status == 404) {
            provider.on("GET", SUBSCRIPTIONS + "/" + id, 404, "{\"message\":\"subscription not found\"}");
        } else {
            provider.on("GET", SUBSCRIPTIONS + "/" + id, 200, "{\"id\":\"" + id + "\",\"eventType\":\"git.push\"}");
            provider.on("PUT", SUBSCRIPTIONS + "/" + id, status, createdAnswer(id));
        }
    }

    @Override
    protected String updateCall(String id) {
        return "PUT " + SUBSCRIPTIONS + "/" + id + QUERY;
    }

    @Override
    protected void assertUpdateBody(JsonNode body) {
        assertPushSubscription(body);
    }

    @Override
    protected void scriptUnregister(String id, int status) {
        provider.on("DELETE", SUBSCRIPTIONS + "/" + id, status, status == 204 ? null : "{\"message\":\"not found\"}");
    }

    @Override
    protected String unregisterCall(String id) {
        return "DELETE " + SUBSCRIPTIONS + "/" + id + QUERY;
    }

    @Test
    void register_looksUpTheRepository_thenCreatesOneSubscriptionPerEventType() {
        scriptRepository();
        provider.on("POST", SUBSCRIPTIONS, 200, createdAnswer("sub-push"))
                .on("POST", SUBSCRIPTIONS, 200, createdAnswer("sub-build"));

        String id = registrar().register(request(new HookEvents(true, true)));

        assertThat(id).isEqualTo("sub-push,sub-build");
        assertThat(provider.calls()).containsExactly("GET " + REPOSITORY + QUERY, registerCall(), registerCall());
        var posts = provider.requests("POST");
        assertPushSubscription(posts.get(0).json());
        JsonNode build = posts.get(1).json();
        assertThat(build.get("eventType").asText()).isEqualTo("build.complete");
        assertThat(build.get("publisherInputs").get("projectId").asText()).isEqualTo(PROJECT_ID);
        assertThat(build.get("publisherInputs").get("buildStatus").asText()).isEqualTo("Succeeded");
        assertThat(build.get("consumerInputs").get("basicAuthPassword").asText()).isEqualTo(SECRET);
    }

    @Test
    void register_deletesTheSubscriptionsItCreated_whenALaterOneFails() {
        scriptRepository();
        provider.on("POST", SUBSCRIPTIONS, 200, createdAnswer("sub-push"))
                .on("POST", SUBSCRIPTIONS, 500, "{\"message\":\"VS402999: service unavailable\"}");
        provider.on("DELETE", SUBSCRIPTIONS + "/sub-push", 204, null);

        assertThatThrownBy(() -> registrar().register(request(new HookEvents(true, true))))
                .isInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("VS402999");
        assertThat(provider.calls()).contains("DELETE " + SUBSCRIPTIONS + "/sub-push" + QUERY);
    }

    @Test
    void update_keepsTheSubscriptionOfAnEventStillWanted_andDeletesTheOther() {
        scriptRepository();
        provider.on("GET", SUBSCRIPTIONS + "/sub-push", 200, "{\"id\":\"sub-push\",\"eventType\":\"git.push\"}")
                .on("GET", SUBSCRIPTIONS + "/sub-build", 200, "{\"id\":\"sub-build\",\"eventType\":\"build.complete\"}")
                .on("PUT", SUBSCRIPTIONS + "/sub-build", 200, createdAnswer("sub-build"))
                .on("DELETE", SUBSCRIPTIONS + "/sub-push", 204, null);

        String id = registrar().update("sub-push,sub-build", request(new HookEvents(false, true)));

        assertThat(id).isEqualTo("sub-build");
        assertThat(only("PUT " + SUBSCRIPTIONS + "/sub-build" + QUERY).json().get("eventType").asText())
                .isEqualTo("build.complete");
        assertThat(provider.calls()).contains("DELETE " + SUBSCRIPTIONS + "/sub-push" + QUERY)
                .doesNotContain(registerCall());
    }

    @Test
    void unregister_deletesEverySubscription() {
        provider.on("DELETE", SUBSCRIPTIONS + "/sub-push", 204, null)
                .on("DELETE", SUBSCRIPTIONS + "/sub-build", 404, "{\"message\":\"not found\"}");

        registrar().unregister("sub-push,sub-build", location(provider.url()), TOKEN);

        assertThat(provider.calls()).containsExactly("DELETE " + SUBSCRIPTIONS + "/sub-push" + QUERY,
                "DELETE " + SUBSCRIPTIONS + "/sub-build" + QUERY);
    }

    @Test
    void register_signInPageInsteadOfAnAnswer_isTokenRejected() {
        provider.on("GET", REPOSITORY, 203, null);

        assertThatThrownBy(() -> registrar().register(request()))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageContaining("sign-in page")
                .hasMessageContaining("while trying to look up the repository");
    }

    private void scriptRepository() {
        provider.on("GET", REPOSITORY, 200, "{\"id\":\"" + REPOSITORY_ID + "\",\"name\":\"app\",\"project\":{\"id\":\""
                + PROJECT_ID + "\",\"name\":\"Storefront\"}}");
    }

    private static void assertPushSubscription(JsonNode body) {
        assertThat(body.get("publisherId").asText()).isEqualTo("tfs");
        assertThat(body.get("eventType").asText()).isEqualTo("git.push");
        assertThat(body.get("consumerId").asText()).isEqualTo("webHooks");
        assertThat(body.get("consumerActionId").asText()).isEqualTo("httpRequest");
        JsonNode publisher = body.get("publisherInputs");
        assertThat(publisher.get("projectId").asText()).isEqualTo(PROJECT_ID);
        assertThat(publisher.get("repository").asText()).isEqualTo(REPOSITORY_ID);
        assertThat(publisher.get("branch").asText()).isEqualTo("refs/heads/main");
        JsonNode consumer = body.get("consumerInputs");
        assertThat(consumer.get("url").asText()).isEqualTo(WEBHOOK_URL);
        assertThat(consumer.get("basicAuthUsername").asText()).isEqualTo("gitbridge");
        assertThat(consumer.get("basicAuthPassword").asText()).isEqualTo(SECRET);
        assertThat(consumer.get("resourceDetailsToSend").asText()).isEqualTo("all");
    }
}
