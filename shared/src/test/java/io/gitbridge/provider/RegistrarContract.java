package io.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.testkit.http.StandInServer;
import io.gitbridge.testkit.http.StandInServer.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link WebhookRegistrar} does against a stand-in of its provider's API: which requests it sends, with
 * which credentials and bodies, and which {@link RegistrationException} each failure becomes. A provider's
 * {@code <Name>RegistrarIT} says where its API is and what its requests look like.
 */
public abstract class RegistrarContract {

    protected static final String TOKEN = "tkn_5c1d2e3f4a5b6c7d8e9f";
    protected static final String SECRET = "hook-secret-0123456789";
    protected static final String WEBHOOK_URL = "https://gw.example.com/webhooks/hk_abcdefghijklmnopqrstuvwxyz";
    protected static final String LABEL = "gitbridge app (hk_abcdefghijklmnopqrstuvwxyz)";

    protected StandInServer provider;

    /** The registrar under test. */
    protected abstract WebhookRegistrar registrar();

    /** The repository, with its API on the stand-in at {@code standInUrl}. */
    protected abstract RepositoryLocation location(String standInUrl);

    /** The {@code Authorization} header every request must carry for {@link #TOKEN}. */
    protected abstract String authorization();

    /** What the rejection message must say the token needs, completing "it needs …", with the repository. */
    protected abstract String tokenAdvice();

    /** The provider's id of an existing webhook, as the registrar stores it. */
    protected abstract String existingId();

    /** Scripts every answer registering needs, the webhook's creation answering {@code status} and {@code answer}. */
    protected abstract void scriptRegister(int status, String answer);

    /** The provider's answer to creating a webhook that gets id {@code id}. */
    protected abstract String createdAnswer(String id);

    /** {@code METHOD /raw/path?query} of the request that creates the webhook. */
    protected abstract String registerCall();

    /** Checks the body of the request that creates the webhook, for {@link #request()}. */
    protected abstract void assertRegisterBody(JsonNode body);

    /** Scripts every answer updating {@code id} needs, the change itself answering {@code status}. */
    protected abstract void scriptUpdate(String id, int status);

    /** {@code METHOD /raw/path?query} of the request that changes webhook {@code id}. */
    protected abstract String updateCall(String id);

    /** Checks the body of the request that changes the webhook, for {@link #request()}. */
    protected abstract void assertUpdateBody(JsonNode body);

    /** Scripts the answer to deleting webhook {@code id}. */
    protected abstract void scriptUnregister(String id, int status);

    /** {@code METHOD /raw/path?query} of the request that deletes webhook {@code id}. */
    protected abstract String unregisterCall(String id);

    /** The hook: push events on {@code main}. */
    protected RegistrationRequest request() {
        return request(new HookEvents(true, false));
    }

    protected RegistrationRequest request(HookEvents events) {
        return new RegistrationRequest(location(provider.url()), TOKEN, WEBHOOK_URL, SECRET, events, "main", LABEL);
    }

