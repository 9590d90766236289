package io.gitbridge.provider.bitbucket;

import static io.gitbridge.provider.TestRequests.BOTH;
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

class BitbucketProviderTest {

    private static final SourceRepository SOURCE = SourceRepository.of("https://bitbucket.org/acme/app.git");

    private static final String PUSHED = "8f922ed3e4ddb7b97f19f131c56eb1cc37382666";
    private static final String STATUS_COMMIT = "9891be7428559dff291514d691a792f66e944057";

    private final BitbucketProvider bitbucket = new BitbucketProvider();

    @Test
    void describesItself() {
        assertThat(bitbucket.id()).isEqualTo("bitbucket");
        assertThat(bitbucket.supportedEvents()).containsExactlyInAnyOrder(EventKind.PUSH, EventKind.CI);
        assertThat(bitbucket.cloneUsername()).isEqualTo("x-token-auth");
    }

    // ---- verify --------------------------------------------------------------------------------------------------

    @Test
    void verify_accepts_theSignedFixtureBody() {
        bitbucket.verify(signed("repo:push", Fixtures.bytes("bitbucket/repo_push.json")), SECRET);
    }

    @Test
    void verify_rejects_whenSignatureIsForAnotherBody() {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature",
                "sha256=" + hexHmac(SECRET, utf8("other"))),
                Fixtures.bytes("bitbucket/repo_push.json"));

        assertThatThrownBy(() -> bitbucket.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature does not match the body signed with the hook's secret");
    }

    @Test
    void verify_rejects_whenSecretIsWrong() {
        WebhookRequest request = signed("repo:push", Fixtures.bytes("bitbucket/repo_push.json"));

        assertThatThrownBy(() -> bitbucket.verify(request, "another-secret-of-some-length"))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @Test
    void verify_rejects_whenHeaderIsMissing() {
        WebhookRequest request = new WebhookRequest(Map.of("x-event-key", "repo:push"), Fixtures.bytes("bitbucket/repo_push.json"));

        assertThatThrownBy(() -> bitbucket.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Hub-Signature is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256=", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
    void verify_rejects_whenHeaderLacksItsPrefix(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature", header), new byte[0]);

        assertThatThrownBy(() -> bitbucket.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Hub-Signature is malformed: expected sha256=<hex>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256=757107ea", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ff"})
    void verify_rejects_whenDigestIsTruncatedOrTooLong(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature", header), new byte[0]);

        assertThatThrownBy(() -> bitbucket.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("expected 64 hex characters");
    }

    @Test
    void verify_rejects_whenDigestIsNotHex() {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature", "sha256=" + "zz".repeat(32)), new byte[0]);

        assertThatThrownBy(() -> bitbucket.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("not hexadecimal");
    }

    // ---- classify ------------------------------------------------------------------------------------------------

    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments("bitbucket/repo_push.json", "repo:push", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)),
                arguments("bitbucket/repo_push.json", "repo:push", BOTH,
                        new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its build status")),
                arguments("bitbucket/commit_status_updated.json", "repo:commit_status_updated", CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", STATUS_COMMIT)),
                arguments("bitbucket/commit_status_updated.json", "repo:commit_status_created", BOTH,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", STATUS_COMMIT)));
    }

    @ParameterizedTest(name = "{0} as {1} for {2}")
    @MethodSource("fixtures")
    void classify_fixture(String fixture, String event, HookEvents events, WebhookEvent expected) {
        assertThat(bitbucket.classify(signed(event, Fixtures.bytes(fixture)), SOURCE, "main", events)).isEqualTo(expected);
    }

    static Stream<Arguments> pushes() {
        return Stream.of(
                arguments("other branch", (Consumer<ObjectNode>) c -> side(c, "new").put("name", "feature/menu"),
                        new WebhookEvent.Ignored("push to refs/heads/feature/menu; this hook follows refs/heads/main")),
                arguments("tag", (Consumer<ObjectNode>) c -> {
                    side(c, "new").put("type", "tag").put("name", "v1.4.0");
                    c.putNull("old");
                    c.put("created", true);
                }, new WebhookEvent.Ignored("tag push refs/tags/v1.4.0 does not sync")),
                arguments("deletion", (Consumer<ObjectNode>) c -> {
                    c.putNull("new");
                    c.put("closed", true);
                }, new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync")),
                arguments("deletion of another branch", (Consumer<ObjectNode>) c -> {
                    side(c, "old").put("name", "feature/menu");
                    c.putNull("new");
                    c.put("closed", true);
                }, new WebhookEvent.Ignored("push to refs/heads/feature/menu; this hook follows refs/heads/main")),
                arguments("tag deletion", (Consumer<ObjectNode>) c -> {
                    side(c, "old").put("type", "tag").put("name", "v1.3.0");
                    c.putNull("new");
                    c.put("closed", true);
                }, new WebhookEvent.Ignored("tag push refs/tags/v1.3.0 does not sync")),
                arguments("branch creation", (Consumer<ObjectNode>) c -> {
                    c.putNull("old");
                    c.put("created", true);
                }, new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)),
                arguments("forced push", (Consumer<ObjectNode>) c -> c.put("forced", true),
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pushes")
    void classify_push(String name, Consumer<ObjectNode> changeTheChange, WebhookEvent expected) {
        WebhookRequest request = changed("repo:push", "bitbucket/repo_push.json",
                p -> changeTheChange.accept((ObjectNode) changes(p).get(0)));

        assertThat(bitbucket.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(expected);
    }

    @Test
    void classify_push_syncsTheHooksBranch_whenOneOfSeveralChangesMovesIt() {
        WebhookRequest request = changed("repo:push", "bitbucket/repo_push.json", p -> {
            ArrayNode changes = changes(p);
            ObjectNode main = changes.get(0).deepCopy();
            ObjectNode feature = changes.get(0).deepCopy();
            side(feature, "new").put("name", "feature/menu");
            ((ObjectNode) side(feature, "new").get("target")).put("hash", "1111111111111111111111111111111111111111");
            ObjectNode tag = changes.get(0).deepCopy();
            side(tag, "new").put("type", "tag").put("name", "v1.4.0");
            changes.removeAll().add(feature).add(tag).add(main);
        });

        assertThat(bitbucket.classify(request, SOURCE, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED));
    }

    @Test
    void classify_push_namesEveryOtherRef_whenNoneIsTheHooksBranch() {
        WebhookRequest request = changed("repo:push", "bitbucket/repo_push.json", p -> {
            ArrayNode changes = changes(p);
            ObjectNode feature = changes.get(0).deepCopy();
            side(feature, "new").put("name", "feature/menu");
            ObjectNode tag = changes.get(0).deepCopy();
            side(tag, "new").put("type", "tag").put("name", "v1.4.0");
            changes.removeAll().add(feature).add(tag);
        });

        assertThat(bitbucket.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(new WebhookEvent.Ignored(
                "push to refs/heads/feature/menu, refs/tags/v1.4.0; this hook follows refs/heads/main"));
    }

    static Stream<Arguments> ignoredStatuses() {
        return Stream.of(
                arguments("failed", (Consumer<ObjectNode>) s -> s.put("state", "FAILED"), "commit status is FAILED, not SUCCESSFUL"),
                arguments("in progress", (Consumer<ObjectNode>) s -> s.put("state", "INPROGRESS"),
                        "commit status is INPROGRESS, not SUCCESSFUL"),
                arguments("stopped", (Consumer<ObjectNode>) s -> s.put("state", "STOPPED"), "commit status is STOPPED, not SUCCESSFUL"),
                arguments("other branch", (Consumer<ObjectNode>) s -> s.put("refname", "feature/menu"),
                        "commit status on branch feature/menu; this hook follows main"),
                arguments("no branch", (Consumer<ObjectNode>) s -> s.remove("refname"),
                        "commit status names no branch (refname); this hook follows main"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredStatuses")
    void classify_commitStatus_isIgnored(String name, Consumer<ObjectNode> change, String reason) {
        WebhookRequest request = changed("repo:commit_status_updated", "bitbucket/commit_status_updated.json",
                p -> change.accept((ObjectNode) p.get("commit_status")));

        assertThat(bitbucket.classify(request, SOURCE, "main", CI_ONLY)).isEqualTo(new WebhookEvent.Ignored(reason));
    }

    @Test
    void classify_commitStatus_readsTheCommitLink_whenThePayloadHasNoCommitObject() {
        WebhookRequest request = changed("repo:commit_status_updated", "bitbucket/commit_status_updated.json",
                p -> ((ObjectNode) p.get("commit_status")).remove("commit"));

        assertThat(bitbucket.classify(request, SOURCE, "main", CI_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", STATUS_COMMIT));
    }

    @Test
    void classify_commitStatus_rejectsAStatusWithoutACommit() {
        WebhookRequest request = changed("repo:commit_status_updated", "bitbucket/commit_status_updated.json", p -> {
            ObjectNode status = (ObjectNode) p.get("commit_status");
            status.remove("commit");
            status.remove("links");
        });

        assertThatThrownBy(() -> bitbucket.classify(request, SOURCE, "main", CI_ONLY))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("commit_status.commit.hash is not a 40-hex commit id");
    }

    static Stream<Arguments> unsubscribed() {
        return Stream.of(
                arguments("repo:push", "bitbucket/repo_push.json", CI_ONLY, "this hook is not subscribed to push events"),
                arguments("repo:commit_status_updated", "bitbucket/commit_status_updated.json", PUSH_ONLY,
                        "this hook is not subscribed to CI (commit status) events"),
                arguments("repo:commit_status_created", "bitbucket/commit_status_updated.json", PUSH_ONLY,
                        "this hook is not subscribed to CI (commit status) events"));
    }

    @ParameterizedTest(name = "{0} for {2}")
    @MethodSource("unsubscribed")
    void classify_isRejected_whenHookDidNotSubscribe(String event, String fixture, HookEvents events, String message) {
        WebhookRequest request = signed(event, Fixtures.bytes(fixture));

        assertThatThrownBy(() -> bitbucket.classify(request, SOURCE, "main", events))
                .isInstanceOf(UnsupportedEventException.class).hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pullrequest:created", "pullrequest:fulfilled", "repo:fork", "repo:updated", "issue:created",
            "repo:refs_changed", "push"})
    void classify_rejectsEventsGitbridgeDoesNotHandle(String event) {
        WebhookRequest request = signed(event, utf8("{}"));

        assertThatThrownBy(() -> bitbucket.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("Bitbucket event '" + event
                        + "' is not handled; gitbridge handles repo:push, repo:commit_status_created and "
                        + "repo:commit_status_updated");
    }

    @Test
    void classify_rejectsDeliveryWithoutEventHeader() {
        WebhookRequest request = new WebhookRequest(Map.of(), Fixtures.bytes("bitbucket/repo_push.json"));

        assertThatThrownBy(() -> bitbucket.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("X-Event-Key header is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"repo:push", "repo:commit_status_updated"})
    void classify_rejectsMalformedJson(String event) {
        WebhookRequest request = signed(event, utf8("{\"push\": "));

        assertThatThrownBy(() -> bitbucket.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void classify_push_rejectsPayloadWithoutChanges() {
        WebhookRequest request = changed("repo:push", "bitbucket/repo_push.json", p -> p.remove("push"));

        assertThatThrownBy(() -> bitbucket.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the array push.changes");
    }

    @Test
    void classify_push_rejectsAShortHash() {
        WebhookRequest request = changed("repo:push", "bitbucket/repo_push.json",
                p -> ((ObjectNode) side((ObjectNode) changes(p).get(0), "new").get("target")).put("hash", "8f922ed"));

        assertThatThrownBy(() -> bitbucket.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("new.target.hash is not a 40-hex commit id");
    }

    // ---- delivery id and recognition -----------------------------------------------------------------------------

    @Test
    void deliveryId_isTheRequestUuid() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Request-UUID", "5a8e2c1f-3b7d-4e9a-8c6f-0d2b4a7e9c13"),
                new byte[0]);

        assertThat(bitbucket.deliveryId(request)).isEqualTo("5a8e2c1f-3b7d-4e9a-8c6f-0d2b4a7e9c13");
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenHeaderIsMissing() {
        byte[] body = Fixtures.bytes("bitbucket/repo_push.json");

        assertThat(bitbucket.deliveryId(new WebhookRequest(Map.of(), body))).startsWith("body-").hasSize(5 + 64)
                .isEqualTo(bitbucket.deliveryId(new WebhookRequest(Map.of("x-request-uuid", ""), body)));
    }

    static Stream<Arguments> senders() {
        return Stream.of(
                arguments(Map.of("X-Event-Key", "repo:push", "X-Hook-UUID", "{h}", "X-Request-UUID", "r"), true),
                arguments(Map.of("X-Event-Key", "repo:push", "X-Request-UUID", "r"), true),
                arguments(Map.of("X-Event-Key", "repo:push", "X-Hook-UUID", "{h}"), true),
                arguments(Map.of("X-Event-Key", "repo:refs_changed", "X-Request-Id", "r"), false),
                arguments(Map.of("X-Hook-UUID", "{h}", "X-Request-UUID", "r"), false),
                arguments(Map.of("X-GitHub-Event", "push"), false));
    }

    @ParameterizedTest
    @MethodSource("senders")
    void sentBy_recognisesBitbucketCloudHeaders(Map<String, String> headers, boolean expected) {
        assertThat(bitbucket.sentBy(new WebhookRequest(headers, new byte[0]))).isEqualTo(expected);
    }

    // ---- the API Gateway envelopes that sam local invoke uses ---------------------------------------------------

    static Stream<Arguments> envelopes() {
        return Stream.of(
                arguments("bitbucket/repo_push.apigw.json", SECRET, PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)),
                arguments("bitbucket/commit_status_updated.apigw.json", SECRET, CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", STATUS_COMMIT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void envelope_verifiesAndClassifies(String envelope, String secret, HookEvents events, WebhookEvent expected) {
        WebhookRequest request = TestRequests.envelope(envelope);

        bitbucket.verify(request, secret);

        assertThat(bitbucket.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    @Test
    void envelope_carriesTheDeliveryId() {
        assertThat(bitbucket.deliveryId(TestRequests.envelope("bitbucket/repo_push.apigw.json"))).isEqualTo("5a8e2c1f-3b7d-4e9a-8c6f-0d2b4a7e9c13");
    }

    // ---- the testkit's deliveries, which the end-to-end tests send -------------------------------------------------

    @Test
    void testkitPush_isVerifiedAndSyncsTheCommit() {
        WebhookRequest request = TestRequests.request(Deliveries.of("bitbucket").push(SECRET, "release/2.x",
                "0123456789abcdef0123456789abcdef01234567", "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20"));

        bitbucket.verify(request, SECRET);

        assertThat(bitbucket.classify(request, SOURCE, "release/2.x", PUSH_ONLY)).isEqualTo(new WebhookEvent.SyncTrigger(
                EventKind.PUSH, "refs/heads/release/2.x", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(bitbucket.deliveryId(request)).isEqualTo("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20");
    }

    @Test
    void testkitCiSuccess_isVerifiedAndSyncsTheCommit() {
        WebhookRequest request = TestRequests.request(Deliveries.of("bitbucket").ciSuccess(SECRET, "release/2.x",
                "0123456789abcdef0123456789abcdef01234567", "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a21"));

        bitbucket.verify(request, SECRET);

        assertThat(bitbucket.classify(request, SOURCE, "release/2.x", CI_ONLY)).isEqualTo(new WebhookEvent.SyncTrigger(
                EventKind.CI, "refs/heads/release/2.x", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(bitbucket.deliveryId(request)).isEqualTo("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a21");
    }

    @Test
    void detect_picksThisProvider_forItsOwnDelivery() {
        TestDelivery push = Deliveries.of("bitbucket").push(SECRET, "main", "0123456789abcdef0123456789abcdef01234567", "d");

        assertThat(Providers.standard(Clock.systemUTC()).detect(TestRequests.request(push)))
                .map(WebhookProvider::id).contains("bitbucket");
    }

    @Test
    void eventName_isTheEventHeader_readWithoutTheBody() {
        WebhookRequest request = TestRequests.envelope("bitbucket/repo_push.apigw.json");
        WebhookRequest headersOnly = new WebhookRequest(request.headers(), new byte[0]);

        assertThat(bitbucket.eventName(headersOnly)).isEqualTo("repo:push");
        assertThat(bitbucket.verifiedEventName(request)).isEqualTo("repo:push");
    }

    @Test
    void eventName_isUnknown_whenTheHeaderIsMissingOrBlank() {
        assertThat(bitbucket.eventName(new WebhookRequest(Map.of(), new byte[0]))).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(bitbucket.eventName(new WebhookRequest(Map.of("X-Event-Key", " "), new byte[0])))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static WebhookRequest signed(String event, byte[] body) {
        return new WebhookRequest(Map.of(
                "content-type", "application/json",
                "x-event-key", event,
                "x-hook-uuid", "{0e5b7c9a-2d4f-4a1c-8b3e-6f9d1a2c5e78}",
                "x-request-uuid", "d2f1c0de-0000-4000-8000-000000000001",
                "x-attempt-number", "1",
                "x-hub-signature", "sha256=" + hexHmac(SECRET, body)), body);
    }

    private static ArrayNode changes(ObjectNode payload) {
        return (ArrayNode) payload.get("push").get("changes");
    }

    private static ObjectNode side(ObjectNode change, String side) {
        return (ObjectNode) change.get(side);
    }

    private static WebhookRequest changed(String event, String fixture, Consumer<ObjectNode> change) {
        return signed(event, TestRequests.changed(fixture, change));
    }
}
