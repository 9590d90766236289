package io.gitbridge.provider.gitlab;

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
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitLabProviderTest {

    private static final SourceRepository SOURCE = SourceRepository.of("https://gitlab.com/acme/app.git");

    /** The documented example signing token of the whsec_ envelope. */
    private static final String SIGNING_TOKEN = "whsec_mVXCS/TUFfXslI2mOYifsrOmdYgEzjS+DrAmeizyNAo=";
    private static final long NOW = 1795169731L;
    private static final String WEBHOOK_ID = "3f1d9c2a-7b4e-4f0a-9d6c-1e8b5a2f7c40";

    private final GitLabProvider gitlab = new GitLabProvider(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void describesItself() {
        assertThat(gitlab.id()).isEqualTo("gitlab");
        assertThat(gitlab.supportedEvents()).containsExactlyInAnyOrder(EventKind.PUSH, EventKind.CI);
        assertThat(gitlab.cloneUsername()).isEqualTo("oauth2");
    }

    // ---- X-Gitlab-Token ----------------------------------------------------------------------------------------

    @Test
    void verify_accepts_theHooksSecretToken() {
        gitlab.verify(delivery("Push Hook", Fixtures.bytes("gitlab/push.json")), SECRET);
    }

    @Test
    void verify_rejects_whenSecretIsWrong() {
        WebhookRequest request = delivery("Push Hook", Fixtures.bytes("gitlab/push.json"));

        assertThatThrownBy(() -> gitlab.verify(request, "another-secret-of-some-length"))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Gitlab-Token does not match the hook's secret");
    }

    @Test
    void verify_rejects_whenTokenHeaderIsMissing() {
        WebhookRequest request = new WebhookRequest(Map.of("x-gitlab-event", "Push Hook"), Fixtures.bytes("gitlab/push.json"));

        assertThatThrownBy(() -> gitlab.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Gitlab-Token is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "gitbridge-example-secret-012345678", "gitbridge-example-secret-01234567890",
            "GITBRIDGE-EXAMPLE-SECRET-0123456789"})
    void verify_rejects_whenTokenIsTruncatedOrAltered(String token) {
        WebhookRequest request = new WebhookRequest(Map.of("x-gitlab-token", token), new byte[0]);

        assertThatThrownBy(() -> gitlab.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("X-Gitlab-Token does not match the hook's secret");
    }

    // ---- Standard Webhooks (whsec_ signing tokens) ---------------------------------------------------------------

    @Test
    void verify_accepts_theStandardWebhooksSpecificationExample() {
        GitLabProvider atSpecTime = new GitLabProvider(Clock.fixed(Instant.ofEpochSecond(1614265330L), ZoneOffset.UTC));
        WebhookRequest request = new WebhookRequest(Map.of(
                "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
                utf8("{\"test\": 2432232314}"));

        atSpecTime.verify(request, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Test
    void verify_accepts_aSignedFixture() {
        gitlab.verify(whsec(Fixtures.bytes("gitlab/push.json"), NOW, null), SIGNING_TOKEN);
    }

    @Test
    void verify_ignoresTheGitlabToken_whenTheSecretIsASigningToken() {
        Map<String, String> headers = new HashMap<>(whsec(Fixtures.bytes("gitlab/push.json"), NOW, null).headers());
        headers.put("x-gitlab-token", "a-token-that-is-not-the-signing-token");

        gitlab.verify(new WebhookRequest(headers, Fixtures.bytes("gitlab/push.json")), SIGNING_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(longs = {-300, -1, 0, 1, 300})
    void verify_accepts_whsec_whenTimestampIsWithinFiveMinutes(long skew) {
        gitlab.verify(whsec(Fixtures.bytes("gitlab/push.json"), NOW + skew, null), SIGNING_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(longs = {-301, 301, -86_400, 86_400})
    void verify_rejects_whsec_whenTimestampIsExpiredOrInTheFuture(long skew) {
        WebhookRequest request = whsec(Fixtures.bytes("gitlab/push.json"), NOW + skew, null);

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageStartingWith("webhook-timestamp is more than 5 minutes from the receiver's clock");
    }

    @Test
    void verify_accepts_whsec_whenOneOfSeveralSignaturesMatches() {
        byte[] body = Fixtures.bytes("gitlab/push.json");
        String valid = signature(SIGNING_TOKEN, WEBHOOK_ID, NOW, body);
        String rotatedOut = signature("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), WEBHOOK_ID, NOW, body);

        gitlab.verify(whsec(body, NOW, "v1a,bm90LWFuLWVkMjU1MTktc2lnbmF0dXJl " + rotatedOut + " " + valid), SIGNING_TOKEN);
    }

    @Test
    void verify_rejects_whsec_whenNoneOfSeveralSignaturesMatches() {
        byte[] body = Fixtures.bytes("gitlab/push.json");
        String other = signature("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), WEBHOOK_ID, NOW, body);
        WebhookRequest request = whsec(body, NOW, other + " " + other);

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("webhook-signature does not match the body signed with the hook's signing token");
    }

    @Test
    void verify_rejects_whsec_whenSignatureIsForAnotherBody() {
        String forOther = signature(SIGNING_TOKEN, WEBHOOK_ID, NOW, utf8("other"));
        WebhookRequest request = whsec(Fixtures.bytes("gitlab/push.json"), NOW, forOther);

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @Test
    void verify_rejects_whsec_whenSignatureIsForAnotherId() {
        byte[] body = Fixtures.bytes("gitlab/push.json");
        WebhookRequest request = whsec(body, NOW, signature(SIGNING_TOKEN, "another-id", NOW, body));

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "sha256=5f0c", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v1,", "v1"})
    void verify_rejects_whsec_whenNoSignatureHasTheV1Prefix(String header) {
        WebhookRequest request = whsec(Fixtures.bytes("gitlab/push.json"), NOW, header);

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("webhook-signature is malformed: expected v1,<base64>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1,g0hM9SsE", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O", "v1,!!!not-base64!!!",
            "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    void verify_rejects_whsec_whenSignatureIsTruncatedOrNotBase64(String header) {
        WebhookRequest request = whsec(Fixtures.bytes("gitlab/push.json"), NOW, header);

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void verify_rejects_whsec_whenAHeaderIsMissing(String header) {
        Map<String, String> headers = new HashMap<>(whsec(Fixtures.bytes("gitlab/push.json"), NOW, null).headers());
        headers.remove(header);
        WebhookRequest request = new WebhookRequest(headers, Fixtures.bytes("gitlab/push.json"));

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class).hasMessage(header + " is missing");
    }

    @Test
    void verify_rejects_whsec_whenOnlyTheGitlabTokenIsSent() {
        WebhookRequest request = delivery("Push Hook", Fixtures.bytes("gitlab/push.json"));

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("webhook-id is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1795169731", "1795169731.5", "1795169731000000", "0x6B0A1C43", "1 795 169 731"})
    void verify_rejects_whsec_whenTimestampIsNotUnixSeconds(String timestamp) {
        Map<String, String> headers = new HashMap<>(whsec(Fixtures.bytes("gitlab/push.json"), NOW, null).headers());
        headers.put("webhook-timestamp", timestamp);
        WebhookRequest request = new WebhookRequest(headers, Fixtures.bytes("gitlab/push.json"));

        assertThatThrownBy(() -> gitlab.verify(request, SIGNING_TOKEN))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("webhook-timestamp is malformed: expected Unix seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_", "whsec_not base64!", "whsec_%%%%"})
    void verify_rejects_whsec_whenTheHooksSigningTokenIsNotBase64(String secret) {
        WebhookRequest request = whsec(Fixtures.bytes("gitlab/push.json"), NOW, null);

        assertThatThrownBy(() -> gitlab.verify(request, secret))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageStartingWith("the hook's secret starts with whsec_ but the rest is not a base64 signing key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_", "whsec_not base64!", "whsec_%%%%", "whsec_mVXCS/TUFfXslI2mOYifsrOmdYgEzjS+DrAmeizyNAo=x"})
    void secretProblem_reportsASigningTokenEveryDeliveryWouldFailOn(String secret) {
        assertThat(gitlab.secretProblem(secret)).contains("starts with whsec_ but the rest is not a base64 signing key;"
                + " use the signing token exactly as GitLab shows it");
    }

    @ParameterizedTest
    @ValueSource(strings = {SIGNING_TOKEN, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SECRET, "not-a-whsec_-token-at-all"})
    void secretProblem_isEmpty_forAValidSigningTokenOrAPlainToken(String secret) {
        assertThat(gitlab.secretProblem(secret)).isEqualTo(Optional.empty());
    }

    // ---- classify ------------------------------------------------------------------------------------------------

    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments("gitlab/push.json", "Push Hook", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", "d4ba6c52a63fa43f4b56dc8d12e4ca074dfa7682")),
                arguments("gitlab/push.json", "Push Hook", BOTH,
                        new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its pipeline")),
                arguments("gitlab/tag_push.json", "Tag Push Hook", PUSH_ONLY,
                        new WebhookEvent.Ignored("tag push refs/tags/v1.4.0 does not sync")),
                arguments("gitlab/pipeline.json", "Pipeline Hook", CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", "3ad5096cd893e64159f156e5fe49d4e856e40e6d")),
                arguments("gitlab/pipeline.json", "Pipeline Hook", BOTH,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", "3ad5096cd893e64159f156e5fe49d4e856e40e6d")));
    }

    @ParameterizedTest(name = "{0} as {1} for {2}")
    @MethodSource("fixtures")
    void classify_fixture(String fixture, String event, HookEvents events, WebhookEvent expected) {
        assertThat(gitlab.classify(delivery(event, Fixtures.bytes(fixture)), SOURCE, "main", events)).isEqualTo(expected);
    }

    static Stream<Arguments> ignoredPushes() {
        return Stream.of(
                arguments("other branch", (Consumer<ObjectNode>) p -> p.put("ref", "refs/heads/feature/menu"),
                        "push to refs/heads/feature/menu; this hook follows refs/heads/main"),
                arguments("deletion", (Consumer<ObjectNode>) p -> p.put("after", "0000000000000000000000000000000000000000")
                        .putNull("checkout_sha").putArray("commits"), "branch deletion refs/heads/main does not sync"),
                arguments("tag ref", (Consumer<ObjectNode>) p -> p.put("ref", "refs/tags/v1.4.0"),
                        "tag push refs/tags/v1.4.0 does not sync"),
                arguments("deletion of another branch", (Consumer<ObjectNode>) p -> p.put("ref", "refs/heads/feature/menu")
                        .put("after", "0000000000000000000000000000000000000000").putNull("checkout_sha").putArray("commits"),
                        "push to refs/heads/feature/menu; this hook follows refs/heads/main"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredPushes")
    void classify_push_isIgnored(String name, Consumer<ObjectNode> change, String reason) {
        WebhookEvent event = gitlab.classify(changed("Push Hook", "gitlab/push.json", change), SOURCE, "main", PUSH_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored(reason));
    }

    static Stream<Arguments> ignoredPipelines() {
        return Stream.of(
                arguments("failed", (Consumer<ObjectNode>) p -> attributes(p).put("status", "failed"),
                        "pipeline status is failed, not success"),
                arguments("running", (Consumer<ObjectNode>) p -> attributes(p).put("status", "running"),
                        "pipeline status is running, not success"),
                arguments("canceled", (Consumer<ObjectNode>) p -> attributes(p).put("status", "canceled"),
                        "pipeline status is canceled, not success"),
                arguments("tag", (Consumer<ObjectNode>) p -> attributes(p).put("ref", "v1.4.0").put("tag", true),
                        "pipeline for tag v1.4.0 does not sync"),
                arguments("merge request", (Consumer<ObjectNode>) p -> attributes(p).put("source", "merge_request_event")
                        .put("ref", "refs/merge-requests/17/head"),
                        "merge request pipeline on refs/merge-requests/17/head does not sync; only branch pipelines do"),
                arguments("other branch", (Consumer<ObjectNode>) p -> attributes(p).put("ref", "feature/menu"),
                        "pipeline on branch feature/menu; this hook follows main"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredPipelines")
    void classify_pipeline_isIgnored(String name, Consumer<ObjectNode> change, String reason) {
        WebhookEvent event = gitlab.classify(changed("Pipeline Hook", "gitlab/pipeline.json", change), SOURCE, "main", CI_ONLY);

        assertThat(event).isEqualTo(new WebhookEvent.Ignored(reason));
    }

    static Stream<Arguments> unsubscribed() {
        return Stream.of(
                arguments("Push Hook", "gitlab/push.json", CI_ONLY, "this hook is not subscribed to push events"),
                arguments("Tag Push Hook", "gitlab/tag_push.json", CI_ONLY, "this hook is not subscribed to push events"),
                arguments("Pipeline Hook", "gitlab/pipeline.json", PUSH_ONLY,
                        "this hook is not subscribed to CI (Pipeline Hook) events"));
    }

    @ParameterizedTest(name = "{0} for {2}")
    @MethodSource("unsubscribed")
    void classify_isIgnored_whenHookDidNotSubscribe(String event, String fixture, HookEvents events, String message) {
        WebhookRequest request = delivery(event, Fixtures.bytes(fixture));

        // GitLab disables a hook after 4 consecutive non-2xx answers: an unused event is answered 200.
        assertThat(gitlab.classify(request, SOURCE, "main", events)).isEqualTo(new WebhookEvent.Ignored(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Merge Request Hook", "Job Hook", "Note Hook", "push", "push hook"})
    void classify_ignoresEventsGitbridgeDoesNotUse(String event) {
        WebhookRequest request = delivery(event, utf8("{}"));

        assertThat(gitlab.classify(request, SOURCE, "main", BOTH)).isEqualTo(new WebhookEvent.Ignored("GitLab event '"
                + event + "' is not used by gitbridge; it handles Push Hook, Tag Push Hook, Pipeline Hook and System Hook"
                + " pushes"));
    }

    @Test
    void classify_rejectsDeliveryWithoutEventHeader() {
        WebhookRequest request = new WebhookRequest(Map.of(), Fixtures.bytes("gitlab/push.json"));

        assertThatThrownBy(() -> gitlab.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(UnsupportedEventException.class).hasMessage("X-Gitlab-Event header is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Push Hook", "Tag Push Hook", "Pipeline Hook"})
    void classify_rejectsMalformedJson(String event) {
        WebhookRequest request = delivery(event, utf8("{\"object_kind\": "));

        assertThatThrownBy(() -> gitlab.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void classify_push_rejectsPayloadWithoutAfter() {
        WebhookRequest request = changed("Push Hook", "gitlab/push.json", p -> p.remove("after"));

        assertThatThrownBy(() -> gitlab.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the string field after");
    }

    @Test
    void classify_pipeline_rejectsAShortSha() {
        WebhookRequest request = changed("Pipeline Hook", "gitlab/pipeline.json", p -> attributes(p).put("sha", "3ad5096c"));

        assertThatThrownBy(() -> gitlab.classify(request, SOURCE, "main", CI_ONLY))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("object_attributes.sha is not a 40-hex commit id");
    }

    // ---- delivery id and recognition -----------------------------------------------------------------------------

    static Stream<Arguments> deliveryIds() {
        return Stream.of(
                arguments(Map.of("Idempotency-Key", "idem-1", "webhook-id", "wh-1", "X-Gitlab-Event-UUID", "ev-1"), "idem-1"),
                arguments(Map.of("webhook-id", "wh-1", "X-Gitlab-Event-UUID", "ev-1"), "wh-1"),
                arguments(Map.of("X-Gitlab-Event-UUID", "ev-1"), "ev-1"),
                arguments(Map.of("Idempotency-Key", " ", "X-Gitlab-Event-UUID", "ev-1"), "ev-1"));
    }

    @ParameterizedTest
    @MethodSource("deliveryIds")
    void deliveryId_prefersIdempotencyKey_thenWebhookId_thenEventUuid(Map<String, String> headers, String expected) {
        assertThat(gitlab.deliveryId(new WebhookRequest(headers, new byte[0]))).isEqualTo(expected);
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenNoHeaderIsSent() {
        byte[] body = Fixtures.bytes("gitlab/push.json");

        String first = gitlab.deliveryId(new WebhookRequest(Map.of(), body));

        assertThat(first).startsWith("body-").hasSize("body-".length() + 64)
                .isEqualTo(gitlab.deliveryId(new WebhookRequest(Map.of(), body)))
                .isNotEqualTo(gitlab.deliveryId(new WebhookRequest(Map.of(), Fixtures.bytes("gitlab/pipeline.json"))));
    }

    @Test
    void sentBy_recognisesTheGitlabEventHeader() {
        assertThat(gitlab.sentBy(new WebhookRequest(Map.of("X-Gitlab-Event", "Push Hook"), new byte[0]))).isTrue();
        assertThat(gitlab.sentBy(new WebhookRequest(Map.of("X-Gitlab-Token", SECRET), new byte[0]))).isFalse();
        assertThat(gitlab.sentBy(new WebhookRequest(Map.of("X-GitHub-Event", "push"), new byte[0]))).isFalse();
    }

    // ---- the API Gateway envelopes that sam local invoke uses ---------------------------------------------------

    static Stream<Arguments> envelopes() {
        return Stream.of(
                arguments("gitlab/push.apigw.json", SECRET, PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", "d4ba6c52a63fa43f4b56dc8d12e4ca074dfa7682")),
                arguments("gitlab/push.whsec.apigw.json", SIGNING_TOKEN, PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", "d4ba6c52a63fa43f4b56dc8d12e4ca074dfa7682")),
                arguments("gitlab/tag_push.apigw.json", SECRET, PUSH_ONLY,
                        new WebhookEvent.Ignored("tag push refs/tags/v1.4.0 does not sync")),
                arguments("gitlab/pipeline.apigw.json", SECRET, CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", "3ad5096cd893e64159f156e5fe49d4e856e40e6d")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void envelope_verifiesAndClassifies(String envelope, String secret, HookEvents events, WebhookEvent expected) {
        WebhookRequest request = TestRequests.envelope(envelope);

        gitlab.verify(request, secret);

        assertThat(gitlab.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    @Test
    void envelope_carriesTheDeliveryId() {
        assertThat(gitlab.deliveryId(TestRequests.envelope("gitlab/push.apigw.json"))).isEqualTo("c1e7a3f9-5b2d-4e8a-9c6f-0d3b7a1e5c92");
    }

    // ---- the testkit's deliveries, which the end-to-end tests send -------------------------------------------------

    @Test
    void testkitPush_isVerifiedAndSyncsTheCommit() {
        WebhookRequest request = TestRequests.request(Deliveries.of("gitlab").push(SECRET, "release/2.x",
                "0123456789abcdef0123456789abcdef01234567", "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20"));
        var provider = new GitLabProvider(Clock.systemUTC());

        provider.verify(request, SECRET);

        assertThat(provider.classify(request, SOURCE, "release/2.x", PUSH_ONLY)).isEqualTo(new WebhookEvent.SyncTrigger(
                EventKind.PUSH, "refs/heads/release/2.x", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(provider.deliveryId(request)).isEqualTo("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20");
    }

    @Test
    void testkitCiSuccess_isVerifiedAndSyncsTheCommit() {
        WebhookRequest request = TestRequests.request(Deliveries.of("gitlab").ciSuccess(SECRET, "release/2.x",
                "0123456789abcdef0123456789abcdef01234567", "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a21"));
        var provider = new GitLabProvider(Clock.systemUTC());

        provider.verify(request, SECRET);

        assertThat(provider.classify(request, SOURCE, "release/2.x", CI_ONLY)).isEqualTo(new WebhookEvent.SyncTrigger(
                EventKind.CI, "refs/heads/release/2.x", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(provider.deliveryId(request)).isEqualTo("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a21");
    }

    @Test
    void detect_picksThisProvider_forItsOwnDelivery() {
        TestDelivery push = Deliveries.of("gitlab").push(SECRET, "main", "0123456789abcdef0123456789abcdef01234567", "d");

        assertThat(Providers.standard(Clock.systemUTC()).detect(TestRequests.request(push)))
                .map(WebhookProvider::id).contains("gitlab");
    }

    @Test
    void testkitPush_withASigningToken_carriesAFreshStandardWebhooksSignature() {
        TestDelivery push = Deliveries.of("gitlab").push(SIGNING_TOKEN, "main", "0123456789abcdef0123456789abcdef01234567",
                "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a22");
        WebhookRequest request = TestRequests.request(push);

        new GitLabProvider(Clock.systemUTC()).verify(request, SIGNING_TOKEN);

        assertThat(request.hasHeader("x-gitlab-token")).isFalse();
        assertThat(request.header("webhook-id")).contains("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a22");
    }

    @Test
    void eventName_isTheEventHeader_readWithoutTheBody() {
        WebhookRequest request = TestRequests.envelope("gitlab/tag_push.apigw.json");
        WebhookRequest headersOnly = new WebhookRequest(request.headers(), new byte[0]);

        assertThat(gitlab.eventName(headersOnly)).isEqualTo("Tag Push Hook");
        assertThat(gitlab.verifiedEventName(request)).isEqualTo("Tag Push Hook");
    }

    @Test
    void eventName_isUnknown_whenTheHeaderIsMissingOrBlank() {
        assertThat(gitlab.eventName(new WebhookRequest(Map.of(), new byte[0]))).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(gitlab.eventName(new WebhookRequest(Map.of("X-Gitlab-Event", " "), new byte[0])))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    // ---- system hooks (issue 8) ----------------------------------------------------------------------------------

    @Test
    void classify_systemHook_carryingAPush_syncsLikeAPushHook() {
        WebhookRequest push = delivery("Push Hook", Fixtures.bytes("gitlab/push.json"));
        WebhookRequest system = delivery("System Hook", Fixtures.bytes("gitlab/push.json"));

        WebhookEvent expected = gitlab.classify(push, SOURCE, "main", PUSH_ONLY);
        assertThat(expected).isInstanceOf(WebhookEvent.SyncTrigger.class);
        assertThat(gitlab.classify(system, SOURCE, "main", PUSH_ONLY)).isEqualTo(expected);
        assertThat(gitlab.classify(system, SOURCE, "main", BOTH))
                .isEqualTo(new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its pipeline"));
    }

    @Test
    void classify_systemHook_readsThePushFromEventName_whenObjectKindIsMissing() {
        WebhookRequest system = changed("System Hook", "gitlab/push.json",
                p -> p.put("event_name", "push").remove("object_kind"));

        assertThat(gitlab.classify(system, SOURCE, "main", PUSH_ONLY)).isInstanceOf(WebhookEvent.SyncTrigger.class);
    }

    @Test
    void classify_systemHook_carryingATagPush_isIgnoredLikeATagPushHook() {
        WebhookRequest system = delivery("System Hook", Fixtures.bytes("gitlab/tag_push.json"));

        assertThat(gitlab.classify(system, SOURCE, "main", PUSH_ONLY))
                .isEqualTo(gitlab.classify(delivery("Tag Push Hook", Fixtures.bytes("gitlab/tag_push.json")), SOURCE,
                        "main", PUSH_ONLY))
                .isInstanceOf(WebhookEvent.Ignored.class);
    }

    @Test
    void classify_systemHook_carryingAPushOfAnotherProject_isIgnored() {
        WebhookRequest system = changed("System Hook", "gitlab/push.json", p -> {
            ((ObjectNode) p.get("project")).put("path_with_namespace", "acme/other")
                    .put("git_http_url", "https://gitlab.com/acme/other.git").put("web_url", "https://gitlab.com/acme/other")
                    .put("git_ssh_url", "git@gitlab.com:acme/other.git");
            p.remove("repository");
        });

        assertThat(gitlab.classify(system, SOURCE, "main", PUSH_ONLY)).isEqualTo(new WebhookEvent.Ignored(
                "not this hook's repository: the delivery is about acme/other, this hook's source is "
                        + "https://gitlab.com/acme/app.git"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"project_create", "user_create", "repository_update", "merge_request"})
    void classify_systemHook_ignoresWhatIsNotAPush(String kind) {
        WebhookRequest system = delivery("System Hook", utf8("{\"object_kind\": \"" + kind + "\", \"event_name\": \""
                + kind + "\"}"));

        assertThat(gitlab.classify(system, SOURCE, "main", BOTH)).isEqualTo(new WebhookEvent.Ignored(
                "GitLab system hook event '" + kind + "' is not used by gitbridge; only pushes sync"));
    }

    @Test
    void classify_systemHook_rejectsAPushThatIsNotJson() {
        WebhookRequest system = delivery("System Hook", utf8("{\"object_kind\": \"push\"} trailing"));

        assertThatThrownBy(() -> gitlab.classify(system, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static WebhookRequest delivery(String event, byte[] body) {
        return new WebhookRequest(Map.of(
                "content-type", "application/json",
                "x-gitlab-event", event,
                "x-gitlab-event-uuid", "b1c2d3e4-0000-4000-8000-000000000001",
                "idempotency-key", "b1c2d3e4-0000-4000-8000-000000000002",
                "x-gitlab-token", SECRET), body);
    }

    /** A delivery signed with {@link #SIGNING_TOKEN}, or carrying {@code signatureHeader} when given. */
    private static WebhookRequest whsec(byte[] body, long timestamp, String signatureHeader) {
        return new WebhookRequest(Map.of(
                "content-type", "application/json",
                "x-gitlab-event", "Push Hook",
                "idempotency-key", WEBHOOK_ID,
                "webhook-id", WEBHOOK_ID,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", signatureHeader != null ? signatureHeader
                        : signature(SIGNING_TOKEN, WEBHOOK_ID, timestamp, body)), body);
    }

    /** {@code v1,<base64>} computed here, independently of the code under test. */
    private static String signature(String signingToken, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(signingToken.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode attributes(ObjectNode payload) {
        return (ObjectNode) payload.get("object_attributes");
    }

    private static WebhookRequest changed(String event, String fixture, Consumer<ObjectNode> change) {
        return delivery(event, TestRequests.changed(fixture, change));
    }
}
