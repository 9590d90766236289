package io.gitbridge.provider.github;

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
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.TestRequests;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.deliveries.Hmac;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubProviderTest {

    private static final SourceRepository SOURCE = SourceRepository.of("https://github.com/acme/app.git");

    private static final String PUSH_AFTER = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String RUN_HEAD_SHA = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";

    private final GitHubProvider github = new GitHubProvider();

    @Test
    void verify_accepts_githubsPublishedTestVector() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
                utf8("Hello, World!"));

        github.verify(request, "It's a Secret to Everybody");
    }

    @Test
    void verify_accepts_theSignedFixtureBody() {
        github.verify(signed("push", Fixtures.bytes("github/push.json")), SECRET);
    }

    @Test
    void verify_rejects_whenSignatureIsForAnotherBody() {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature-256",
                "sha256=" + hexHmac(SECRET, utf8("other"))), Fixtures.bytes("github/push.json"));

        assertThatThrownBy(() -> github.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @Test
    void verify_rejects_whenSecretIsWrong() {
        WebhookRequest request = signed("push", Fixtures.bytes("github/push.json"));

        assertThatThrownBy(() -> github.verify(request, "another-secret-of-some-length"))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @Test
    void verify_rejects_whenHeaderIsMissing() {
        WebhookRequest request = new WebhookRequest(Map.of("x-github-event", "push"), Fixtures.bytes("github/push.json"));

        assertThatThrownBy(() -> github.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Hub-Signature-256 is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256=", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
    void verify_rejects_whenHeaderLacksItsPrefix(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature-256", header), new byte[0]);

        assertThatThrownBy(() -> github.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("malformed: expected sha256=<hex>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256=757107ea", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ff"})
    void verify_rejects_whenDigestIsTruncatedOrTooLong(String header) {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature-256", header), new byte[0]);

        assertThatThrownBy(() -> github.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("expected 64 hex characters");
    }

    @Test
    void verify_rejects_whenDigestIsNotHex() {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature-256", "sha256=" + "zz".repeat(32)), new byte[0]);

        assertThatThrownBy(() -> github.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("not hexadecimal");
    }

    @Test
    void verify_acceptsSha1OverTheRawForm_whenNoSha256SignatureIsSent() {
        WebhookRequest request = hubDelivery(Map.of("x-hub-signature", "sha1=" + Hmac.sha1Hex(SECRET, HUB_FORM)));

        github.verify(request, SECRET);
        assertThat(github.classify(request, SOURCE, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER));
    }

    @Test
    void verify_rejectsSha1_whenTheFormIsSignedWithAnotherSecret() {
        WebhookRequest request = hubDelivery(Map.of("x-hub-signature",
                "sha1=" + Hmac.sha1Hex("another-secret-of-some-length", HUB_FORM)));

        assertThatThrownBy(() -> github.verify(request, SECRET)).isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature does not match the body signed with the hook's secret");
    }

    @Test
    void verify_rejectsSha1_whenItSignsTheDecodedJsonInsteadOfTheRawForm() {
        WebhookRequest request = hubDelivery(Map.of("x-hub-signature",
                "sha1=" + Hmac.sha1Hex(SECRET, Fixtures.bytes("github/push.json"))));

        assertThatThrownBy(() -> github.verify(request, SECRET)).isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature does not match the body signed with the hook's secret");
    }

    @Test
    void verify_checksSha256Only_whenBothAreSent_soAValidSha1CannotStandInForAWrongSha256() {
        WebhookRequest request = hubDelivery(Map.of(
                "x-hub-signature", "sha1=" + Hmac.sha1Hex(SECRET, HUB_FORM),
                "x-hub-signature-256", "sha256=" + hexHmac("another-secret-of-some-length", HUB_FORM)));

        assertThatThrownBy(() -> github.verify(request, SECRET)).isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature-256 does not match the body signed with the hook's secret");
    }

    @Test
    void verify_acceptsSha256_whenBothAreSent_whateverTheSha1Says() {
        WebhookRequest request = hubDelivery(Map.of(
                "x-hub-signature", "sha1=" + "0".repeat(40),
                "x-hub-signature-256", "sha256=" + hexHmac(SECRET, HUB_FORM)));

        github.verify(request, SECRET);
    }

    @Test
    void verify_rejectsAnEmptySha256Header_evenWithAValidSha1() {
        WebhookRequest request = hubDelivery(Map.of(
                "x-hub-signature", "sha1=" + Hmac.sha1Hex(SECRET, HUB_FORM), "x-hub-signature-256", ""));

        assertThatThrownBy(() -> github.verify(request, SECRET)).isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature-256 is malformed: expected sha256=<hex>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha1", "sha1=", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d"})
    void verify_rejectsASha1HeaderWithoutItsPrefix(String header) {
        WebhookRequest request = hubDelivery(Map.of("x-hub-signature", header));

        assertThatThrownBy(() -> github.verify(request, SECRET)).isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature is malformed: expected sha1=<hex>");
    }

    @Test
    void classify_rejectsAHubFormWithoutPayload() {
        byte[] form = utf8("hub.topic=x");
        WebhookRequest request = new WebhookRequest(Map.of("content-type", "application/x-www-form-urlencoded",
                "x-github-event", "push", "x-hub-signature", "sha1=" + Hmac.sha1Hex(SECRET, form)), form);

        github.verify(request, SECRET);
        assertThatThrownBy(() -> github.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("form body has no payload field");
    }

    @Test
    void classify_push_syncsThePushedHead() {
        WebhookEvent event = github.classify(signed("push", Fixtures.bytes("github/push.json")), SOURCE, "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER));
    }

    @Test
    void classify_push_readsFormEncodedPayload() {
        String form = "payload=" + URLEncoder.encode(Fixtures.text("github/push.json"), StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(signed("push", utf8(form)).headers());
        headers.put("content-type", "application/x-www-form-urlencoded");

        WebhookEvent event = github.classify(new WebhookRequest(headers, utf8(form)), SOURCE, "main", PUSH_ONLY);

        assertThat(event).isInstanceOf(WebhookEvent.SyncTrigger.class);
    }

    @Test
    void classify_push_ignoresOtherBranch() {
        WebhookEvent event = github.classify(push(p -> p.put("ref", "refs/heads/feature")), SOURCE, "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main"));
    }

    @Test
    void classify_push_ignoresTag() {
        WebhookEvent event = github.classify(push(p -> p.put("ref", "refs/tags/v1.0.0")), SOURCE, "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("tag push refs/tags/v1.0.0 does not sync"));
    }

    @Test
    void classify_push_ignoresBranchDeletion() {
        WebhookEvent event = github.classify(push(p -> p.put("deleted", true)
                .put("after", "0000000000000000000000000000000000000000").putNull("head_commit")), SOURCE, "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync"));
    }

    @Test
    void classify_push_ignoresDeletionOfAnotherBranch() {
        WebhookEvent event = github.classify(push(p -> p.put("ref", "refs/heads/feature").put("deleted", true)
                .put("after", "0000000000000000000000000000000000000000").putNull("head_commit")), SOURCE, "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main"));
    }

    @Test
    void classify_push_waitsForCi_whenHookWantsBoth() {
        WebhookEvent event = github.classify(signed("push", Fixtures.bytes("github/push.json")), SOURCE, "main", BOTH);

        assertThat(event).isInstanceOf(WebhookEvent.Ignored.class);
        assertThat(((WebhookEvent.Ignored) event).reason()).contains("syncs on CI success");
    }

    @Test
    void classify_push_isRejected_whenHookDidNotSubscribe() {
        WebhookRequest request = signed("push", Fixtures.bytes("github/push.json"));

        assertThatThrownBy(() -> github.classify(request, SOURCE, "main", CI_ONLY))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("this hook is not subscribed to push events");
    }

    @Test
    void classify_push_rejectsMalformedJson() {
        WebhookRequest request = signed("push", utf8("{\"ref\": "));

        assertThatThrownBy(() -> github.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void classify_push_rejectsPayloadWithoutAfter() {
        WebhookRequest request = push(p -> p.remove("after"));

        assertThatThrownBy(() -> github.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the string field after");
    }

    @Test
    void classify_workflowRun_syncsTheRunsHeadSha_notTheBranchHead() {
        WebhookEvent event = github.classify(signed("workflow_run", Fixtures.bytes("github/workflow_run.json")),
                SOURCE, "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", RUN_HEAD_SHA));
    }

    @ParameterizedTest
    @ValueSource(strings = {"failure", "cancelled", "timed_out", "skipped"})
    void classify_workflowRun_ignoresOtherConclusions(String conclusion) {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run"))
                .put("conclusion", conclusion)), SOURCE, "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("workflow run concluded " + conclusion + ", not success"));
    }

    @Test
    void classify_workflowRun_ignoresRunsNotCompleted() {
        WebhookEvent event = github.classify(workflowRun(p -> p.put("action", "in_progress")), SOURCE, "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("workflow run is in_progress, not completed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pull_request", "pull_request_target"})
    void classify_workflowRun_ignoresRunsForAPullRequest_evenOnTheHooksBranch(String trigger) {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run"))
                .put("event", trigger)), SOURCE, "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("workflow run for a pull request (" + trigger
                + ") does not sync"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"push", "workflow_dispatch", "schedule"})
    void classify_workflowRun_syncs_whenTheRunWasNotForAPullRequest(String trigger) {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run"))
                .put("event", trigger)), SOURCE, "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", RUN_HEAD_SHA));
    }

    @Test
    void classify_workflowRun_ignoresOtherBranch() {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run"))
                .put("head_branch", "feature")), SOURCE, "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("workflow run on branch feature; this hook follows main"));
    }

    @Test
    void classify_workflowRun_ignoresRunsOfAFork() {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run").get("head_repository"))
                .put("full_name", "mallory/app")), SOURCE, "main", CI_ONLY);

        assertThat(event).isInstanceOf(WebhookEvent.Ignored.class);
    }

    @Test
    void classify_workflowRun_isRejected_whenHookDidNotSubscribe() {
        WebhookRequest request = signed("workflow_run", Fixtures.bytes("github/workflow_run.json"));

        assertThatThrownBy(() -> github.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessage("this hook is not subscribed to CI (workflow_run) events");
    }

    @Test
    void classify_ping_isAPing_whateverTheSubscription() {
        assertThat(github.classify(signed("ping", Fixtures.bytes("github/ping.json")), SOURCE, "main", CI_ONLY))
                .isEqualTo(new WebhookEvent.Ping());
    }

    @Test
    void classify_rejectsEventsGitbridgeDoesNotHandle() {
        WebhookRequest request = signed("issues", utf8("{}"));

        assertThatThrownBy(() -> github.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessage("GitHub event 'issues' is not handled; gitbridge handles push, workflow_run and ping");
    }

    @Test
    void classify_rejectsDeliveryWithoutEventHeader() {
        WebhookRequest request = new WebhookRequest(Map.of(), Fixtures.bytes("github/push.json"));

        assertThatThrownBy(() -> github.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("X-GitHub-Event header is missing");
    }

    static Stream<Arguments> envelopes() {
        return Stream.of(
                arguments("github/push.apigw.json", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER)),
                arguments("github/workflow_run.apigw.json", CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", RUN_HEAD_SHA)),
                arguments("github/ping.apigw.json", PUSH_ONLY, new WebhookEvent.Ping()),
                arguments("github/push.form.apigw.json", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER)),
                arguments("github/push.pubsubhubbub.apigw.json", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER)));
    }

    @Test
    void envelope_signedOnlyWithSha1_isRefused_forAnotherSecret() {
        WebhookRequest request = TestRequests.envelope("github/push.pubsubhubbub.apigw.json");

        assertThat(request.hasHeader("X-Hub-Signature-256")).isFalse();
        assertThatThrownBy(() -> github.verify(request, "another-secret-of-some-length"))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("X-Hub-Signature does not match the body signed with the hook's secret");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void envelope_verifiesAndClassifies(String envelope, HookEvents events, WebhookEvent expected) {
        WebhookRequest request = TestRequests.envelope(envelope);

        github.verify(request, SECRET);

        assertThat(github.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    @Test
    void envelope_carriesTheDeliveryId() {
        assertThat(github.deliveryId(TestRequests.envelope("github/push.apigw.json")))
                .isEqualTo("6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60");
    }

    @Test
    void deliveryId_isGitHubsDeliveryHeader() {
        WebhookRequest request = new WebhookRequest(Map.of("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
                new byte[0]);

        assertThat(github.deliveryId(request)).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenHeaderIsMissing() {
        byte[] body = Fixtures.bytes("github/push.json");

        String first = github.deliveryId(new WebhookRequest(Map.of(), body));

        assertThat(first).startsWith("body-").hasSize("body-".length() + 64)
                .isEqualTo(github.deliveryId(new WebhookRequest(Map.of(), body)));
    }

    @Test
    void eventName_isTheEventHeader_readWithoutTheBody() {
        WebhookRequest request = TestRequests.envelope("github/push.apigw.json");
        WebhookRequest headersOnly = new WebhookRequest(request.headers(), new byte[0]);

        assertThat(github.eventName(headersOnly)).isEqualTo("push");
        assertThat(github.verifiedEventName(request)).isEqualTo("push");
    }

    @Test
    void eventName_isUnknown_whenTheHeaderIsMissingOrBlank() {
        assertThat(github.eventName(new WebhookRequest(Map.of(), new byte[0]))).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(github.eventName(new WebhookRequest(Map.of("X-GitHub-Event", " "), new byte[0])))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    // ---- only this hook's repository (issue 7, rule 5) ------------------------------------------------------------

    @Test
    void classify_ignores_aPushOfAcmeOther_toAHookOnAcmeDemo() {
        WebhookRequest request = signed("push", utf8(Fixtures.text("github/push.json").replace("acme/app", "acme/other")));

        assertThat(github.classify(request, SourceRepository.of("https://github.com/acme/demo.git"), "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.Ignored("not this hook's repository: the delivery is about acme/other, "
                        + "this hook's source is https://github.com/acme/demo.git"));
    }

    @Test
    void classify_ignores_aWorkflowRunOfAnotherRepository() {
        WebhookRequest request = signed("workflow_run", utf8(Fixtures.text("github/workflow_run.json")
                .replace("acme/app", "acme/other")));

        assertThat(github.classify(request, SOURCE, "main", CI_ONLY)).isInstanceOf(WebhookEvent.Ignored.class)
                .extracting(event -> ((WebhookEvent.Ignored) event).reason()).asString()
                .startsWith("not this hook's repository: the delivery is about acme/other");
    }

    @Test
    void classify_matches_bySshUrl_whenTheHooksSourceIsAnSshUrl() {
        WebhookRequest request = signed("push", Fixtures.bytes("github/push.json"));

        assertThat(github.classify(request, SourceRepository.of("git@github.com:Acme/App.git"), "main", PUSH_ONLY))
                .isInstanceOf(WebhookEvent.SyncTrigger.class);
    }

    @Test
    void classify_answersAPing_whateverRepositoryItNames() {
        // An organisation webhook's ping names no repository.
        WebhookRequest request = signed("ping", utf8("{\"zen\": \"Keep it logically awesome.\", \"hook_id\": 1}"));

        assertThat(github.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(new WebhookEvent.Ping());
    }

    /** A push as GitHub's PubSubHubbub hub sends it: the JSON form-encoded in {@code payload}. */
    private static final byte[] HUB_FORM = utf8("payload="
            + URLEncoder.encode(Fixtures.text("github/push.json"), StandardCharsets.UTF_8));

    private static WebhookRequest hubDelivery(Map<String, String> signatures) {
        Map<String, String> headers = new HashMap<>(signatures);
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("x-github-event", "push");
        headers.put("x-github-delivery", "d2f1c0de-0000-4000-8000-000000000002");
        return new WebhookRequest(headers, HUB_FORM);
    }

    private static WebhookRequest signed(String event, byte[] body) {
        return new WebhookRequest(Map.of(
                "content-type", "application/json",
                "x-github-event", event,
                "x-github-delivery", "d2f1c0de-0000-4000-8000-000000000001",
                "x-hub-signature-256", "sha256=" + hexHmac(SECRET, body)), body);
    }

    private static WebhookRequest push(Consumer<ObjectNode> change) {
        return signed("push", TestRequests.changed("github/push.json", change));
    }

    private static WebhookRequest workflowRun(Consumer<ObjectNode> change) {
        return signed("workflow_run", TestRequests.changed("github/workflow_run.json", change));
    }
}
