package io.gitbridge.provider.gogs;

import static io.gitbridge.provider.TestRequests.CI_ONLY;
import static io.gitbridge.provider.TestRequests.PUSH_ONLY;
import static io.gitbridge.provider.TestRequests.SECRET;
import static io.gitbridge.provider.TestRequests.hexHmac;
import static io.gitbridge.provider.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GogsProviderTest {

    private static final SourceRepository SOURCE = SourceRepository.of("https://gogs.example.com/acme/app.git");

    private static final String PUSH_AFTER = "764cdff3ad74eba39578834d70d016260a181a28";
    private static final String ZERO = "0000000000000000000000000000000000000000";

    private final GogsProvider gogs = new GogsProvider();

    @Test
    void verifyAndClassify_acceptTheSignedEnvelope() {
        WebhookRequest request = TestRequests.envelope("gogs/push.apigw.json");

        gogs.verify(request, SECRET);

        assertThat(gogs.classify(request, SOURCE, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER));
        assertThat(gogs.deliveryId(request)).isEqualTo("65c7ae2d-0305-49a8-97c4-c9641f419219");
    }

    @Test
    void verify_checksTheJsonInsideAForm_asGogsSignsIt() {
        String json = Fixtures.text("gogs/push.json");

        gogs.verify(formRequest("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8),
                hexHmac(SECRET, utf8(json))), SECRET);
    }

    static Stream<Arguments> badSignatures() {
        byte[] push = Fixtures.bytes("gogs/push.json");
        String form = "payload=" + URLEncoder.encode(Fixtures.text("gogs/push.json"), StandardCharsets.UTF_8);
        return Stream.of(
                arguments(Named.of("wrong secret", withSignature(hexHmac("another-secret-of-some-length", push), push)),
                        "X-Gogs-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("signature for another body",
                                withSignature(hexHmac(SECRET, utf8("other")), push)),
                        "X-Gogs-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("truncated header", withSignature(hexHmac(SECRET, push).substring(0, 40), push)),
                        "X-Gogs-Signature is malformed: expected 64 hex characters"),
                arguments(Named.of("not hex", withSignature("g".repeat(64), push)),
                        "X-Gogs-Signature is malformed: not hexadecimal"),
                arguments(Named.of("empty header (no secret on the webhook)", withSignature("", push)),
                        "X-Gogs-Signature is empty: the webhook has no secret; set the hook's secret on it"),
                arguments(Named.of("missing header", new WebhookRequest(Map.of("x-gogs-event", "push"), push)),
                        "X-Gogs-Signature is missing"),
                arguments(Named.of("form signed over the form body instead of the payload",
                                formRequest(form, hexHmac(SECRET, utf8(form)))),
                        "X-Gogs-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("form without payload field", formRequest("secret=x", hexHmac(SECRET, push))),
                        "X-Gogs-Signature cannot be checked: the form body has no payload field"),
                arguments(Named.of("form not URL-encoded", formRequest("pay%zzload=1&" + form, hexHmac(SECRET, push))),
                        "X-Gogs-Signature cannot be checked: the form body is not URL-encoded"),
                arguments(Named.of("form with an escaped payload name before the signed one",
                                formRequest("%70ayload=%7B%7D&" + form, hexHmac(SECRET, push))),
                        "X-Gogs-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("form payload not URL-encoded", formRequest("payload=%zz", hexHmac(SECRET, push))),
                        "X-Gogs-Signature cannot be checked: the form body is not URL-encoded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void verify_rejects(WebhookRequest request, String message) {
        assertThatThrownBy(() -> gogs.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage(message);
    }

    static Stream<Arguments> classifications() {
        return Stream.of(
                arguments("push to the hook's branch", push(p -> { }),
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER)),
                arguments("form-encoded push", formPush(),
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER)),
                arguments("tag push", push(p -> p.put("ref", "refs/tags/v1.0.0")),
                        new WebhookEvent.Ignored("tag push refs/tags/v1.0.0 does not sync")),
                arguments("branch deletion", push(p -> p.put("after", ZERO)),
                        new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync")),
                arguments("push to another branch", push(p -> p.put("ref", "refs/heads/feature")),
                        new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main")),
                arguments("deletion of another branch", push(p -> p.put("ref", "refs/heads/feature").put("after", ZERO)),
                        new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifications")
    void classify(String name, WebhookRequest request, WebhookEvent expected) {
        assertThat(gogs.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(expected);
    }

    static Stream<Arguments> rejectedDeliveries() {
        return Stream.of(
                arguments(Named.of("push, hook not subscribed", push(p -> { })), CI_ONLY, UnsupportedEventException.class,
                        "this hook is not subscribed to push events"),
                arguments(Named.of("create event", signed("create", utf8("{}"))), PUSH_ONLY,
                        UnsupportedEventException.class, "Gogs event 'create' is not handled; gitbridge handles push"),
                arguments(Named.of("release event", signed("release", utf8("{}"))), PUSH_ONLY,
                        UnsupportedEventException.class, "Gogs event 'release' is not handled; gitbridge handles push"),
                arguments(Named.of("no event header", new WebhookRequest(Map.of(), Fixtures.bytes("gogs/push.json"))),
                        PUSH_ONLY, UnsupportedEventException.class, "X-Gogs-Event header is missing"),
                arguments(Named.of("malformed JSON", signed("push", utf8("{\"ref\""))), PUSH_ONLY,
                        MalformedPayloadException.class, null),
                arguments(Named.of("push without ref", push(p -> p.remove("ref"))), PUSH_ONLY,
                        MalformedPayloadException.class, "payload lacks the string field ref"),
                arguments(Named.of("push with an upper-case after", push(p -> p.put("after", PUSH_AFTER.toUpperCase()))),
                        PUSH_ONLY, MalformedPayloadException.class, "after is not a 40-hex commit id"),
                arguments(Named.of("form with a bad escape in a field name",
                                formRequest("pay%zzload=1&payload=%7B%7D", "")),
                        PUSH_ONLY, MalformedPayloadException.class, "form body is not URL-encoded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedDeliveries")
    void classify_rejects(WebhookRequest request, HookEvents events, Class<? extends Exception> type, String message) {
        var thrown = assertThatThrownBy(() -> gogs.classify(request, SOURCE, "main", events)).isInstanceOf(type);
        if (message != null) {
            thrown.hasMessage(message);
        } else {
            thrown.hasMessageStartingWith("body is not valid JSON");
        }
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenHeaderIsMissing() {
        byte[] body = Fixtures.bytes("gogs/push.json");

        assertThat(gogs.deliveryId(new WebhookRequest(Map.of(), body))).startsWith("body-").hasSize(69);
    }

    static Stream<Arguments> senders() {
        return Stream.of(
                arguments(Map.of("X-Gogs-Event", "push", "X-GitHub-Event", "push"), true),
                arguments(Map.of("X-GitHub-Event", "push"), false),
                arguments(Map.of("X-Gitea-Event", "push"), false));
    }

    @ParameterizedTest
    @MethodSource("senders")
    void sentBy_readsGogsEventHeader(Map<String, String> headers, boolean expected) {
        assertThat(gogs.sentBy(new WebhookRequest(headers, new byte[0]))).isEqualTo(expected);
    }

    @Test
    void detect_picksGogs_beforeGitHub_whoseHeadersGogsAlsoSends() {
        assertThat(Providers.standard().detect(TestRequests.envelope("gogs/push.apigw.json"))).map(WebhookProvider::id)
                .contains("gogs");
    }

    @Test
    void contract_pushOnly_becauseGogsHasNoCiEvents() {
        assertThat(gogs.id()).isEqualTo("gogs");
        assertThat(gogs.supportedEvents()).containsExactly(EventKind.PUSH);
        assertThat(Providers.standard().find("gogs")).get().isInstanceOf(GogsProvider.class);
    }

    // ---- testkit deliveries ---------------------------------------------------------------------------------------

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void testkitPush_isAccepted_andSyncsItsCommit() {
        WebhookRequest request = TestRequests.request(
                Deliveries.of("gogs").push(SECRET, "release", COMMIT, "6e1c1c2a-0000-4000-8000-000000000001"));

        gogs.verify(request, SECRET);

        assertThat(gogs.classify(request, SOURCE, "release", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/release", COMMIT));
        assertThat(Providers.standard().detect(request)).map(WebhookProvider::id).contains("gogs");
    }

    @Test
    void testkitCiSuccess_isNull_becauseGogsHasNoCiEvents() {
        assertThat(Deliveries.of("gogs").ciSuccess(SECRET, "release", COMMIT, "6e1c1c2a-0000-4000-8000-000000000002")).isNull();
    }

    @Test
    void eventName_isTheEventHeader_readWithoutTheBody() {
        WebhookRequest request = TestRequests.envelope("gogs/push.apigw.json");
        WebhookRequest headersOnly = new WebhookRequest(request.headers(), new byte[0]);

        assertThat(gogs.eventName(headersOnly)).isEqualTo("push");
        assertThat(gogs.verifiedEventName(request)).isEqualTo("push");
    }

    @Test
    void eventName_isUnknown_whenTheHeaderIsMissingOrBlank() {
        assertThat(gogs.eventName(new WebhookRequest(Map.of(), new byte[0]))).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(gogs.eventName(new WebhookRequest(Map.of("X-Gogs-Event", " "), new byte[0])))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    private static WebhookRequest withSignature(String signature, byte[] body) {
        return new WebhookRequest(Map.of("content-type", "application/json", "x-gogs-event", "push",
                "x-gogs-signature", signature), body);
    }

    private static WebhookRequest formRequest(String form, String signature) {
        return new WebhookRequest(Map.of("content-type", "application/x-www-form-urlencoded", "x-gogs-event", "push",
                "x-gogs-signature", signature), utf8(form));
    }

    private static WebhookRequest formPush() {
        String json = Fixtures.text("gogs/push.json");
        return formRequest("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8),
                hexHmac(SECRET, utf8(json)));
    }

    private static WebhookRequest signed(String event, byte[] body) {
        return new WebhookRequest(Map.of("content-type", "application/json", "x-gogs-event", event,
                "x-gogs-delivery", "d2f1c0de-0000-4000-8000-000000000002", "x-gogs-signature", hexHmac(SECRET, body)), body);
    }

    private static WebhookRequest push(Consumer<ObjectNode> change) {
        return signed("push", TestRequests.changed("gogs/push.json", change));
    }
}
