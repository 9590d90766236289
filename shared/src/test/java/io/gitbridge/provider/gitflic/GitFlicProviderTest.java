package io.gitbridge.provider.gitflic;

import static io.gitbridge.provider.TestRequests.BOTH;
import static io.gitbridge.provider.TestRequests.CI_ONLY;
import static io.gitbridge.provider.TestRequests.PUSH_ONLY;
import static io.gitbridge.provider.TestRequests.SECRET;
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
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitFlicProviderTest {

    private static final SourceRepository SOURCE = SourceRepository.of("https://gitflic.ru/project/acme/app.git");

    private static final String PUSH_AFTER = "17ee510f52602c3d37d2e271144a9dd0aab75599";
    private static final String PIPELINE_COMMIT = "a6fd78e61b89dc0c43256eed6c607f2a6dccb9f8";
    private static final String ZERO = "0000000000000000000000000000000000000000";

    private final GitFlicProvider gitflic = new GitFlicProvider();

    static Stream<Arguments> envelopes() {
        return Stream.of(
                arguments("gitflic/branch_update.apigw.json", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER)),
                arguments("gitflic/pipeline_success.apigw.json", CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", PIPELINE_COMMIT)),
                arguments("gitflic/test_webhook.apigw.json", CI_ONLY, new WebhookEvent.Ping()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void verifyAndClassify_acceptTheEnvelope(String envelope, HookEvents events, WebhookEvent expected) {
        WebhookRequest request = TestRequests.envelope(envelope);

        gitflic.verify(request, SECRET);

        assertThat(gitflic.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    static Stream<Arguments> badSecrets() {
        byte[] body = Fixtures.bytes("gitflic/branch_update.json");
        return Stream.of(
                arguments(Named.of("wrong secret", withSecret("another-secret-of-some-length", body)),
                        "Gitflic-Webhook-Secret does not match the hook's secret"),
                arguments(Named.of("truncated secret", withSecret(SECRET.substring(0, SECRET.length() - 1), body)),
                        "Gitflic-Webhook-Secret does not match the hook's secret"),
                arguments(Named.of("secret with a suffix", withSecret(SECRET + "0", body)),
                        "Gitflic-Webhook-Secret does not match the hook's secret"),
                arguments(Named.of("secret in another case", withSecret(SECRET.toUpperCase(), body)),
                        "Gitflic-Webhook-Secret does not match the hook's secret"),
                arguments(Named.of("empty header", withSecret("", body)),
                        "Gitflic-Webhook-Secret is empty: the webhook has no secret; set the hook's secret on it"),
                arguments(Named.of("missing header", new WebhookRequest(Map.of("content-type", "application/json"), body)),
                        "Gitflic-Webhook-Secret is missing"),
                arguments(Named.of("the secret in the Authorization header instead",
                                new WebhookRequest(Map.of("authorization", SECRET), body)),
                        "Gitflic-Webhook-Secret is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSecrets")
    void verify_rejects(WebhookRequest request, String message) {
        assertThatThrownBy(() -> gitflic.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage(message);
    }

    @Test
    void verify_acceptsAnyBody_becauseGitFlicSendsATokenNotASignature() {
        gitflic.verify(withSecret(SECRET, utf8("{}")), SECRET);
    }

    static Stream<Arguments> classifications() {
        return Stream.of(
                arguments("branch update of the hook's branch", update(p -> { }), PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSH_AFTER)),
                arguments("branch update when the hook waits for CI", update(p -> { }), BOTH,
                        new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its pipeline")),
                arguments("tag ref in a branch update", update(p -> p.put("ref", "refs/tags/v1.0.0")), PUSH_ONLY,
                        new WebhookEvent.Ignored("tag push refs/tags/v1.0.0 does not sync")),
                arguments("deletion", update(p -> p.put("after", ZERO)), PUSH_ONLY,
                        new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync")),
                arguments("branch update of another branch", update(p -> p.put("ref", "refs/heads/feature")), PUSH_ONLY,
                        new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main")),
                arguments("deletion of another branch", update(p -> p.put("ref", "refs/heads/feature").put("after", ZERO)),
                        PUSH_ONLY,
                        new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main")),
                arguments("pipeline success", pipeline(p -> { }), CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", PIPELINE_COMMIT)),
                arguments("pipeline success with a full ref", pipeline(p -> p.put("ref", "refs/heads/main")), CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", PIPELINE_COMMIT)),
                arguments("pipeline success on another branch", pipeline(p -> p.put("ref", "feature")), CI_ONLY,
                        new WebhookEvent.Ignored("pipeline on branch feature; this hook follows main")),
                arguments("pipeline success for a tag", pipeline(p -> p.put("ref", "refs/tags/v1.0.0")), CI_ONLY,
                        new WebhookEvent.Ignored("pipeline for tag refs/tags/v1.0.0 does not sync")),
                arguments("pipeline failure", action("gitflic/pipeline_success.json", "PIPELINE_FAIL"), CI_ONLY,
                        new WebhookEvent.Ignored("pipeline event PIPELINE_FAIL is not a success")),
                arguments("pipeline warning", action("gitflic/pipeline_success.json", "PIPELINE_WARNING"), CI_ONLY,
                        new WebhookEvent.Ignored("pipeline event PIPELINE_WARNING is not a success")),
                arguments("new pipeline", action("gitflic/pipeline_success.json", "PIPELINE_NEW"), CI_ONLY,
                        new WebhookEvent.Ignored("pipeline event PIPELINE_NEW is not a success")),
                arguments("test webhook, whatever the subscription", request(Fixtures.bytes("gitflic/test_webhook.json")),
                        PUSH_ONLY, new WebhookEvent.Ping()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifications")
    void classify(String name, WebhookRequest request, HookEvents events, WebhookEvent expected) {
        assertThat(gitflic.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    static Stream<Arguments> rejectedDeliveries() {
        return Stream.of(
                arguments(Named.of("branch update, hook not subscribed", update(p -> { })), CI_ONLY,
                        UnsupportedEventException.class, "this hook is not subscribed to push (BRANCH_UPDATE) events"),
                arguments(Named.of("pipeline success, hook not subscribed", pipeline(p -> { })), PUSH_ONLY,
                        UnsupportedEventException.class, "this hook is not subscribed to CI (PIPELINE_SUCCESS) events"),
                arguments(Named.of("pipeline failure, hook not subscribed",
                                action("gitflic/pipeline_success.json", "PIPELINE_FAIL")), PUSH_ONLY,
                        UnsupportedEventException.class, "this hook is not subscribed to CI (PIPELINE_FAIL) events"),
                arguments(Named.of("tag creation", action("gitflic/branch_update.json", "TAG_CREATE")), BOTH,
                        UnsupportedEventException.class, "GitFlic event 'TAG_CREATE' is not handled; gitbridge handles"
                                + " BRANCH_UPDATE, PIPELINE_SUCCESS (other PIPELINE_* events are ignored) and TEST_WEBHOOK"),
                arguments(Named.of("branch deletion event", action("gitflic/branch_update.json", "BRANCH_DELETE")), BOTH,
                        UnsupportedEventException.class, "GitFlic event 'BRANCH_DELETE' is not handled; gitbridge handles"
                                + " BRANCH_UPDATE, PIPELINE_SUCCESS (other PIPELINE_* events are ignored) and TEST_WEBHOOK"),
                arguments(Named.of("unknown action", action("gitflic/branch_update.json", "SOMETHING_NEW")), BOTH,
                        UnsupportedEventException.class, "GitFlic event 'SOMETHING_NEW' is not handled; gitbridge handles"
                                + " BRANCH_UPDATE, PIPELINE_SUCCESS (other PIPELINE_* events are ignored) and TEST_WEBHOOK"),
                arguments(Named.of("no action", request(utf8("{\"project_id\":\"x\"}"))), BOTH,
                        MalformedPayloadException.class, "payload lacks the string field action"),
                arguments(Named.of("malformed JSON", request(utf8("{\"action\": \"BRANCH_"))), BOTH,
                        MalformedPayloadException.class, null),
                arguments(Named.of("JSON array", request(utf8("[]"))), BOTH,
                        MalformedPayloadException.class, "body is not a JSON object"),
                arguments(Named.of("branch update without push.after", update(p -> p.remove("after"))), PUSH_ONLY,
                        MalformedPayloadException.class, "payload lacks the string field push.after"),
                arguments(Named.of("branch update with a short commit", update(p -> p.put("after", "17ee510"))), PUSH_ONLY,
                        MalformedPayloadException.class, "push.after is not a 40-hex commit id"),
                arguments(Named.of("pipeline without commit_id", pipeline(p -> p.remove("commit_id"))), CI_ONLY,
                        MalformedPayloadException.class, "payload lacks the string field pipeline.commit_id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedDeliveries")
    void classify_rejects(WebhookRequest request, HookEvents events, Class<? extends Exception> type, String message) {
        var thrown = assertThatThrownBy(() -> gitflic.classify(request, SOURCE, "main", events)).isInstanceOf(type);
        if (message != null) {
            thrown.hasMessage(message);
        } else {
            thrown.hasMessageStartingWith("body is not valid JSON");
        }
    }

    @Test
    void deliveryId_isStableForAResentBody_andDiffersForAnotherBody() {
        byte[] update = Fixtures.bytes("gitflic/branch_update.json");
        String first = gitflic.deliveryId(request(update));

        assertThat(first).startsWith("body-").hasSize(69).isEqualTo(gitflic.deliveryId(request(update)))
                .isNotEqualTo(gitflic.deliveryId(request(Fixtures.bytes("gitflic/pipeline_success.json"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gitflic/branch_update.apigw.json", "gitflic/pipeline_success.apigw.json",
            "gitflic/test_webhook.apigw.json"})
    void detect_picksGitFlic_byItsSecretHeader(String envelope) {
        assertThat(Providers.standard().detect(TestRequests.envelope(envelope))).map(WebhookProvider::id).contains("gitflic");
    }

    @Test
    void sentBy_isFalse_withoutTheSecretHeader() {
        assertThat(gitflic.sentBy(new WebhookRequest(Map.of("x-github-event", "push"), new byte[0]))).isFalse();
    }

    @Test
    void contract_pushAndCi() {
        assertThat(gitflic.id()).isEqualTo("gitflic");
        assertThat(gitflic.supportedEvents()).containsExactlyInAnyOrder(EventKind.PUSH, EventKind.CI);
        assertThat(Providers.standard().find("gitflic")).get().isInstanceOf(GitFlicProvider.class);
    }

    // ---- testkit deliveries ---------------------------------------------------------------------------------------

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void testkitPush_isAccepted_andSyncsItsCommit() {
        WebhookRequest request = TestRequests.request(
                Deliveries.of("gitflic").push(SECRET, "release", COMMIT, "6e1c1c2a-0000-4000-8000-000000000001"));

        gitflic.verify(request, SECRET);

        assertThat(gitflic.classify(request, SOURCE, "release", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/release", COMMIT));
        assertThat(Providers.standard().detect(request)).map(WebhookProvider::id).contains("gitflic");
    }

    @Test
    void testkitCiSuccess_isAccepted_andSyncsItsCommit() {
        WebhookRequest request = TestRequests.request(
                Deliveries.of("gitflic").ciSuccess(SECRET, "release", COMMIT, "6e1c1c2a-0000-4000-8000-000000000002"));

        gitflic.verify(request, SECRET);

        assertThat(gitflic.classify(request, SOURCE, "release", CI_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/release", COMMIT));
    }

    @Test
    void eventName_isUnknown_beforeVerification_evenWhenTheBodyNamesTheEvent() {
        WebhookRequest request = TestRequests.envelope("gitflic/branch_update.apigw.json");

        assertThat(gitflic.eventName(request)).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    @Test
    void verifiedEventName_isTheBodysAction() {
        assertThat(gitflic.verifiedEventName(TestRequests.envelope("gitflic/branch_update.apigw.json")))
                .isEqualTo("BRANCH_UPDATE");
    }

    @Test
    void verifiedEventName_isUnknown_whenTheBodyIsNotJsonOrLacksTheField() {
        assertThat(gitflic.verifiedEventName(new WebhookRequest(Map.of(), TestRequests.utf8("{\"action\":"))))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(gitflic.verifiedEventName(new WebhookRequest(Map.of(), TestRequests.utf8("{\"other\": 1}"))))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    private static WebhookRequest withSecret(String secret, byte[] body) {
        return new WebhookRequest(Map.of("content-type", "application/json", "gitflic-webhook-secret", secret), body);
    }

    private static WebhookRequest request(byte[] body) {
        return withSecret(SECRET, body);
    }

    private static WebhookRequest update(Consumer<ObjectNode> change) {
        return changed("gitflic/branch_update.json", p -> change.accept((ObjectNode) p.get("push")));
    }

    private static WebhookRequest pipeline(Consumer<ObjectNode> change) {
        return changed("gitflic/pipeline_success.json", p -> change.accept((ObjectNode) p.get("pipeline")));
    }

    private static WebhookRequest action(String fixture, String action) {
        return changed(fixture, p -> p.put("action", action));
    }

    private static WebhookRequest changed(String fixture, Consumer<ObjectNode> change) {
        return request(TestRequests.changed(fixture, change));
    }
}
