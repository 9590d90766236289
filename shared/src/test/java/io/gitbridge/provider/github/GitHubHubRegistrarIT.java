package io.gitbridge.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.testkit.http.GitHubHubStandIn;
import io.gitbridge.testkit.http.StandInServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitHubHubRegistrar} against a stand-in of GitHub Enterprise Server's PubSubHubbub hub
 * ({@code /api/v3/hub}) that checks method, path, token, content type and every form field.
 */
class GitHubHubRegistrarIT {

    private static final String TOKEN = "ghp_hubTokenValue0123456789";
    private static final String SECRET = "hub-secret-0123456789";
    private static final String NEW_SECRET = "hub-secret-rotated-9876543210";
    private static final String CALLBACK = "https://gw.example.com/webhooks/hk_abcdefghijklmnopqrstuvwxyz";
    private static final String SOURCE = "https://ghe.example.com/acme/app.git";
    private static final String PUSH = "https://ghe.example.com/acme/app/events/push";
    private static final String RUNS = "https://ghe.example.com/acme/app/events/workflow_run";

    private final GitHubHubRegistrar registrar = new GitHubHubRegistrar();
    private GitHubHubStandIn hub;

    @BeforeEach
    void startHub() {
        hub = GitHubHubStandIn.start("/api/v3", TOKEN, "https://ghe.example.com");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void register_subscribesThePushTopic_withEveryFormFieldAndTheToken() {
        String id = registrar.register(request(SECRET, new HookEvents(true, false), CALLBACK));

        assertThat(id).isEqualTo(CALLBACK + " " + PUSH);
        assertThat(hub.requests()).hasSize(1);
        GitHubHubStandIn.HubRequest sent = hub.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v3/hub");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(sent.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(sent.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(sent.form()).containsExactly(Map.entry("hub.mode", "subscribe"), Map.entry("hub.topic", PUSH),
                Map.entry("hub.callback", CALLBACK), Map.entry("hub.secret", SECRET));
        assertThat(hub.secret(PUSH, CALLBACK)).contains(SECRET);
    }

    @Test
    void register_subscribesTheWorkflowRunTopicToo_forCi() {
        String id = registrar.register(request(SECRET, new HookEvents(true, true), CALLBACK));

        assertThat(id).isEqualTo(CALLBACK + " " + PUSH + " " + RUNS);
        assertThat(hub.calls()).containsExactly("subscribe " + PUSH, "subscribe " + RUNS);
        assertThat(hub.secret(RUNS, CALLBACK)).contains(SECRET);
    }

    @Test
    void register_refused_isRefusedWithTheHubsReason_withoutTheToken_andWithdrawsWhatItSubscribed() {
        hub.refuse(RUNS, 422, "Invalid topic for token " + TOKEN + ": Actions are disabled");

        assertThatThrownBy(() -> registrar.register(request(SECRET, new HookEvents(true, true), CALLBACK)))
                .isInstanceOf(RegistrationException.Refused.class)
                .hasMessage("GitHub refused to subscribe to the workflow_run events through GitHub's PubSubHubbub hub"
                        + " on acme/app (HTTP 422, \"Invalid topic for token ***: Actions are disabled\")");
        assertThat(hub.calls()).containsExactly("subscribe " + PUSH, "subscribe " + RUNS, "unsubscribe " + PUSH);
        assertThat(hub.subscriptions()).isEmpty();
    }

    @Test
    void register_rejectedToken_isTokenRejected() {
        GitHubHubStandIn other = GitHubHubStandIn.start("/api/v3", "ghp_someoneElsesToken", "https://ghe.example.com");
        try (other) {
            RegistrationRequest request = new RegistrationRequest(new RepositoryLocation(other.apiUrl(), "acme", "app"),
                    TOKEN, CALLBACK, SECRET, new HookEvents(true, false), "main", "label", SOURCE);

            assertThatThrownBy(() -> registrar.register(request))
                    .isInstanceOf(RegistrationException.TokenRejected.class)
                    .hasMessageContaining("HTTP 401: not a valid token, \"Bad credentials\"")
                    .hasMessageNotContaining(TOKEN);
            assertThat(other.subscriptions()).isEmpty();
        }
    }

