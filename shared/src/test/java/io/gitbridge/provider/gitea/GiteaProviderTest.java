package io.gitbridge.provider.gitea;

import static io.gitbridge.provider.TestRequests.BOTH;
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
import io.gitbridge.json.Json;
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

class GiteaProviderTest {

    private static final SourceRepository SOURCE = SourceRepository.of("https://gitea.example.com/acme/app.git");

    private static final String PUSH_AFTER = "d3d6ea61dc79fb8ede2d4bd713369e29eb6ba7b8";
    private static final String RUN_HEAD_SHA = "46652fad6ea7ad398130bf1acfa5d4485e3e40c1";
    private static final String STATUS_SHA = "ddb68f7b388a86405a85614c11e93cb7b2e18a73";
    private static final String ZERO = "0000000000000000000000000000000000000000";
    private static final WebhookEvent PUSH_SYNC = new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER);
    private static final WebhookEvent RUN_SYNC = new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", RUN_HEAD_SHA);

    private final GiteaProvider gitea = new GiteaProvider();

    // ---- verify ---------------------------------------------------------------------------------------------------

    static Stream<Arguments> envelopes() {
        return Stream.of(
                arguments("gitea/push.apigw.json", PUSH_ONLY, PUSH_SYNC),
                arguments("gitea/push.form.apigw.json", PUSH_ONLY, PUSH_SYNC),
                arguments("gitea/push.forgejo.apigw.json", PUSH_ONLY, PUSH_SYNC),
                arguments("gitea/workflow_run.apigw.json", CI_ONLY, RUN_SYNC),
                arguments("gitea/status.apigw.json", CI_ONLY, new WebhookEvent.Ignored("this status event does not say which"
                        + " branch its commit is on; subscribe the webhook to workflow run events instead")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void verifyAndClassify_acceptTheSignedEnvelope(String envelope, HookEvents events, WebhookEvent expected) {
        WebhookRequest request = TestRequests.envelope(envelope);

        gitea.verify(request, SECRET);

        assertThat(gitea.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    @Test
    void verify_accepts_theSignedFixtureBody() {
        gitea.verify(signed("push", Fixtures.bytes("gitea/push.json")), SECRET);
    }

    static Stream<Arguments> badSignatures() {
        byte[] push = Fixtures.bytes("gitea/push.json");
        String form = "payload=" + URLEncoder.encode(Fixtures.text("gitea/push.json"), StandardCharsets.UTF_8);
        return Stream.of(
                arguments(Named.of("wrong secret", withSignature(hexHmac("another-secret-of-some-length", push), push)),
                        "X-Gitea-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("signature for another body",
                                withSignature(hexHmac(SECRET, utf8("other")), push)),
                        "X-Gitea-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("truncated header", withSignature(hexHmac(SECRET, push).substring(0, 63), push)),
                        "X-Gitea-Signature is malformed: expected 64 hex characters"),
                arguments(Named.of("header too long", withSignature(hexHmac(SECRET, push) + "00", push)),
                        "X-Gitea-Signature is malformed: expected 64 hex characters"),
                arguments(Named.of("GitHub's sha256= form in Gitea's header", withSignature("sha256=" + hexHmac(SECRET, push), push)),
                        "X-Gitea-Signature is malformed: expected 64 hex characters"),
                arguments(Named.of("not hex", withSignature("zz".repeat(32), push)),
                        "X-Gitea-Signature is malformed: not hexadecimal"),
                arguments(Named.of("empty header (no secret on the webhook)", withSignature("", push)),
                        "X-Gitea-Signature is empty: the webhook has no secret; set the hook's secret on it"),
                arguments(Named.of("missing header", new WebhookRequest(Map.of("x-gitea-event", "push"), push)),
                        "X-Gitea-Signature (Forgejo: X-Forgejo-Signature) is missing"),
                arguments(Named.of("only GitHub's header",
                                new WebhookRequest(Map.of("x-hub-signature-256", "sha256=" + hexHmac(SECRET, push)), push)),
                        "X-Gitea-Signature (Forgejo: X-Forgejo-Signature) is missing"),
                arguments(Named.of("Forgejo's header wrong, Gitea's right", new WebhookRequest(Map.of(
                                "x-forgejo-signature", hexHmac("another-secret-of-some-length", push),
                                "x-gitea-signature", hexHmac(SECRET, push)), push)),
                        "X-Forgejo-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("form signed over the form body instead of the payload",
                                formRequest(form, hexHmac(SECRET, utf8(form)))),
                        "X-Gitea-Signature does not match the body signed with the hook's secret"),
                arguments(Named.of("form without payload field", formRequest("other=1", hexHmac(SECRET, push))),
                        "X-Gitea-Signature cannot be checked: the form body has no payload field"),
                arguments(Named.of("form payload not URL-encoded", formRequest("payload=%zz", hexHmac(SECRET, push))),
                        "X-Gitea-Signature cannot be checked: the form body is not URL-encoded"),
                arguments(Named.of("form with a bad escape in a field name",
                                formRequest("pay%zzload=1&" + form, hexHmac(SECRET, push))),
                        "X-Gitea-Signature cannot be checked: the form body is not URL-encoded"),
                arguments(Named.of("form with an escaped payload name before the signed one",
                                formRequest("%70ayload=%7B%7D&" + form, hexHmac(SECRET, push))),
                        "X-Gitea-Signature does not match the body signed with the hook's secret"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void verify_rejects(WebhookRequest request, String message) {
        assertThatThrownBy(() -> gitea.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage(message);
    }

    @Test
    void verify_rejects_whenSignatureIsForAnotherBody() {
        byte[] push = Fixtures.bytes("gitea/push.json");
        WebhookRequest request = withSignature(hexHmac(SECRET, Fixtures.bytes("gitea/status.json")), push);

        assertThatThrownBy(() -> gitea.verify(request, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void verify_checksTheJsonInsideAForm_asGiteaSignsIt() {
        String json = Fixtures.text("gitea/push.json");
        String form = "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);

        gitea.verify(formRequest(form, hexHmac(SECRET, utf8(json))), SECRET);
    }

    @Test
    void verifyAndClassify_readTheSameField_whenAFormRepeatsPayload() {
        String json = Fixtures.text("gitea/push.json");
        String forged = json.replace(PUSH_AFTER, "0123456789abcdef0123456789abcdef01234567");
        WebhookRequest request = formRequest("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)
                + "&payload=" + URLEncoder.encode(forged, StandardCharsets.UTF_8),
                hexHmac(SECRET, utf8(json)));

        gitea.verify(request, SECRET);

        assertThat(gitea.classify(request, SOURCE, "main", PUSH_ONLY))
                .isEqualTo(PUSH_SYNC);
    }

    // ---- classify -------------------------------------------------------------------------------------------------

    static Stream<Arguments> classifications() {
        return Stream.of(
                arguments("push to the hook's branch", push(p -> { }), PUSH_ONLY,
                        PUSH_SYNC),
                arguments("push when the hook waits for CI", push(p -> { }), BOTH,
                        new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its workflow run")),
                arguments("tag push", push(p -> p.put("ref", "refs/tags/v1.0.0")), PUSH_ONLY,
                        new WebhookEvent.Ignored("tag push refs/tags/v1.0.0 does not sync")),
                arguments("branch deletion", push(p -> p.put("after", ZERO).putNull("head_commit")), PUSH_ONLY,
                        new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync")),
                arguments("push to another branch", push(p -> p.put("ref", "refs/heads/feature")), PUSH_ONLY,
                        new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main")),
                arguments("deletion of another branch", push(p -> p.put("ref", "refs/heads/feature").put("after", ZERO)
                                .putNull("head_commit")), PUSH_ONLY,
                        new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main")),
                arguments("branch creation", push(p -> p.put("before", ZERO)), PUSH_ONLY,
                        PUSH_SYNC),
                arguments("form-encoded push", formPush(), PUSH_ONLY,
                        PUSH_SYNC),
                arguments("workflow run success", workflowRun(r -> { }), CI_ONLY,
                        RUN_SYNC),
                arguments("workflow run failure", workflowRun(r -> r.put("conclusion", "failure")), CI_ONLY,
                        new WebhookEvent.Ignored("workflow run concluded failure, not success")),
                arguments("workflow run in progress", changed("workflow_run", "gitea/workflow_run.json",
                                p -> p.put("action", "in_progress")), CI_ONLY,
                        new WebhookEvent.Ignored("workflow run is in_progress, not completed")),
                arguments("workflow run on another branch", workflowRun(r -> r.put("head_branch", "feature")), CI_ONLY,
                        new WebhookEvent.Ignored("workflow run on branch feature; this hook follows main")),
                arguments("workflow run for a pull request", workflowRun(r -> r.put("event", "pull_request")), CI_ONLY,
                        new WebhookEvent.Ignored("workflow run for a pull request (pull_request) does not sync")),
                arguments("workflow run for a pull request target", workflowRun(r -> r.put("event", "pull_request_target")),
                        CI_ONLY, new WebhookEvent.Ignored(
                                "workflow run for a pull request (pull_request_target) does not sync")),
                arguments("workflow run of a fork", workflowRun(r -> ((ObjectNode) r.get("head_repository"))
                                .put("full_name", "mallory/app")), CI_ONLY,
                        new WebhookEvent.Ignored("workflow run is for a commit of mallory/app, not acme/app")),
                arguments("status success without branches", status(s -> { }), CI_ONLY,
                        new WebhookEvent.Ignored("this status event does not say which branch its commit is on;"
                                + " subscribe the webhook to workflow run events instead")),
                arguments("status success listing the branch", status(s -> s.putArray("branches")
                                .add(Json.MAPPER.createObjectNode().put("name", "release"))
                                .add(Json.MAPPER.createObjectNode().put("name", "main"))), CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", STATUS_SHA)),
                arguments("status success on other branches", status(s -> s.putArray("branches")
                                .add(Json.MAPPER.createObjectNode().put("name", "feature"))), CI_ONLY,
                        new WebhookEvent.Ignored("commit status for a commit that is not on main")),
                arguments("status failure", status(s -> s.put("state", "failure")), CI_ONLY,
                        new WebhookEvent.Ignored("commit status CI / build (push) is failure, not success")),
                arguments("status pending", status(s -> s.put("state", "pending")), CI_ONLY,
                        new WebhookEvent.Ignored("commit status CI / build (push) is pending, not success")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifications")
    void classify(String name, WebhookRequest request, HookEvents events, WebhookEvent expected) {
        assertThat(gitea.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    static Stream<Arguments> rejectedDeliveries() {
        return Stream.of(
                arguments(Named.of("push, hook not subscribed", push(p -> { })), CI_ONLY, UnsupportedEventException.class,
                        "this hook is not subscribed to push events"),
                arguments(Named.of("workflow run, hook not subscribed", workflowRun(r -> { })), PUSH_ONLY,
                        UnsupportedEventException.class, "this hook is not subscribed to CI (workflow_run) events"),
                arguments(Named.of("status, hook not subscribed", status(s -> { })), PUSH_ONLY,
                        UnsupportedEventException.class, "this hook is not subscribed to CI (status) events"),
                arguments(Named.of("create event", signed("create", utf8("{}"))), BOTH,
                        UnsupportedEventException.class,
                        "Gitea event 'create' is not handled; gitbridge handles push, workflow_run and status"),
                arguments(Named.of("unknown event", signed("issues", utf8("{}"))), BOTH,
                        UnsupportedEventException.class,
                        "Gitea event 'issues' is not handled; gitbridge handles push, workflow_run and status"),
                arguments(Named.of("no event header", new WebhookRequest(Map.of(), Fixtures.bytes("gitea/push.json"))), BOTH,
                        UnsupportedEventException.class, "X-Gitea-Event header is missing"),
                arguments(Named.of("malformed JSON", signed("push", utf8("{\"ref\": "))), PUSH_ONLY,
                        MalformedPayloadException.class, null),
                arguments(Named.of("push without after", push(p -> p.remove("after"))), PUSH_ONLY,
                        MalformedPayloadException.class, "payload lacks the string field after"),
                arguments(Named.of("push with a short after", push(p -> p.put("after", "d3d6ea6"))), PUSH_ONLY,
                        MalformedPayloadException.class, "after is not a 40-hex commit id"),
                arguments(Named.of("workflow run with a short head_sha", workflowRun(r -> r.put("head_sha", "46652fa"))), CI_ONLY,
                        MalformedPayloadException.class, "workflow_run.head_sha is not a 40-hex commit id"),
                arguments(Named.of("form without payload", formRequest("other=1", "")), PUSH_ONLY,
                        MalformedPayloadException.class, "form body has no payload field"),
                arguments(Named.of("form payload not URL-encoded", formRequest("payload=%zz", "")), PUSH_ONLY,
                        MalformedPayloadException.class, "form body is not URL-encoded"),
                arguments(Named.of("form with a bad escape in a field name", formRequest("pay%zzload=1&payload=%7B%7D", "")),
                        PUSH_ONLY, MalformedPayloadException.class, "form body is not URL-encoded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedDeliveries")
    void classify_rejects(WebhookRequest request, HookEvents events, Class<? extends Exception> type, String message) {
        var thrown = assertThatThrownBy(() -> gitea.classify(request, SOURCE, "main", events)).isInstanceOf(type);
        if (message != null) {
            thrown.hasMessage(message);
        } else {
            thrown.hasMessageStartingWith("body is not valid JSON");
        }
    }

    @Test
    void classify_prefersForgejosEventHeader() {
        byte[] body = Fixtures.bytes("gitea/push.json");
        WebhookRequest request = new WebhookRequest(Map.of("x-forgejo-event", "push", "x-gitea-event", "issues"), body);

        assertThat(gitea.classify(request, SOURCE, "main", PUSH_ONLY)).isInstanceOf(WebhookEvent.SyncTrigger.class);
    }

    // ---- delivery id, recognition, registration -------------------------------------------------------------------

    static Stream<Arguments> deliveryIds() {
        return Stream.of(
                arguments("Gitea", Map.of("X-Gitea-Delivery", "1126d03a-d2e1-401a-bf83-0148289b2c2a"),
                        "1126d03a-d2e1-401a-bf83-0148289b2c2a"),
                arguments("Forgejo, preferred", Map.of("X-Forgejo-Delivery", "6fec49ca-e31d-4cd3-8cb3-f2e795983c1d",
                        "X-Gitea-Delivery", "1126d03a-d2e1-401a-bf83-0148289b2c2a"), "6fec49ca-e31d-4cd3-8cb3-f2e795983c1d"),
                arguments("Forgejo's blank, Gitea's used", Map.of("X-Forgejo-Delivery", " ",
                        "X-Gitea-Delivery", "1126d03a-d2e1-401a-bf83-0148289b2c2a"), "1126d03a-d2e1-401a-bf83-0148289b2c2a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveryIds")
    void deliveryId_isTheDeliveryHeader(String name, Map<String, String> headers, String expected) {
        assertThat(gitea.deliveryId(new WebhookRequest(headers, new byte[0]))).isEqualTo(expected);
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenHeaderIsMissing() {
        byte[] body = Fixtures.bytes("gitea/push.json");

        assertThat(gitea.deliveryId(new WebhookRequest(Map.of(), body))).startsWith("body-").hasSize(69)
                .isEqualTo(gitea.deliveryId(new WebhookRequest(Map.of("x-gitea-delivery", " "), body)));
    }

    static Stream<Arguments> senders() {
        return Stream.of(
                arguments(Map.of("X-Gitea-Event", "push"), true),
                arguments(Map.of("X-Forgejo-Event", "push"), true),
                arguments(Map.of("X-Gogs-Event", "push", "X-GitHub-Event", "push"), false),
                arguments(Map.of("X-GitHub-Event", "push"), false));
    }

    @ParameterizedTest
    @MethodSource("senders")
    void sentBy_readsGiteasOrForgejosEventHeader(Map<String, String> headers, boolean expected) {
        assertThat(gitea.sentBy(new WebhookRequest(headers, new byte[0]))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("envelopeNames")
    void detect_picksGitea_beforeTheProvidersWhoseHeadersGiteaCopies(String envelope) {
        assertThat(Providers.standard().detect(TestRequests.envelope(envelope))).map(WebhookProvider::id).contains("gitea");
    }

    static Stream<String> envelopeNames() {
        return envelopes().map(a -> (String) a.get()[0]);
    }

    @Test
    void contract_pushAndCi_tokenAsPassword() {
        assertThat(gitea.id()).isEqualTo("gitea");
        assertThat(gitea.supportedEvents()).containsExactlyInAnyOrder(EventKind.PUSH, EventKind.CI);
        assertThat(gitea.cloneUsername()).isNotBlank();
        assertThat(Providers.standard().find("gitea")).get().isInstanceOf(GiteaProvider.class);
    }

    // ---- testkit deliveries ---------------------------------------------------------------------------------------

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void testkitPush_isAccepted_andSyncsItsCommit() {
        WebhookRequest request = TestRequests.request(
                Deliveries.of("gitea").push(SECRET, "release", COMMIT, "6e1c1c2a-0000-4000-8000-000000000001"));

        gitea.verify(request, SECRET);

        assertThat(gitea.classify(request, SOURCE, "release", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/release", COMMIT));
        assertThat(Providers.standard().detect(request)).map(WebhookProvider::id).contains("gitea");
    }

    @Test
    void testkitCiSuccess_isAccepted_andSyncsItsCommit() {
        WebhookRequest request = TestRequests.request(
                Deliveries.of("gitea").ciSuccess(SECRET, "release", COMMIT, "6e1c1c2a-0000-4000-8000-000000000002"));

        gitea.verify(request, SECRET);

        assertThat(gitea.classify(request, SOURCE, "release", CI_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/release", COMMIT));
    }

    @Test
    void eventName_isTheEventHeader_readWithoutTheBody() {
        WebhookRequest request = TestRequests.envelope("gitea/push.apigw.json");
        WebhookRequest headersOnly = new WebhookRequest(request.headers(), new byte[0]);

        assertThat(gitea.eventName(headersOnly)).isEqualTo("push");
        assertThat(gitea.verifiedEventName(request)).isEqualTo("push");
    }

    @Test
    void eventName_isUnknown_whenTheHeaderIsMissingOrBlank() {
        assertThat(gitea.eventName(new WebhookRequest(Map.of(), new byte[0]))).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(gitea.eventName(new WebhookRequest(Map.of("X-Gitea-Event", " "), new byte[0])))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    @Test
    void eventName_prefersForgejosHeader() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Forgejo-Event", "status", "X-Gitea-Event", "push"),
                new byte[0]);

        assertThat(gitea.eventName(request)).isEqualTo("status");
        assertThat(gitea.eventName(new WebhookRequest(Map.of("X-Forgejo-Event", "", "X-Gitea-Event", "push"),
                new byte[0]))).isEqualTo("push");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static WebhookRequest withSignature(String signature, byte[] body) {
        return new WebhookRequest(Map.of("content-type", "application/json", "x-gitea-event", "push",
                "x-gitea-signature", signature), body);
    }

    private static WebhookRequest formRequest(String form, String signature) {
        return new WebhookRequest(Map.of("content-type", "application/x-www-form-urlencoded", "x-gitea-event", "push",
                "x-gitea-signature", signature), utf8(form));
    }

    private static WebhookRequest formPush() {
        String json = Fixtures.text("gitea/push.json");
        return formRequest("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8),
                hexHmac(SECRET, utf8(json)));
    }

    private static WebhookRequest signed(String event, byte[] body) {
        return new WebhookRequest(Map.of(
                "content-type", "application/json",
                "x-gitea-event", event,
                "x-gitea-delivery", "d2f1c0de-0000-4000-8000-000000000001",
                "x-gitea-signature", hexHmac(SECRET, body)), body);
    }

    private static WebhookRequest push(Consumer<ObjectNode> change) {
        return changed("push", "gitea/push.json", change);
    }

    private static WebhookRequest workflowRun(Consumer<ObjectNode> change) {
        return changed("workflow_run", "gitea/workflow_run.json", p -> change.accept((ObjectNode) p.get("workflow_run")));
    }

    private static WebhookRequest status(Consumer<ObjectNode> change) {
        return changed("status", "gitea/status.json", change);
    }

    private static WebhookRequest changed(String event, String fixture, Consumer<ObjectNode> change) {
        return signed(event, TestRequests.changed(fixture, change));
    }
}
