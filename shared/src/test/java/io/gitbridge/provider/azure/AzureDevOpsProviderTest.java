package io.gitbridge.provider.azure;

import static io.gitbridge.provider.TestRequests.BOTH;
import static io.gitbridge.provider.TestRequests.CI_ONLY;
import static io.gitbridge.provider.TestRequests.PUSH_ONLY;
import static io.gitbridge.provider.TestRequests.SECRET;
import static io.gitbridge.provider.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.json.Json;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.TestRequests;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AzureDevOpsProviderTest {

    /** A XAML-era build names no repository: gitbridge cannot tell it is the hook's, so a success does not sync. */
    private static final WebhookEvent NO_REPOSITORY = new WebhookEvent.Ignored("the build names no repository (resource.repository), so it cannot be matched to this hook's source");
    private static final SourceRepository SOURCE = SourceRepository.of("https://dev.azure.com/acme/Storefront/_git/app");

    private static final String PUSHED = "d5383d8fbf55b6565b3c56d7f1b0cedb2f815a6b";
    private static final String BUILT = "c8adca932a67f485201b126576d9652b39175741";
    private static final String BUILT_LEGACY = "23dbfe442752c743e6958bb1113660d3d7f8b150";
    private static final String ZERO = "0000000000000000000000000000000000000000";

    private final AzureDevOpsProvider azure = new AzureDevOpsProvider();

    @Test
    void describesItself() {
        assertThat(azure.id()).isEqualTo("azure-devops");
        assertThat(azure.supportedEvents()).containsExactlyInAnyOrder(EventKind.PUSH, EventKind.CI);
        assertThat(azure.cloneUsername()).isEqualTo("gitbridge");
    }

    // ---- verify --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"gitbridge", "azure", "", "Zoë"})
    void verify_accepts_theSecretAsBasicPassword_withAnyUserName(String user) {
        azure.verify(delivery(Fixtures.bytes("azure-devops/git_push.json"), basic(user, SECRET)), SECRET);
    }

    @Test
    void verify_accepts_aSecretThatContainsColons() {
        String secret = "gitbridge:example:secret:0123456789";

        azure.verify(delivery(Fixtures.bytes("azure-devops/git_push.json"), basic("gitbridge", secret)), secret);
    }

    @Test
    void verify_accepts_aLowerCaseScheme() {
        String header = basic("gitbridge", SECRET).replace("Basic ", "basic ");

        azure.verify(delivery(Fixtures.bytes("azure-devops/git_push.json"), header), SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"another-secret-of-some-length", "gitbridge-example-secret-012345678",
            "gitbridge-example-secret-01234567890", ""})
    void verify_rejects_whenPasswordIsWrongOrTruncated(String password) {
        WebhookRequest request = delivery(Fixtures.bytes("azure-devops/git_push.json"), basic("gitbridge", password));

        assertThatThrownBy(() -> azure.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("Authorization password does not match the hook's secret");
    }

    @Test
    void verify_rejects_whenTheSecretIsTheUserName() {
        WebhookRequest request = delivery(Fixtures.bytes("azure-devops/git_push.json"), basic(SECRET, "x"));

        assertThatThrownBy(() -> azure.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not match");
    }

    @Test
    void verify_rejects_whenHeaderIsMissing() {
        WebhookRequest request = new WebhookRequest(Map.of("content-type", "application/json"),
                Fixtures.bytes("azure-devops/git_push.json"));

        assertThatThrownBy(() -> azure.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageStartingWith("Authorization is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic", "Basic ", "Bearer Z2l0YnJpZGdlOnNlY3JldA==", "Z2l0YnJpZGdlOnNlY3JldA==",
            "Digest username=\"gitbridge\""})
    void verify_rejects_whenHeaderIsNotBasic(String header) {
        WebhookRequest request = delivery(new byte[0], header);

        assertThatThrownBy(() -> azure.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("Authorization is malformed: expected Basic credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!", "Basic Z2l0YnJpZGdlOnNlY3JldA=x", "Basic Z2l0YnJpZGdl*"})
    void verify_rejects_whenCredentialsAreNotBase64(String header) {
        WebhookRequest request = delivery(new byte[0], header);

        assertThatThrownBy(() -> azure.verify(request, SECRET))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("Authorization is malformed: Basic credentials are not base64")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verify_rejects_whenCredentialsHaveNoColon() {
        String header = "Basic " + Base64.getEncoder().encodeToString(utf8(SECRET));

        assertThatThrownBy(() -> azure.verify(delivery(new byte[0], header), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("Authorization is malformed: expected user:password");
    }

    // ---- classify ------------------------------------------------------------------------------------------------

    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments("azure-devops/git_push.json", PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)),
                arguments("azure-devops/git_push.json", BOTH,
                        new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its build")),
                arguments("azure-devops/build_complete.json", CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", BUILT)),
                arguments("azure-devops/build_complete.json", BOTH,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", BUILT)),
                arguments("azure-devops/build_complete_legacy.json", CI_ONLY, NO_REPOSITORY));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("fixtures")
    void classify_fixture(String fixture, HookEvents events, WebhookEvent expected) {
        assertThat(azure.classify(delivery(Fixtures.bytes(fixture), basic("gitbridge", SECRET)), SOURCE, "main", events))
                .isEqualTo(expected);
    }

    static Stream<Arguments> pushes() {
        return Stream.of(
                arguments("other branch", (Consumer<ObjectNode>) u -> u.put("name", "refs/heads/feature/menu"),
                        new WebhookEvent.Ignored("push to refs/heads/feature/menu; this hook follows refs/heads/main")),
                arguments("tag", (Consumer<ObjectNode>) u -> u.put("name", "refs/tags/v1.4.0").put("oldObjectId", ZERO),
                        new WebhookEvent.Ignored("tag push refs/tags/v1.4.0 does not sync")),
                arguments("deletion", (Consumer<ObjectNode>) u -> u.put("newObjectId", ZERO),
                        new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync")),
                arguments("creation", (Consumer<ObjectNode>) u -> u.put("oldObjectId", ZERO),
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pushes")
    void classify_push(String name, Consumer<ObjectNode> changeTheUpdate, WebhookEvent expected) {
        WebhookRequest request = changed("azure-devops/git_push.json", p -> changeTheUpdate.accept((ObjectNode) refUpdates(p).get(0)));

        assertThat(azure.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(expected);
    }

    @Test
    void classify_push_syncsTheHooksBranch_whenOneOfSeveralRefUpdatesMovesIt() {
        WebhookRequest request = changed("azure-devops/git_push.json", p -> {
            ArrayNode updates = refUpdates(p);
            ObjectNode main = updates.get(0).deepCopy();
            ObjectNode tag = ((ObjectNode) updates.get(0).deepCopy()).put("name", "refs/tags/v1.4.0");
            updates.removeAll().add(tag).add(main);
        });

        assertThat(azure.classify(request, SOURCE, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED));
    }

    static Stream<Arguments> builds() {
        return Stream.of(
                arguments("failed", "azure-devops/build_complete.json", (Consumer<ObjectNode>) b -> b.put("result", "failed"),
                        new WebhookEvent.Ignored("build completed with result failed, not succeeded")),
                arguments("partially succeeded", "azure-devops/build_complete.json",
                        (Consumer<ObjectNode>) b -> b.put("result", "partiallySucceeded"),
                        new WebhookEvent.Ignored("build completed with result partiallySucceeded, not succeeded")),
                arguments("canceled", "azure-devops/build_complete.json", (Consumer<ObjectNode>) b -> b.put("result", "canceled"),
                        new WebhookEvent.Ignored("build completed with result canceled, not succeeded")),
                arguments("no result", "azure-devops/build_complete.json", (Consumer<ObjectNode>) b -> b.remove("result"),
                        new WebhookEvent.Ignored("build completed with result none, not succeeded")),
                arguments("in progress", "azure-devops/build_complete.json",
                        (Consumer<ObjectNode>) b -> b.put("status", "inProgress").remove("result"),
                        new WebhookEvent.Ignored("build status is inProgress, not succeeded")),
                arguments("other branch", "azure-devops/build_complete.json",
                        (Consumer<ObjectNode>) b -> b.put("sourceBranch", "refs/heads/feature/menu"),
                        new WebhookEvent.Ignored("build of refs/heads/feature/menu; this hook follows refs/heads/main")),
                arguments("pull request", "azure-devops/build_complete.json",
                        (Consumer<ObjectNode>) b -> b.put("sourceBranch", "refs/pull/17/merge"),
                        new WebhookEvent.Ignored("build of refs/pull/17/merge; this hook follows refs/heads/main")),
                arguments("tag", "azure-devops/build_complete.json",
                        (Consumer<ObjectNode>) b -> b.put("sourceBranch", "refs/tags/v1.4.0"),
                        new WebhookEvent.Ignored("build of refs/tags/v1.4.0; this hook follows refs/heads/main")),
                arguments("legacy failed", "azure-devops/build_complete_legacy.json",
                        (Consumer<ObjectNode>) b -> b.put("status", "failed"),
                        new WebhookEvent.Ignored("build status is failed, not succeeded")),
                arguments("legacy partially succeeded", "azure-devops/build_complete_legacy.json",
                        (Consumer<ObjectNode>) b -> b.put("status", "partiallySucceeded"),
                        new WebhookEvent.Ignored("build status is partiallySucceeded, not succeeded")),
                arguments("legacy other branch", "azure-devops/build_complete_legacy.json",
                        (Consumer<ObjectNode>) b -> b.put("sourceGetVersion", "LG:refs/heads/feature/menu:" + BUILT_LEGACY),
                        new WebhookEvent.Ignored("build of refs/heads/feature/menu; this hook follows refs/heads/main")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void classify_buildComplete(String name, String fixture, Consumer<ObjectNode> changeTheBuild, WebhookEvent expected) {
        WebhookRequest request = changed(fixture, p -> changeTheBuild.accept((ObjectNode) p.get("resource")));

        assertThat(azure.classify(request, SOURCE, "main", CI_ONLY)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"refs/heads/main:" + BUILT_LEGACY, "LG:" + BUILT_LEGACY, "LG::" + BUILT_LEGACY, "C1234", "LG:"})
    void classify_buildComplete_rejectsALegacyVersionItCannotRead(String version) {
        WebhookRequest request = changed("azure-devops/build_complete_legacy.json",
                p -> ((ObjectNode) p.get("resource")).put("sourceGetVersion", version));

        assertThatThrownBy(() -> azure.classify(request, SOURCE, "main", CI_ONLY))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("resource.sourceGetVersion is not LG:<ref>:<commit>");
    }

    @Test
    void classify_buildComplete_rejectsAShortSourceVersion() {
        WebhookRequest request = changed("azure-devops/build_complete.json",
                p -> ((ObjectNode) p.get("resource")).put("sourceVersion", "c8adca93"));

        assertThatThrownBy(() -> azure.classify(request, SOURCE, "main", CI_ONLY))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("the build's source version is not a 40-hex commit id");
    }

    static Stream<Arguments> unsubscribed() {
        return Stream.of(
                arguments("azure-devops/git_push.json", CI_ONLY, "this hook is not subscribed to push events"),
                arguments("azure-devops/build_complete.json", PUSH_ONLY,
                        "this hook is not subscribed to CI (build.complete) events"),
                arguments("azure-devops/build_complete_legacy.json", PUSH_ONLY,
                        "this hook is not subscribed to CI (build.complete) events"));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("unsubscribed")
    void classify_isIgnored_whenHookDidNotSubscribe(String fixture, HookEvents events, String message) {
        WebhookRequest request = delivery(Fixtures.bytes(fixture), basic("gitbridge", SECRET));

        // Azure DevOps puts a subscription whose deliveries fail on probation: an unused event is answered 200.
        assertThat(azure.classify(request, SOURCE, "main", events)).isEqualTo(new WebhookEvent.Ignored(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"git.pullrequest.created", "git.pullrequest.merged", "ms.vss-pipelines.run-state-changed-event",
            "workitem.updated", "tfvc.checkin", "push"})
    void classify_ignoresEventsGitbridgeDoesNotUse(String eventType) {
        WebhookRequest request = changed("azure-devops/git_push.json", p -> p.put("eventType", eventType));

        assertThat(azure.classify(request, SOURCE, "main", BOTH)).isEqualTo(new WebhookEvent.Ignored(
                "Azure DevOps event '" + eventType + "' is not used by gitbridge; it handles git.push and build.complete"));
    }

    @Test
    void classify_rejectsABodyWithoutEventType() {
        WebhookRequest request = changed("azure-devops/git_push.json", p -> p.remove("eventType"));

        assertThatThrownBy(() -> azure.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the string field eventType");
    }

    @Test
    void classify_rejectsMalformedJson() {
        WebhookRequest request = delivery(utf8("{\"eventType\": \"git.push\", "),
                basic("gitbridge", SECRET));

        assertThatThrownBy(() -> azure.classify(request, SOURCE, "main", BOTH))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void classify_push_rejectsPayloadWithoutRefUpdates() {
        WebhookRequest request = changed("azure-devops/git_push.json", p -> ((ObjectNode) p.get("resource")).remove("refUpdates"));

        assertThatThrownBy(() -> azure.classify(request, SOURCE, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the array resource.refUpdates");
    }

    // ---- delivery id and recognition -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"azure-devops/git_push.json", "azure-devops/build_complete.json",
            "azure-devops/build_complete_legacy.json"})
    void deliveryId_isTheBodysId(String fixture) throws IOException {
        String id = Json.MAPPER.readTree(Fixtures.bytes(fixture)).get("id").asText();

        assertThat(azure.deliveryId(delivery(Fixtures.bytes(fixture), basic("gitbridge", SECRET)))).isEqualTo(id);
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenItHasNoId() {
        WebhookRequest request = changed("azure-devops/git_push.json", p -> p.remove("id"));

        assertThat(azure.deliveryId(request)).startsWith("body-").hasSize(5 + 64).isEqualTo(azure.deliveryId(request));
    }

    @Test
    void deliveryId_isDerivedFromTheBody_whenTheBodyIsNotJson() {
        WebhookRequest request = delivery(utf8("not json"), basic("gitbridge", SECRET));

        assertThat(azure.deliveryId(request)).startsWith("body-").hasSize(5 + 64);
    }

    @Test
    void sentBy_isAlwaysFalse_becauseAzureDevOpsSendsNoHeaderOfItsOwn() {
        assertThat(azure.sentBy(delivery(Fixtures.bytes("azure-devops/git_push.json"), basic("gitbridge", SECRET)))).isFalse();
    }

    // ---- the API Gateway envelopes that sam local invoke uses ---------------------------------------------------

    static Stream<Arguments> envelopes() {
        return Stream.of(
                arguments("azure-devops/git_push.apigw.json", SECRET, PUSH_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED)),
                arguments("azure-devops/build_complete.apigw.json", SECRET, CI_ONLY,
                        new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", BUILT)),
                arguments("azure-devops/build_complete_legacy.apigw.json", SECRET, CI_ONLY, NO_REPOSITORY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void envelope_verifiesAndClassifies(String envelope, String secret, HookEvents events, WebhookEvent expected) {
        WebhookRequest request = TestRequests.envelope(envelope);

        azure.verify(request, secret);

        assertThat(azure.classify(request, SOURCE, "main", events)).isEqualTo(expected);
    }

    @Test
    void envelope_carriesTheDeliveryId() {
        assertThat(azure.deliveryId(TestRequests.envelope("azure-devops/git_push.apigw.json"))).isEqualTo("a7573cf9-0178-4cae-87ba-6f3ccbe1c33c");
    }

    // ---- the testkit's deliveries, which the end-to-end tests send -------------------------------------------------

    @Test
    void testkitPush_isVerifiedAndSyncsTheCommit() {
        WebhookRequest request = TestRequests.request(Deliveries.of("azure-devops").push(SECRET, "release/2.x",
                "0123456789abcdef0123456789abcdef01234567", "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20"));

        azure.verify(request, SECRET);

        assertThat(azure.classify(request, SOURCE, "release/2.x", PUSH_ONLY)).isEqualTo(new WebhookEvent.SyncTrigger(
                EventKind.PUSH, "refs/heads/release/2.x", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(azure.deliveryId(request)).isEqualTo("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a20");
    }

    @Test
    void testkitCiSuccess_isVerifiedAndSyncsTheCommit() {
        WebhookRequest request = TestRequests.request(Deliveries.of("azure-devops").ciSuccess(SECRET, "release/2.x",
                "0123456789abcdef0123456789abcdef01234567", "7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a21"));

        azure.verify(request, SECRET);

        assertThat(azure.classify(request, SOURCE, "release/2.x", CI_ONLY)).isEqualTo(new WebhookEvent.SyncTrigger(
                EventKind.CI, "refs/heads/release/2.x", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(azure.deliveryId(request)).isEqualTo("7d3c1a9e-5b2f-4e8d-a6c0-9f1b3d5e7a21");
    }

    @Test
    void detect_findsNoProvider_forAnAzureDevOpsDelivery() {
        TestDelivery push = Deliveries.of("azure-devops").push(SECRET, "main", "0123456789abcdef0123456789abcdef01234567", "d");

        assertThat(Providers.standard(Clock.systemUTC()).detect(TestRequests.request(push))).isEmpty();
    }

    @Test
    void eventName_isUnknown_beforeVerification_evenWhenTheBodyNamesTheEvent() {
        WebhookRequest request = TestRequests.envelope("azure-devops/git_push.apigw.json");

        assertThat(azure.eventName(request)).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    @Test
    void verifiedEventName_isTheBodysEventType() {
        assertThat(azure.verifiedEventName(TestRequests.envelope("azure-devops/git_push.apigw.json")))
                .isEqualTo("git.push");
    }

    @Test
    void verifiedEventName_isUnknown_whenTheBodyIsNotJsonOrLacksTheField() {
        assertThat(azure.verifiedEventName(new WebhookRequest(Map.of(), TestRequests.utf8("{\"eventType\":"))))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(azure.verifiedEventName(new WebhookRequest(Map.of(), TestRequests.utf8("{\"other\": 1}"))))
                .isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ---- only this hook's repository (issue 7, rule 5) ------------------------------------------------------------

    @Test
    void classify_matches_aSourceSpelledWithTheLegacyVisualStudioHost() {
        WebhookRequest request = delivery(Fixtures.bytes("azure-devops/git_push.json"), basic("gitbridge", SECRET));

        assertThat(azure.classify(request, SourceRepository.of("https://acme.visualstudio.com/DefaultCollection/"
                + "Storefront/_git/app"), "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", PUSHED));
    }

    @Test
    void classify_ignores_aPushToAnotherRepositoryOfTheProject() {
        // A subscription without a repository filter sends the pushes of every repository of the project.
        WebhookRequest request = changed("azure-devops/git_push.json", p -> ((ObjectNode) p.get("resource")
                .get("repository")).put("name", "api").put("remoteUrl", "https://dev.azure.com/acme/Storefront/_git/api"));

        assertThat(azure.classify(request, SOURCE, "main", PUSH_ONLY)).isEqualTo(new WebhookEvent.Ignored(
                "not this hook's repository: the delivery is about https://dev.azure.com/acme/Storefront/_git/api, "
                        + "this hook's source is https://dev.azure.com/acme/Storefront/_git/app"));
    }

    @Test
    void classify_matches_aBuildWhoseRepositoryUrlIsAnApiUrl_byTheCollectionProjectAndName() {
        WebhookRequest request = changed("azure-devops/build_complete.json", p -> ((ObjectNode) p.get("resource")
                .get("repository")).put("url", "https://dev.azure.com/acme/_apis/git/repositories/c4e8a1f3"));

        assertThat(azure.classify(request, SOURCE, "main", CI_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.CI, "refs/heads/main", BUILT));
    }

    @Test
    void classify_ignores_aBuildOfARepositoryHostedElsewhere() {
        WebhookRequest request = changed("azure-devops/build_complete.json", p -> ((ObjectNode) p.get("resource")
                .get("repository")).put("type", "GitHub").put("name", "acme/app").put("url", "https://github.com/acme/app.git"));

        assertThat(azure.classify(request, SOURCE, "main", CI_ONLY)).isInstanceOf(WebhookEvent.Ignored.class);
    }

    private static WebhookRequest delivery(byte[] body, String authorization) {
        return new WebhookRequest(Map.of("content-type", "application/json; charset=utf-8", "authorization", authorization),
                body);
    }

    private static ArrayNode refUpdates(ObjectNode payload) {
        return (ArrayNode) payload.get("resource").get("refUpdates");
    }

    private static WebhookRequest changed(String fixture, Consumer<ObjectNode> change) {
        return delivery(TestRequests.changed(fixture, change), basic("gitbridge", SECRET));
    }
}