    @Test
    void register_hubFailing_isProviderUnavailable() {
        hub.refuse(PUSH, 503, "hub is down");

        assertThatThrownBy(() -> registrar.register(request(SECRET, new HookEvents(true, false), CALLBACK)))
                .isInstanceOf(RegistrationException.ProviderUnavailable.class)
                .hasMessageContaining("failed (HTTP 503, \"hub is down\")");
    }

    @Test
    void register_followsNoRedirect_soTheTokenStaysWithTheHub() {
        try (StandInServer moved = StandInServer.start()) {
            moved.on("POST", "/hub", 307, null, Map.of("Location", "https://elsewhere.example.net/hub"));
            RegistrationRequest request = new RegistrationRequest(new RepositoryLocation(moved.url(), "acme", "app"),
                    TOKEN, CALLBACK, SECRET, new HookEvents(true, false), "main", "label", SOURCE);

            assertThatThrownBy(() -> registrar.register(request))
                    .isInstanceOf(RegistrationException.Refused.class)
                    .hasMessageContaining("answered with a redirect (HTTP 307) to https://elsewhere.example.net");
            assertThat(moved.requests()).hasSize(1);
        }
    }

    @Test
    void register_quotesAPlainTextRefusal_shortenedAndWithoutTheSecret() {
        try (StandInServer plain = StandInServer.start()) {
            plain.on("POST", "/hub", 422, "Callback refused:\n secret " + SECRET + " " + "x".repeat(400),
                    Map.of("Content-Type", "text/plain; charset=utf-8"));
            RegistrationRequest request = new RegistrationRequest(new RepositoryLocation(plain.url(), "acme", "app"),
                    TOKEN, CALLBACK, SECRET, new HookEvents(true, false), "main", "label", SOURCE);

            assertThatThrownBy(() -> registrar.register(request))
                    .isInstanceOf(RegistrationException.Refused.class)
                    .hasMessageContaining("(HTTP 422, \"Callback refused: secret *** xxx")
                    .hasMessageNotContaining(SECRET)
                    .hasMessageEndingWith("…\")");
        }
    }

    @Test
    void update_subscribesAgainWithTheNewSecret_whichTheHubKeepsInPlaceOfTheOld() {
        String id = registrar.register(request(SECRET, new HookEvents(true, false), CALLBACK));
        hub.clearRequests();

        String updated = registrar.update(id, request(NEW_SECRET, new HookEvents(true, false), CALLBACK));

        assertThat(updated).isEqualTo(id);
        assertThat(hub.calls()).containsExactly("subscribe " + PUSH);
        assertThat(hub.secret(PUSH, CALLBACK)).contains(NEW_SECRET);
        assertThat(hub.subscriptions()).hasSize(1);
    }

    @Test
    void update_withoutCi_unsubscribesTheWorkflowRunTopic() {
        String id = registrar.register(request(SECRET, new HookEvents(true, true), CALLBACK));
        hub.clearRequests();

        String updated = registrar.update(id, request(SECRET, new HookEvents(true, false), CALLBACK));

        assertThat(updated).isEqualTo(CALLBACK + " " + PUSH);
        assertThat(hub.calls()).containsExactly("subscribe " + PUSH, "unsubscribe " + RUNS);
        assertThat(hub.requests().get(1).form()).doesNotContainKey("hub.secret");
        assertThat(hub.subscriptions()).containsExactly(Map.entry(PUSH, CALLBACK));
    }