    @BeforeEach
    void startProvider() {
        provider = StandInServer.start();
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    @Test
    void register_createsTheWebhook_withTheTokenAndTheHooksSettings() {
        scriptRegister(201, createdAnswer("7001"));

        String id = registrar().register(request());

        assertThat(id).isEqualTo(expectedId("7001"));
        RecordedRequest create = only(registerCall());
        assertThat(create.header("Content-Type")).startsWith("application/json");
        assertRegisterBody(create.json());
        assertEveryRequestIsAuthorized();
    }

    @Test
    protected void update_changesTheWebhookInPlace() {
        scriptUpdate(existingId(), 200);

        String id = registrar().update(existingId(), request());

        assertThat(id).isEqualTo(existingId());
        assertUpdateBody(only(updateCall(existingId())).json());
        assertThat(provider.requests("POST")).isEmpty();
        assertEveryRequestIsAuthorized();
    }

    @Test
    void update_createsTheWebhookAgain_whenTheProviderHasLostIt() {
        scriptUpdate(existingId(), 404);
        scriptRegister(201, createdAnswer("7002"));

        String id = registrar().update(existingId(), request());

        assertThat(id).isEqualTo(expectedId("7002"));
        assertRegisterBody(only(registerCall()).json());
    }

    @Test
    void unregister_deletesTheWebhook() {
        scriptUnregister(existingId(), 204);

        registrar().unregister(existingId(), location(provider.url()), TOKEN);

        assertThat(provider.calls()).containsExactly(unregisterCall(existingId()));
        assertEveryRequestIsAuthorized();
    }

    @Test
    void unregister_isFine_whenTheProviderHasLostTheWebhook() {
        scriptUnregister(existingId(), 404);

        registrar().unregister(existingId(), location(provider.url()), TOKEN);

        assertThat(provider.calls()).containsExactly(unregisterCall(existingId()));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void register_tokenTheProviderRefuses_isTokenRejected_sayingWhatTheTokenNeeds(int status) {
        scriptRegister(status, "{\"message\":\"Bad credentials\"}");

        assertThatThrownBy(() -> registrar().register(request()))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageContaining("rejected the token (HTTP " + status)
                .hasMessageContaining("it needs " + tokenAdvice())
                .message().doesNotContain(TOKEN, SECRET);
    }

    @Test
    void update_tokenTheProviderRefuses_isTokenRejected() {
        scriptUpdate(existingId(), 401);

        assertThatThrownBy(() -> registrar().update(existingId(), request()))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageContaining("it needs " + tokenAdvice());
    }

    @Test
    void unregister_tokenTheProviderRefuses_isTokenRejected() {
        scriptUnregister(existingId(), 403);

        assertThatThrownBy(() -> registrar().unregister(existingId(), location(provider.url()), TOKEN))
                .isInstanceOf(RegistrationException.TokenRejected.class)
                .hasMessageContaining("(HTTP 403");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void register_providerFailing_isProviderUnavailable(int status) {
        scriptRegister(status, "{\"message\":\"Server Error\"}");

        assertThatThrownBy(() -> registrar().register(request()))
                .isInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("failed (HTTP " + status)
                .message().doesNotContain(TOKEN, SECRET);
    }

    @Test
    void register_providerUnreachable_isProviderUnavailable_keepingTheCause() {
        RepositoryLocation location = location(provider.url());
        provider.close();

        assertThatThrownBy(() -> registrar().register(new RegistrationRequest(location, TOKEN, WEBHOOK_URL, SECRET,
                new HookEvents(true, false), "main", LABEL)))
                .isInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("could not be reached")
                .hasCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void register_requestTheProviderRefuses_isRefused_withItsMessage_withoutTheCredentials() {
        String said = "{\"message\":\"url " + WEBHOOK_URL + " is blocked; token " + TOKEN + ", secret " + SECRET + "\"}";
        scriptRegister(422, said);

        assertThatThrownBy(() -> registrar().register(request()))
                .isInstanceOf(RegistrationException.Refused.class)
                .hasMessageContaining("(HTTP 422")
                .hasMessageContaining("is blocked")
                .message().doesNotContain(TOKEN, SECRET);
    }

    /** The id the registrar returns when the provider created webhook {@code created}. */
    protected String expectedId(String created) {
        return created;
    }

    /** The one request made with this method and path, failing when there was none or more. */
    protected RecordedRequest only(String call) {
        var matching = provider.requests().stream()
                .filter(request -> (request.method() + " " + request.pathAndQuery()).equals(call)).toList();
        assertThat(matching).as("requests %s among %s", call, provider.calls()).hasSize(1);
        return matching.get(0);
    }

    private void assertEveryRequestIsAuthorized() {
        assertThat(provider.requests()).isNotEmpty()
                .allSatisfy(request -> assertThat(request.header("Authorization")).isEqualTo(authorization()));
    }
}
