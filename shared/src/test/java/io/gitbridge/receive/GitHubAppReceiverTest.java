package io.gitbridge.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.AppSource;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.github.app.AppPrivateKey;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The routing and fan-out logic of the app's webhook, over in-memory stores (the same paths against DynamoDB Local
 * and ElasticMQ: {@code ReceiverGitHubAppIT}).
 */
class GitHubAppReceiverTest {

    private static final String SECRET = "app-secret-0123456789";
    private static final Instant NOW = Instant.parse("2026-11-30T07:00:00Z");

    private final Routes store = new Routes();
    private final Map<String, Hook> hooks = new LinkedHashMap<>();
    private final Log log = new Log();
    private final List<SyncRequest> sent = new ArrayList<>();
    private final GitHubAppReceiver receiver = new GitHubAppReceiver(store, new WebhookReceiver(new Hooks(),
            Providers.standard(), log, (request, attempt) -> sent.add(request), Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void routesByRepositoryIdAndFullName_asTheDeliveryNamesThem() {
        receiver.receive(delivery("push", push(), "g-1"));

        assertThat(store.asked).containsExactly("186853002 acme/app");
    }

    @Test
    void aRepositoryWithoutAnId_isRoutedByItsFullNameAlone() {
        receiver.receive(delivery("push", push().replace("\"id\": 186853002,", ""), "g-1"));

        assertThat(store.asked).containsExactly("0 acme/app");
    }

    @Test
    void everyRoutedHook_appliesItsOwnRules_andOnlyTheOnesThatWantItQueue() {
        hook("hk_main", "main", new HookEvents(true, false));
        hook("hk_release", "release", new HookEvents(true, false));
        hook("hk_ci", "main", new HookEvents(false, true));
        store.route("hk_main", "hk_release", "hk_ci");

        GitHubAppOutcome.Routed routed = (GitHubAppOutcome.Routed) receiver.receive(delivery("push", push(), "g-1"));

        assertThat(routed.status()).isEqualTo("queued");
        assertThat(routed.queued()).containsExactly("hk_main");
        assertThat(routed.hooks()).extracting(GitHubAppOutcome.HookResult::hookId)
                .containsExactly("hk_main", "hk_release", "hk_ci");
        assertThat(((ReceiveOutcome.Ignored) routed.hooks().get(1).outcome()).reason())
                .isEqualTo("push to refs/heads/main; this hook follows refs/heads/release");
        assertThat(((ReceiveOutcome.Ignored) routed.hooks().get(2).outcome()).reason())
                .isEqualTo("this hook is not subscribed to push events");
        assertThat(sent).extracting(SyncRequest::hookId).containsExactly("hk_main");
        assertThat(log.entries).extracting(Delivery::hookId).containsExactly("hk_main", "hk_release", "hk_ci");
        assertThat(log.entries).allSatisfy(entry -> assertThat(entry.verification())
                .isEqualTo(Delivery.Verification.APP));
    }

    @Test
    void aRouteToAHookThatNoLongerExists_isIgnored_andTheDeliveryLoggedForTheApp() {
        store.route("hk_gone");

        GitHubAppOutcome.Routed routed = (GitHubAppOutcome.Routed) receiver.receive(delivery("push", push(), "g-1"));

        assertThat(routed.status()).isEqualTo("ignored");
        assertThat(((ReceiveOutcome.Ignored) routed.hooks().get(0).outcome()).reason())
                .isEqualTo("hook hk_gone no longer exists");
        assertThat(routed.reason()).isEqualTo("no hook routed to acme/app wants this delivery");
        assertThat(log.entries).extracting(Delivery::hookId).containsExactly(GitHubAppReceiver.APP_LOG);
        assertThat(sent).isEmpty();
    }

    @Test
    void aRoutedHookOfAnotherProvider_isIgnored() {
        hooks.put("hk_gitlab", Hook.builder().id("hk_gitlab").project("p").provider("gitlab")
                .sourceRepo("https://gitlab.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("a-gitlab-secret-0123").buildRepo("https://git.example.net/b.git").buildBranch("master")
                .createdAt(NOW).updatedAt(NOW).build());
        store.route("hk_gitlab");

        GitHubAppOutcome.Routed routed = (GitHubAppOutcome.Routed) receiver.receive(delivery("push", push(), "g-1"));

        assertThat(((ReceiveOutcome.Ignored) routed.hooks().get(0).outcome()).reason())
                .isEqualTo("hook hk_gitlab is not a GitHub hook");
        assertThat(sent).isEmpty();
    }

    @Test
    void aHookRoutedByNameOnly_whoseRepositoryIdIsAnother_isIgnored_andNotSynced() {
        // hk_old was built from the repository that was called acme/app before (id 42); the delivery's id 186853002 is
        // the repository that carries the name now.
        hooks.put("hk_old", Hook.builder().id("hk_old").project("p").provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("a-hook-secret-0123456").buildRepo("https://git.example.net/b.git").buildBranch("master")
                .createdAt(NOW).updatedAt(NOW).appSource(new AppSource(7, 42, "acme/app")).build());
        store.route("hk_old");

        GitHubAppOutcome.Routed routed = (GitHubAppOutcome.Routed) receiver.receive(delivery("push", push(), "g-1"));

        assertThat(routed.status()).isEqualTo("ignored");
        assertThat(((ReceiveOutcome.Ignored) routed.hooks().get(0).outcome()).reason())
                .isEqualTo("hook hk_old syncs the repository with id 42, not this delivery's 186853002 (which is now"
                        + " named acme/app)");
        assertThat(sent).isEmpty();
        assertThat(log.entries).extracting(Delivery::hookId).containsExactly(GitHubAppReceiver.APP_LOG);
    }

    @Test
    void aPushForTheHooksRepositoryId_underTheRepositorysNewName_queuesTheSync() {
        // The hook was built from acme/old-name; GitHub renamed it acme/app and keeps its id 186853002.
        hooks.put("hk_renamed", Hook.builder().id("hk_renamed").project("p").provider("github")
                .sourceRepo("https://github.com/acme/old-name.git").branch("main")
                .events(new HookEvents(true, false)).secret("a-hook-secret-0123456")
                .buildRepo("https://git.example.net/b.git").buildBranch("master").createdAt(NOW).updatedAt(NOW)
                .appSource(new AppSource(7, 186853002, "acme/old-name")).build());
        store.route("hk_renamed");

        GitHubAppOutcome.Routed routed = (GitHubAppOutcome.Routed) receiver.receive(delivery("push", push(), "g-1"));

        assertThat(routed.status()).as(routed.toString()).isEqualTo("queued");
        assertThat(sent).extracting(SyncRequest::hookId).containsExactly("hk_renamed");
    }

    @Test
    void aPushWhoseRepositoryHasNeitherIdNorName_isMalformed() {
        String anonymous = "{\"ref\":\"refs/heads/main\",\"repository\":{\"name\":\"app\"}}";

        assertThatThrownBy(() -> receiver.receive(delivery("push", anonymous, "g-1")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload's repository has neither id nor full_name");
        assertThatThrownBy(() -> receiver.receive(delivery("push", "{\"repository\":{\"id\":\"186853002\"}}", "g-2")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload field repository.id must be a positive integer");
        assertThat(store.asked).isEmpty();
    }

    private void hook(String id, String branch, HookEvents events) {
        hooks.put(id, Hook.builder().id(id).project("project-" + id).provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch(branch).events(events)
                .secret("a-hook-secret-0123456").buildRepo("https://git.example.net/" + id + ".git")
                .buildBranch("master").createdAt(NOW).updatedAt(NOW).build());
    }

    private static String push() {
        return Fixtures.text("github/push.json");
    }

    private static WebhookRequest delivery(String event, String body, String guid) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookRequest(Map.of("content-type", "application/json", "x-github-event", event,
                "x-github-delivery", guid, "x-hub-signature-256",
                "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, bytes))), bytes);
    }

    /** The app and its routes; installations are not part of these cases. */
    private static final class Routes implements GitHubAppStore {
        final List<String> routed = new ArrayList<>();
        final List<String> asked = new ArrayList<>();

        void route(String... hookIds) {
            routed.addAll(List.of(hookIds));
        }

        @Override
        public Optional<StoredApp> app() {
            return Optional.of(new StoredApp(new GitHubApp(1, null, "gitbridge", "gitbridge", "acme", "github.com",
                    GitHubApp.GITHUB_API, SECRET), NOW));
        }

        @Override
        public List<String> hooksFor(long repositoryId, String fullName) {
            asked.add(repositoryId + " " + fullName);
            return List.copyOf(routed);
        }

        @Override
        public void putApp(GitHubApp app, String privateKeyPem, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<AppPrivateKey> privateKey() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putPendingWebhookSecret(String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> pendingWebhookSecret() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean putInstallation(Installation installation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Installation> installation(long installationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Installation> installations() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addRoutes(String hookId, long repositoryId, String fullName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeRoutes(String hookId, long repositoryId, String fullName) {
            throw new UnsupportedOperationException();
        }
    }

    private final class Hooks implements HookRepository {
        @Override
        public Optional<Hook> find(String id) {
            return Optional.ofNullable(hooks.get(id));
        }

        @Override
        public void create(Hook hook) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean update(Hook previous, Hook updated) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<Hook> list(int limit, String cursor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordSync(String id, LastSync outcome) {
            throw new UnsupportedOperationException();
        }
    }

    /** A log that keeps every entry in order, deduplicating queued ones by hook and delivery id. */
    private static final class Log implements DeliveryLog {
        final List<Delivery> entries = new ArrayList<>();
        final Map<String, Delivery> queued = new HashMap<>();

        @Override
        public boolean recordQueued(Delivery delivery) {
            if (queued.putIfAbsent(delivery.hookId() + " " + delivery.deliveryId(), delivery) != null) {
                return false;
            }
            entries.add(delivery);
            return true;
        }

        @Override
        public void record(Delivery delivery) {
            entries.add(delivery);
        }

        @Override
        public void forget(String hookId, String deliveryId) {
            entries.remove(queued.remove(hookId + " " + deliveryId));
        }

        @Override
        public Optional<Delivery> find(String hookId, String deliveryId) {
            return Optional.ofNullable(queued.get(hookId + " " + deliveryId));
        }

        @Override
        public Page<Delivery> list(String hookId, int limit, String cursor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordSync(String hookId, String deliveryId, LastSync outcome) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void countRedelivery(String hookId, String deliveryId) {
            throw new UnsupportedOperationException();
        }
    }
}