    @Test
    void update_toAnotherCallback_unsubscribesTheOldOne() {
        String id = registrar.register(request(SECRET, new HookEvents(true, false), CALLBACK));
        String moved = "https://hooks.example.org/webhooks/hk_abcdefghijklmnopqrstuvwxyz";

        String updated = registrar.update(id, request(SECRET, new HookEvents(true, false), moved));

        assertThat(updated).isEqualTo(moved + " " + PUSH);
        assertThat(hub.subscriptions()).containsExactly(Map.entry(PUSH, moved));
    }

    @Test
    void update_refused_isRefused_andKeepsTheOldSubscription() {
        String id = registrar.register(request(SECRET, new HookEvents(true, false), CALLBACK));
        hub.refuse(PUSH, 422, "Hook limit reached");

        assertThatThrownBy(() -> registrar.update(id, request(NEW_SECRET, new HookEvents(true, false), CALLBACK)))
                .isInstanceOf(RegistrationException.Refused.class).hasMessageContaining("Hook limit reached");
        assertThat(hub.secret(PUSH, CALLBACK)).contains(SECRET);
    }

    @Test
    void unregister_unsubscribesEveryTopic_withoutTheSecret() {
        String id = registrar.register(request(SECRET, new HookEvents(true, true), CALLBACK));
        hub.clearRequests();

        registrar.unregister(id, new RepositoryLocation(hub.apiUrl(), "acme", "app"), TOKEN);

        assertThat(hub.calls()).containsExactly("unsubscribe " + PUSH, "unsubscribe " + RUNS);
        assertThat(hub.requests()).allSatisfy(sent -> {
            assertThat(sent.form()).containsExactly(Map.entry("hub.mode", "unsubscribe"),
                    Map.entry("hub.topic", sent.form().get("hub.topic")), Map.entry("hub.callback", CALLBACK));
            assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        });
        assertThat(hub.subscriptions()).isEmpty();
    }

    @Test
    void unregister_refusesAnIdThatNamesNoTopic() {
        assertThatThrownBy(() -> registrar.unregister("12345", new RepositoryLocation(hub.apiUrl(), "acme", "app"),
                TOKEN)).isInstanceOf(RegistrationException.Refused.class)
                .hasMessageContaining("does not name a callback and its topics");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void topics_useTheWebHost_derivedFromTheApiBase_whenTheRequestHasNoCloneUrl() {
        RegistrationRequest dotCom = new RegistrationRequest(new RepositoryLocation("https://api.github.com", "acme",
                "app"), TOKEN, CALLBACK, SECRET, new HookEvents(true, true), "main", "label");
        RegistrationRequest enterprise = new RegistrationRequest(new RepositoryLocation(
                "https://ghe.example.com/api/v3", "acme", "app"), TOKEN, CALLBACK, SECRET,
                new HookEvents(false, true), "main", "label");

        assertThat(GitHubHubRegistrar.topics(dotCom)).containsExactly("https://github.com/acme/app/events/push",
                "https://github.com/acme/app/events/workflow_run");
        assertThat(GitHubHubRegistrar.topics(enterprise)).containsExactly(RUNS);
    }

    @Test
    void register_leavesTheDefaultPortOfTheCloneUrlOutOfTheTopic() {
        RegistrationRequest withPort = new RegistrationRequest(new RepositoryLocation(hub.apiUrl(), "acme", "app"),
                TOKEN, CALLBACK, SECRET, new HookEvents(true, false), "main", "label",
                "https://ghe.example.com:443/acme/app.git");

        assertThat(registrar.register(withPort)).isEqualTo(CALLBACK + " " + PUSH);
        assertThat(hub.calls()).containsExactly("subscribe " + PUSH);
        assertThat(hub.secret(PUSH, CALLBACK)).contains(SECRET);
    }

    private RegistrationRequest request(String secret, HookEvents events, String callback) {
        return new RegistrationRequest(new RepositoryLocation(hub.apiUrl(), "acme", "app"), TOKEN, callback, secret,
                events, "main", "gitbridge app (hk_abcdefghijklmnopqrstuvwxyz)", SOURCE);
    }
}
