package io.gitbridge.provider.bitbucketserver;

import static io.gitbridge.provider.TestRequests.CI_ONLY;
import static io.gitbridge.provider.TestRequests.PUSH_ONLY;
import static io.gitbridge.provider.TestRequests.SECRET;
import static io.gitbridge.provider.TestRequests.hexHmac;
import static io.gitbridge.provider.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.TestRequests;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BitbucketServerProviderTest {

    private static final SourceRepository SOURCE = SourceRepository.of("https://bitbucket.acme.example/scm/web/app.git");

    private static final String PUSHED = "e9db03aa313630002eb901ae2d8a306a66bcb6c8";
    private static final String ZERO = "0000000000000000000000000000000000000000";

    private final BitbucketServerProvider server = new BitbucketServerProvider();

    @Test
    void describesItself() {
        assertThat(server.id()).isEqualTo("bitbucket-server");
        assertThat(server.supportedEvents()).containsExactly(EventKind.PUSH);
        assertThat(server.cloneUsername()).isEqualTo("gitbridge").isNotEqualTo("x-token-auth");
    }

    // ---- verify --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"bitbucket-server/refs_changed.json", "bitbucket-server/diagnostics_ping.json"})
    void verify_accepts_theSignedFixtureBody(String fixture) {
        server.verify(signed("repo:refs_changed", Fixtures.bytes(fixture)), SECRET);
    }

    @Test
    void verify_rejects_whenSignatureIsForAnotherBody() {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature",
                "sha256=" + hexHmac(SECRET, utf8("other"))),
                Fixtures.bytes("bitbucket-server/refs_changed.json"));

        assertThatThrownBy(() -> server.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature does not match the body signed with the hook's secret");
    }

    @Test
    void verify_rejects_whenSecretIsWrong() {
        WebhookRequest request = signed("repo:refs_changed", Fixtures.bytes("bitbucket-server/refs_changed.json"));

        assertThatThrownBy(() -> server.verify(request, "another-secret-of-some-length"))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @Test
    void verify_rejects_anUnsignedPing() {
        WebhookRequest request = new WebhookRequest(Map.of("x-event-key", "diagnostics:ping", "x-request-id", "r"),
                Fixtures.bytes("bitbucket-server/diagnostics_ping.json"));

        assertThatThrownBy(() -> server.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Hub-Signature is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256=", "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
    void verify_rejects_whenHeaderLacksItsPrefix(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature", header), new byte[0]);

        assertThatThrownBy(() -> server.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Hub-Signature is malformed: expected sha256=<hex>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256=757107ea", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ff"})
    void verify_rejects_whenDigestIsTruncatedOrTooLong(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature", header), new byte[0]);

        assertThatThrownBy(() -> server.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("expected 64 hex characters");
    }

    @Test
    void verify_rejects_whenDigestIsNotHex() {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature", "sha256=" + "zz".repeat(32)), new byte[0]);

        assertThatThrownBy(() -> server.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("not hexadecimal");
    }

    // ---- classify ------------------------------------------------------------------------------------------------

    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments("bitbucket-server/refs_changed.json", "repo:refs_changed", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)),
                arguments("bitbucket-server/diagnostics_ping.json", "diagnostics:ping", PUSH_ONLY, new WebhookEvent.Ping()),
                arguments("bitbucket-server/diagnostics_ping.json", "diagnostics:ping", CI_ONLY, new WebhookEvent.Ping()));
    }

    @ParameterizedTest(name = "{0} as {1} for {2}")
    @MethodSource("fixtures")
    void classify_fixture(String fixture, String event, HookEvents events, WebhookEvent expected) {
        assertThat(server.classify(signed(event, Fixtures.bytes(fixture)), SOURCE, "main", events)).isEqualTo(expected);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                arguments("other branch", (Consumer<ObjectNode>) c -> ref(c, "refs/heads/feature/menu", "feature/menu", "BRANCH"),
                        new WebhookEvent.Ignored("push to refs/heads/feature/menu; this hook follows refs/heads/main")),
                arguments("tag", (Consumer<ObjectNode>) c -> ref(c, "refs/tags/v1.4.0", "v1.4.0", "TAG").put("type", "ADD")
                                .put("fromHash", ZERO),
                        new WebhookEvent.Ignored("tag push refs/tags/v1.4.0 does not sync")),
                arguments("deletion", (Consumer<ObjectNode>) c -> c.put("type", "DELETE").put("toHash", ZERO),
                        new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync")),
                arguments("zero toHash", (Consumer<ObjectNode>) c -> c.put("toHash", ZERO),
                        new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync")),
                arguments("creation", (Consumer<ObjectNode>) c -> c.put("type", "ADD").put("fromHash", ZERO),
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void classify_refsChanged(String name, Consumer<ObjectNode> changeTheChange, WebhookEvent expected) {
        WebhookRequest request = changed("repo:refs_changed", p -> changeTheChange.accept((ObjectNode) changes(p).get(0)));

        assertThat(server.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(expected);
    }

    @Test
    void classify_refsChanged_syncsTheHooksBranch_whenOneOfSeveralChangesMovesIt() {
        WebhookRequest request = changed("repo:refs_changed", p -> {
            ArrayNode changes = changes(p);
            ObjectNode main = changes.get(0).deepCopy();
            ObjectNode feature = ref(changes.get(0).deepCopy(), "refs/heads/feature/menu", "feature/menu", "BRANCH");
            changes.removeAll().add(feature).add(main);
        });

        assertThat(server.classify(request, SOURCE, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED));
    }

    @Test
    void classify_refsChanged_isRejected_whenHookDidNotSubscribe() {
        WebhookRequest request = signed("repo:refs_changed", Fixtures.bytes("bitbucket-server/refs_changed.json"));

        assertThatThrownBy(() -> server.classify(request, SOURCE, "main", CI_ONLY))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("this hook is not subscribed to push events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pr:opened", "pr:merged", "repo:modified", "repo:forked", "repo:comment:added",
            "mirror:repo_synchronized", "repo:push"})
    void classify_rejectsEventsGitbridgeDoesNotHandle(String event) {
        WebhookRequest request = signed(event, utf8("{}"));

        assertThatThrownBy(() -> server.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("Bitbucket Data Center event '" + event
                        + "' is not handled; gitbridge handles repo:refs_changed and diagnostics:ping");
    }

    @Test
    void classify_rejectsDeliveryWithoutEventHeader() {
        WebhookRequest request = new WebhookRequest(Map.of(), Fixtures.bytes("bitbucket-server/refs_changed.json"));

        assertThatThrownBy(() -> server.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("X-Event-Key header is missing");
    }

    @Test
    void classify_rejectsMalformedJson() {
        WebhookRequest request = signed("repo:refs_changed", utf8("{\"changes\": ["));

        assertThatThrownBy(() -> server.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void classify_ping_doesNotReadTheBody() {
        WebhookRequest request = signed("diagnostics:ping", utf8("not json"));

        assertThat(server.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(new WebhookEvent.Ping());
    }

    @Test
    void classify_refsChanged_rejectsPayloadWithoutChanges() {
        WebhookRequest request = changed("repo:refs_changed", p -> p.remove("changes"));

        assertThatThrownBy(() -> server.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the array changes");
    }

    @Test
    void classify_refsChanged_rejectsAShortHash() {
        WebhookRequest request = changed("repo:refs_changed", p -> ((ObjectNode) changes(p).get(0)).put("toHash", "e9db03a"));

        assertThatThrownBy(() -> server.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("changes[].toHash is not a 40-hex commit id");
    }

    // ---- delivery id and recognition -----------------------------------------------------------------------------

    @Test
    void deliveryId_isTheRequestId() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Request-Id", "9b1f3d5a-7c2e-4a8b-9d0f-1e3c5a7b9d24"), new byte[0]);

        assertThat(server.deliveryId(request)).isEqualTo("9b1f3d5a-7c2e-4a8b-9d0f-1e3c5a7b9d24");
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenHeaderIsMissing() {
        byte[] body = Fixtures.bytes("bitbucket-server/refs_changed.json");

        assertThat(server.deliveryId(new WebhookRequest(Map.of(), body))).startsWith("body-").hasSize(5 + 64)
                .isEqualTo(server.deliveryId(new WebhookRequest(Map.of(), body)));
    }

    static Stream<Arguments> senders() {
        return Stream.of(
                arguments(Map.of("X-Event-Key", "repo:refs_changed", "X-Request-Id", "r"), true),
                arguments(Map.of("X-Event-Key", "diagnostics:ping", "X-Request-Id", "r"), true),
                arguments(Map.of("X-Event-Key", "repo:push", "X-Request-Id", "r", "X-Hook-UUID", "{h}"), false),
                arguments(Map.of("X-Event-Key", "repo:push", "X-Request-UUID", "r", "X-Hook-UUID", "{h}"), false),
                arguments(Map.of("X-Event-Key", "repo:refs_changed"), false),
                arguments(Map.of("X-Request-Id", "r"), false));
    }

    @ParameterizedTest
    @MethodSource("senders")
    void sentBy_recognisesDataCenterHeaders(Map<String, String> headers, boolean expected) {
        assertThat(server.sentBy(new WebhookRequest(headers, new byte[0]))).isEqualTo(expected);
    }

    // ---- the API Gateway envelopes that sam local invoke uses ---------------------------------------------------

    static Stream<Arguments> envelopes() {
        return Stream.of(
                arguments("bitbucket-server/refs_changed.apigw.json", SECRET, PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)),
                arguments("bitbucket-server/diagnostics_ping.apigw.json", SECRET, PUSH_ONLY,
                        new WebhookEvent.Ping()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void envelope_verifiesAndClassifies(String envelope, String secret, HookEvents events, WebhookEvent expected) {
        WebhookRequest request = TestRequests.envelope(envelope);

        server.verify(request, secret);

        assertThat(server.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    @Test
    void envelope_carriesTheDeliveryId() {
        assertThat(server.deliveryId(TestRequests.envelope("bitbucket-server/refs_changed.apigw.json"))).isEqualTo("9b1f3d5a-7c2e-4a8b-9d0f-1e3c5a7b9d24");
    }

    // ---- the testkit's deliveries, which the end-to-end tests send -------------------------------------------------

    @Test
    void testkitPush_isVerifiedAndSyncsTheCommit() {
        WebhookRequest request = TestRequests.request(Deliveries.of("bitbucket-server").push(SECRET, "release/2.x",
                "0123456789abcdef0123456789abcdef01234567", "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20"));

        server.verify(request, SECRET);

        assertThat(server.classify(request, SOURCE, "release/2.x", PUSH_ONLY)).isEqualTo(new WebhookEvent.SyncTrigger(
                EventKind.PUSH, "refs/heads/release/2.x", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(server.deliveryId(request)).isEqualTo("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20");
    }

    @Test
    void testkitCiSuccess_isAbsent_becauseDataCenterHasNoBuildStatusEvent() {
        assertThat(Deliveries.of("bitbucket-server").ciSuccess(SECRET, "main", "0123456789abcdef0123456789abcdef01234567", "x")).isNull();
    }

    @Test
    void detect_picksThisProvider_forItsOwnDelivery() {
        TestDelivery push = Deliveries.of("bitbucket-server").push(SECRET, "main", "0123456789abcdef0123456789abcdef01234567", "d");

        assertThat(Providers.standard(Clock.systemUTC()).detect(TestRequests.request(push)))
                .map(WebhookProvider::id).contains("bitbucket-server");
    }

    @Test
    void eventName_isTheEventHeader_readWithoutTheBody() {
        WebhookRequest request = TestRequests.envelope("bitbucket-server/refs_changed.apigw.json");
        WebhookRequest headersOnly = new WebhookRequest(request.headers(), new byte[0]);

        assertThat(server.eventName(headersOnly)).isEqualTo("repo:refs_changed");
        assertThat(server.verifiedEventName(request)).isEqualTo("repo:refs_changed");
    }

    @Test
    void eventName_isUnknown_whenTheHeaderIsMissingOrBlank() {
        assertThat(server.eventName(new WebhookRequest(Map.of(), new byte[0]))).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(server.eventName(new WebhookRequest(Map.of("X-Event-Key", " "), new byte[0])))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static WebhookRequest signed(String event, byte[] body) {
        return new WebhookRequest(Map.of(
                "content-type", "application/json; charset=utf-8",
                "x-event-key", event,
                "x-request-id", "d2f1c0de-0000-4000-8000-000000000002",
                "x-hub-signature", "sha256=" + hexHmac(SECRET, body)), body);
    }

    private static ArrayNode changes(ObjectNode payload) {
        return (ArrayNode) payload.get("changes");
    }

    private static ObjectNode ref(ObjectNode change, String id, String displayId, String type) {
        ((ObjectNode) change.get("ref")).put("id", id).put("displayId", displayId).put("type", type);
        return change.put("refId", id);
    }

    // ---- only this hook's repository (issue 7, rule 5) ------------------------------------------------------------

    @Test
    void classify_matches_aServerWithAContextPath_byItsCloneLinks() {
        WebhookRequest request = changed("repo:refs_changed", p -> {
            ArrayNode clone = ((ObjectNode) p.get("repository").get("links")).putArray("clone");
            clone.addObject().put("href", "ssh://git@git.acme.example:7999/web/app.git").put("name", "ssh");
            clone.addObject().put("href", "https://git.acme.example/bitbucket/scm/web/app.git").put("name", "http");
        });

        assertThat(server.classify(request, SourceRepository.of("https://git.acme.example/bitbucket/scm/WEB/app.git"),
                "main", PUSH_ONLY)).isInstanceOf(WebhookEvent.SyncTrigger.class);
    }

    @Test
    void classify_matches_byProjectKeyAndSlug_whenThePayloadHasNoLinks() {
        WebhookRequest request = changed("repo:refs_changed", p -> ((ObjectNode) p.get("repository")).remove("links"));

        assertThat(server.classify(request, SOURCE, "main", PUSH_ONLY)).isInstanceOf(WebhookEvent.SyncTrigger.class);
    }

    @Test
    void classify_ignores_anotherRepositoryOfTheProject() {
        // A project webhook fires for every repository of the project.
        WebhookRequest request = changed("repo:refs_changed", p -> {
            ObjectNode repository = (ObjectNode) p.get("repository");
            repository.put("slug", "site").remove("links");
        });

        assertThat(server.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(new WebhookEvent.Ignored(
                "not this hook's repository: the delivery is about scm/WEB/site, this hook's source is "
                        + "https://bitbucket.acme.example/scm/web/app.git"));
    }

    private static WebhookRequest changed(String event, Consumer<ObjectNode> change) {
        return signed(event, TestRequests.changed("bitbucket-server/refs_changed.json", change));
    }
}
