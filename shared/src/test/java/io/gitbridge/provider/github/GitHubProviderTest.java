package io.gitbridge.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.hook.HookEvents;
import io.gitbridge.json.Json;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.testkit.Fixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubProviderTest {

    private static final String SECRET = "gitbridge-example-secret-0123456789";
    private static final HookEvents PUSH_ONLY = new HookEvents(true, false);
    private static final HookEvents CI_ONLY = new HookEvents(false, true);
    private static final HookEvents BOTH = new HookEvents(true, true);

    private final GitHubProvider github = new GitHubProvider();

    @Test
    void verify_accepts_githubsPublishedTestVector() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
                "Hello, World!".getBytes(StandardCharsets.UTF_8));

        github.verify(request, "It's a Secret to Everybody");
    }

    @Test
    void verify_accepts_theSignedFixtureBody() {
        github.verify(signed("push", Fixtures.bytes("github/push.json")), SECRET);
    }

    @Test
    void verify_rejects_whenSignatureIsForAnotherBody() {
        WebhookRequest request = new WebhookRequest(Map.of("x-hub-signature-256",
                "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, "other".getBytes(StandardCharsets.UTF_8)))),
                Fixtures.bytes("github/push.json"));

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
    void classify_push_syncsThePushedHead() {
        WebhookEvent event = github.classify(signed("push", Fixtures.bytes("github/push.json")), "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main",
                "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"));
    }

    @Test
    void classify_push_readsFormEncodedPayload() {
        String form = "payload=" + URLEncoder.encode(Fixtures.text("github/push.json"), StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(signed("push", form.getBytes(StandardCharsets.UTF_8)).headers());
        headers.put("content-type", "application/x-www-form-urlencoded");

        WebhookEvent event = github.classify(new WebhookRequest(headers, form.getBytes(StandardCharsets.UTF_8)),
                "main", PUSH_ONLY);

        assertThat(event).isInstanceOf(WebhookEvent.SyncTrigger.class);
    }

    @Test
    void classify_push_ignoresOtherBranch() {
        WebhookEvent event = github.classify(push(p -> p.put("ref", "refs/heads/feature")), "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main"));
    }

    @Test
    void classify_push_ignoresTag() {
        WebhookEvent event = github.classify(push(p -> p.put("ref", "refs/tags/v1.0.0")), "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("tag push refs/tags/v1.0.0 does not sync"));
    }

    @Test
    void classify_push_ignoresBranchDeletion() {
        WebhookEvent event = github.classify(push(p -> p.put("deleted", true)
                .put("after", "0000000000000000000000000000000000000000").putNull("head_commit")), "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync"));
    }

    @Test
    void classify_push_waitsForCi_whenHookWantsBoth() {
        WebhookEvent event = github.classify(signed("push", Fixtures.bytes("github/push.json")), "main", BOTH);

        assertThat(event).isInstanceOf(WebhookEvent.Ignored.class);
        assertThat(((WebhookEvent.Ignored) event).reason()).contains("syncs on CI success");
    }

    @Test
    void classify_push_isRejected_whenHookDidNotSubscribe() {
        WebhookRequest request = signed("push", Fixtures.bytes("github/push.json"));

        assertThatThrownBy(() -> github.classify(request, "main", CI_ONLY))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("this hook is not subscribed to push events");
    }

    @Test
    void classify_push_rejectsMalformedJson() {
        WebhookRequest request = signed("push", "{\"ref\": ".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> github.classify(request, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void classify_push_rejectsPayloadWithoutAfter() {
        WebhookRequest request = push(p -> p.remove("after"));

        assertThatThrownBy(() -> github.classify(request, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the string field after");
    }

    @Test
    void classify_workflowRun_syncsTheRunsHeadSha_notTheBranchHead() {
        WebhookEvent event = github.classify(signed("workflow_run", Fixtures.bytes("github/workflow_run.json")),
                "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main",
                "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"failure", "cancelled", "timed_out", "skipped"})
    void classify_workflowRun_ignoresOtherConclusions(String conclusion) {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run"))
                .put("conclusion", conclusion)), "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("workflow run concluded " + conclusion + ", not success"));
    }

    @Test
    void classify_workflowRun_ignoresRunsNotCompleted() {
        WebhookEvent event = github.classify(workflowRun(p -> p.put("action", "in_progress")), "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("workflow run is in_progress, not completed"));
    }

    @Test
    void classify_workflowRun_ignoresOtherBranch() {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run"))
                .put("head_branch", "feature")), "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored("workflow run on branch feature; this hook follows main"));
    }

    @Test
    void classify_workflowRun_ignoresRunsOfAFork() {
        WebhookEvent event = github.classify(workflowRun(p -> ((ObjectNode) p.get("workflow_run").get("head_repository"))
                .put("full_name", "mallory/app")), "main", CI_ONLY);

        assertThat(event).isInstanceOf(WebhookEvent.Ignored.class);
    }

    @Test
    void classify_workflowRun_isRejected_whenHookDidNotSubscribe() {
        WebhookRequest request = signed("workflow_run", Fixtures.bytes("github/workflow_run.json"));

        assertThatThrownBy(() -> github.classify(request, "main", PUSH_ONLY))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessage("this hook is not subscribed to CI (workflow_run) events");
    }

    @Test
    void classify_ping_isAPing_whateverTheSubscription() {
        assertThat(github.classify(signed("ping", Fixtures.bytes("github/ping.json")), "main", CI_ONLY))
                .isEqualTo(new WebhookEvent.Ping());
    }

    @Test
    void classify_rejectsEventsGitbridgeDoesNotHandle() {
        WebhookRequest request = signed("issues", "{}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> github.classify(request, "main", BOTH))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessage("GitHub event 'issues' is not handled; gitbridge handles push, workflow_run and ping");
    }

    @Test
    void classify_rejectsDeliveryWithoutEventHeader() {
        WebhookRequest request = new WebhookRequest(Map.of(), Fixtures.bytes("github/push.json"));

        assertThatThrownBy(() -> github.classify(request, "main", BOTH))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("X-GitHub-Event header is missing");
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

    private static WebhookRequest signed(String event, byte[] body) {
        return new WebhookRequest(Map.of(
                "content-type", "application/json",
                "x-github-event", event,
                "x-github-delivery", "d2f1c0de-0000-4000-8000-000000000001",
                "x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body))), body);
    }

    private static WebhookRequest push(java.util.function.Consumer<ObjectNode> change) {
        return changed("push", "github/push.json", change);
    }

    private static WebhookRequest workflowRun(java.util.function.Consumer<ObjectNode> change) {
        return changed("workflow_run", "github/workflow_run.json", change);
    }

    private static WebhookRequest changed(String event, String fixture, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes(fixture));
            change.accept(payload);
            return signed(event, payload.toString().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
