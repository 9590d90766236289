package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.Delivery.Outcome;
import io.gitbridge.hook.Hook;
import io.gitbridge.json.Json;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.receive.GitHubAppReceiver;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncQueue;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The GitHub App's webhook ({@code POST /webhooks/github-app}) through the receiver function, against DynamoDB Local
 * and ElasticMQ: signature with the app's secret, installation events recorded, push and workflow_run fanned out to
 * the hooks routed to their repository, each with its own rules, deduplication and log.
 */
class ReceiverGitHubAppIT {

    private static final String APP_SECRET = "app-webhook-secret-0123456789";
    private static final String HOOK_SECRET = "gitbridge-example-secret-0123456789";
    private static final long REPOSITORY_ID = 186853002L;
    private static final String PUSH_COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String RUN_COMMIT = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private DynamoDeliveryLog deliveries;
    private DynamoGitHubAppStore store;
    private String queueUrl;
    private String appTable;
    private ReceiverHandler handler;
    private int hookCount;

    @TempDir
    Path keys;

    @BeforeEach
    void wire() {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        appTable = aws.uniqueName("github-app");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        Provisioning.createGitHubAppTable(aws.dynamoDb(), appTable);
        queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        hooks = DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable);
        deliveries = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30), Clock.systemUTC());
        store = new DynamoGitHubAppStore(aws.dynamoDb(), appTable, LocalKeyTokenCipher.inDirectory(keys));
        handler = handler(new SqsSyncQueue(aws.sqs(), queueUrl));
    }

    /** The receiver as Lambda wires it: the app table read without the private key. */
    private ReceiverHandler handler(SyncQueue queue) {
        return new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(), deliveries, queue,
                Clock.systemUTC()), Optional.of(DynamoGitHubAppStore.withoutKey(aws.dynamoDb(), appTable)));
    }

    private void storeApp() {
        storeApp(APP_SECRET);
    }

    private void storeApp(String webhookSecret) {
        try (GitHubAppStandIn github = GitHubAppStandIn.start()) {
            store.putApp(new GitHubApp(github.appId(), github.clientId(), github.slug(), github.name(), github.owner(),
                    "github.com", GitHubApp.GITHUB_API, webhookSecret), github.privateKeyPkcs1Pem(), Instant.now());
        }
    }

    /** A GitHub hook on acme/app in app mode: routed by the repository's id and name. */
    private String routedHook(String branch, HookEvents events) {
        String id = "hk_appwebhook" + (char) ('a' + hookCount++) + "0000000000000";
        Instant now = Instant.now();
        hooks.create(Hook.builder().id(id).project("project-" + id).provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch(branch).events(events).secret(HOOK_SECRET)
                .buildRepo("https://git.example.net/" + id + ".git").buildBranch("master").createdAt(now)
                .updatedAt(now).build());
        store.addRoutes(id, REPOSITORY_ID, "acme/app");
        return id;
    }

    @Test
    void signedPush_forARoutedRepository_isQueuedForItsHook_andLoggedThereAsVerifiedWithTheApp() throws IOException {
        storeApp();
        String hook = routedHook("main", new HookEvents(true, false));

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("push", push(), "guid-push-1"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("deliveryId").asText()).isEqualTo("guid-push-1");
        assertThat(body.get("repository").asText()).isEqualTo("acme/app");
        assertThat(body.get("queued")).extracting(JsonNode::asText).containsExactly(hook);
        assertThat(body.get("hooks").get(0).get("commit").asText()).isEqualTo(PUSH_COMMIT);
        assertThat(drain()).containsExactly(new SyncRequest(hook, "guid-push-1", PUSH_COMMIT, "refs/heads/main"));
        Delivery logged = deliveries.find(hook, "guid-push-1").orElseThrow();
        assertThat(logged.outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(logged.verification()).isEqualTo(Delivery.Verification.APP);
        assertThat(log(GitHubAppReceiver.APP_LOG)).isEmpty();
    }

    @Test
    void theSamLocalInvokeFixture_isQueuedForTheRoutedHook() throws IOException {
        storeApp("gitbridge-example-app-secret-0123");
        String hook = routedHook("main", new HookEvents(true, false));
        JsonNode fixture = Json.MAPPER.readTree(Fixtures.bytes("github-app/push.apigw.json"));
        Map<String, String> headers = new HashMap<>();
        fixture.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));

        APIGatewayV2HTTPResponse response = handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey(fixture.get("routeKey").asText()).withRawPath(fixture.get("rawPath").asText())
                .withHeaders(headers).withBody(fixture.get("body").asText())
                .withIsBase64Encoded(fixture.get("isBase64Encoded").asBoolean()).build(), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        assertThat(drain()).containsExactly(new SyncRequest(hook, "8c3e5f20-c6b5-11f1-9f1a-2b3c4d5e6f70",
                PUSH_COMMIT, "refs/heads/main"));
    }

    @Test
    void signedPush_forAnotherRepository_is200Ignored_queuesNothing_andIsLoggedUnderTheAppsLog() throws IOException {
        storeApp();
        String hook = routedHook("main", new HookEvents(true, false));
        String other = push().replace("acme/app", "acme/other").replace("186853002", "999");

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("push", other, "guid-other"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("ignored");
        assertThat(body.get("reason").asText())
                .isEqualTo("no hook in GitHub App mode syncs acme/other (repository id 999)");
        assertThat(body.get("hookCount").asInt()).isZero();
        assertThat(drain()).isEmpty();
        assertThat(log(hook)).isEmpty();
        Delivery appEntry = only(log(GitHubAppReceiver.APP_LOG));
        assertThat(appEntry.providerDeliveryId()).isEqualTo("guid-other");
        assertThat(appEntry.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(appEntry.reason()).isEqualTo(body.get("reason").asText());
    }

    @Test
    void onePush_toTwoHooksOnTwoBranches_queuesForTheHookOnThePushedBranch_andLogsTheOtherAsIgnored()
            throws IOException {
        storeApp();
        String onMain = routedHook("main", new HookEvents(true, false));
        String onRelease = routedHook("release", new HookEvents(true, false));

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("push", push(), "guid-two"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("queued")).extracting(JsonNode::asText).containsExactly(onMain);
        assertThat(body.get("hookCount").asInt()).isEqualTo(2);
        JsonNode ignored = hookResult(body, onRelease);
        assertThat(ignored.get("status").asText()).isEqualTo("ignored");
        assertThat(ignored.get("reason").asText()).contains("refs/heads/main").contains("release");
        assertThat(drain()).containsExactly(new SyncRequest(onMain, "guid-two", PUSH_COMMIT, "refs/heads/main"));
        assertThat(only(log(onMain)).outcome()).isEqualTo(Outcome.QUEUED);
        Delivery other = only(log(onRelease));
        assertThat(other.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(other.providerDeliveryId()).isEqualTo("guid-two");
        assertThat(other.reason()).isEqualTo(ignored.get("reason").asText());
    }

    @Test
    void onePush_toTwoHooksOnTheSameBranch_queuesASyncForEach() throws IOException {
        storeApp();
        String first = routedHook("main", new HookEvents(true, false));
        String second = routedHook("main", new HookEvents(true, false));

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("push", push(), "guid-both"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(json(response).get("queued")).extracting(JsonNode::asText).containsExactlyInAnyOrder(first, second);
        assertThat(drain()).containsExactlyInAnyOrder(
                new SyncRequest(first, "guid-both", PUSH_COMMIT, "refs/heads/main"),
                new SyncRequest(second, "guid-both", PUSH_COMMIT, "refs/heads/main"));
        assertThat(only(log(first)).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(only(log(second)).outcome()).isEqualTo(Outcome.QUEUED);
    }

    @Test
    void sameDeliveryTwice_isADuplicateForEveryHook_andQueuedOnce() throws IOException {
        storeApp();
        String first = routedHook("main", new HookEvents(true, false));
        String second = routedHook("main", new HookEvents(true, false));

        handler.handleRequest(appDelivery("push", push(), "guid-dup"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(appDelivery("push", push(), "guid-dup"), null);

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("duplicate");
        assertThat(json(again).get("queued")).isEmpty();
        assertThat(drain()).hasSize(2);
        assertThat(log(first)).extracting(Delivery::outcome).containsExactly(Outcome.DUPLICATE, Outcome.QUEUED);
        assertThat(log(second)).extracting(Delivery::outcome).containsExactly(Outcome.DUPLICATE, Outcome.QUEUED);
    }

    @Test
    void workflowRun_isQueuedForTheHookThatWantsCi_andIgnored_not400_forThePushOnlyHook() throws IOException {
        storeApp();
        String pushOnly = routedHook("main", new HookEvents(true, false));
        String ci = routedHook("main", new HookEvents(false, true));

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("workflow_run",
                Fixtures.text("github/workflow_run.json"), "guid-run"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("queued")).extracting(JsonNode::asText).containsExactly(ci);
        assertThat(hookResult(body, pushOnly).get("reason").asText())
                .isEqualTo("this hook is not subscribed to CI (workflow_run) events");
        assertThat(drain()).extracting(SyncRequest::commit).containsExactly(RUN_COMMIT);
        assertThat(only(log(pushOnly)).outcome()).isEqualTo(Outcome.IGNORED);
    }

    @Test
    void wrongSignature_is401_queuesNothing_andLogsNothingOnTheHooks() throws IOException {
        storeApp();
        String hook = routedHook("main", new HookEvents(true, false));
        APIGatewayV2HTTPEvent forged = appDelivery("push", push(), "guid-forged");
        Map<String, String> headers = new HashMap<>(forged.getHeaders());
        headers.put("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(HOOK_SECRET,
                push().getBytes(StandardCharsets.UTF_8))));
        forged.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(forged, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_signature");
        assertThat(json(response).get("message").asText())
                .isEqualTo("X-Hub-Signature-256 does not match the body signed with the GitHub App's webhook secret");
        assertThat(drain()).isEmpty();
        assertThat(log(hook)).isEmpty();
        Delivery refused = only(log(GitHubAppReceiver.APP_LOG));
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.verification()).isEqualTo(Delivery.Verification.UNVERIFIED);
    }

    @Test
    void aDeliverySignedOnlyWithTheLegacySha1Header_is401() throws IOException {
        storeApp();
        routedHook("main", new HookEvents(true, false));
        APIGatewayV2HTTPEvent sha1Only = appDelivery("push", push(), "guid-sha1");
        Map<String, String> headers = new HashMap<>(sha1Only.getHeaders());
        headers.remove("x-hub-signature-256");
        headers.put("x-hub-signature", "sha1=" + Signatures.hex(Signatures.hmacSha1(APP_SECRET,
                push().getBytes(StandardCharsets.UTF_8))));
        sha1Only.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(sha1Only, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(json(response).get("message").asText()).isEqualTo("X-Hub-Signature-256 is missing");
        assertThat(drain()).isEmpty();
    }

    @Test
    void tamperedBody_is401_beforeTheBodyIsRead() throws IOException {
        storeApp();
        routedHook("main", new HookEvents(true, false));
        APIGatewayV2HTTPEvent tampered = appDelivery("push", push(), "guid-tampered");
        tampered.setBody("{\"not\": json at all");

        APIGatewayV2HTTPResponse response = handler.handleRequest(tampered, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(drain()).isEmpty();
    }

    @Test
    void bodyOver10Megabytes_is413_andLoggedUnderTheAppsLog_withoutReadingTheBody() throws IOException {
        storeApp();
        APIGatewayV2HTTPEvent tooLarge = appDelivery("push", push(), "guid-large");
        tooLarge.setBody("x".repeat(ReceiverHandler.MAX_BODY_BYTES + 1));

        APIGatewayV2HTTPResponse response = handler.handleRequest(tooLarge, null);

        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("payload_too_large");
        Delivery refused = only(log(GitHubAppReceiver.APP_LOG));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.providerDeliveryId()).isEqualTo("guid-large");
        assertThat(refused.event()).isEqualTo("push");
        assertThat(refused.verification()).isEqualTo(Delivery.Verification.UNVERIFIED);
    }

    @Test
    void eventHeaderSentTwice_is400_beforeVerification() throws IOException {
        storeApp();
        APIGatewayV2HTTPEvent twice = appDelivery("push", push(), "guid-twice");
        Map<String, String> headers = new HashMap<>(twice.getHeaders());
        headers.put("x-github-event", "push,installation");
        twice.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handler.handleRequest(twice, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).startsWith("header x-github-event must appear once");
        assertThat(drain()).isEmpty();
    }

    @Test
    void noAppStored_is404_sayingSo() throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("push", push(), "guid-no-app"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("not_found");
        assertThat(json(response).get("message").asText())
                .isEqualTo("no GitHub App is configured: store it with PUT /github-app");
    }

    @Test
    void noAppTableConfigured_is404() throws IOException {
        ReceiverHandler withoutApp = new ReceiverHandler(new WebhookReceiver(hooks, Providers.standard(), deliveries,
                new SqsSyncQueue(aws.sqs(), queueUrl), Clock.systemUTC()));

        APIGatewayV2HTTPResponse response = withoutApp.handleRequest(appDelivery("push", push(), "guid-x"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText())
                .isEqualTo("no GitHub App is configured: this deployment has no GitHub App table");
    }

    @Test
    void ping_isAnsweredWithPong_andLoggedUnderTheAppsLog() throws IOException {
        storeApp();

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("ping",
                Fixtures.text("github/ping.json"), "guid-ping"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("pong");
        assertThat(only(log(GitHubAppReceiver.APP_LOG)).outcome()).isEqualTo(Outcome.PONG);
    }

    @Test
    void anEventTheAppIsNotRegisteredFor_is400() throws IOException {
        storeApp();

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("issues", "{\"action\":\"opened\"}",
                "guid-issues"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("unsupported_event");
        assertThat(json(response).get("message").asText()).isEqualTo("GitHub event 'issues' is not one the GitHub"
                + " App's webhook takes: ping, push, workflow_run, installation, installation_repositories");
    }

    @Test
    void pushNamingNoRepository_is400() throws IOException {
        storeApp();

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("push",
                "{\"ref\":\"refs/heads/main\",\"after\":\"" + PUSH_COMMIT + "\"}", "guid-norepo"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("malformed_payload");
        assertThat(json(response).get("message").asText()).isEqualTo("payload names no repository");
    }

    @Test
    void queueFailingForOneHook_is503_theOtherHookIsQueued_andTheRetryQueuesOnlyTheMissingOne() throws IOException {
        storeApp();
        String healthy = routedHook("main", new HookEvents(true, false));
        String failing = routedHook("main", new HookEvents(true, false));
        SqsSyncQueue real = new SqsSyncQueue(aws.sqs(), queueUrl);
        ReceiverHandler flaky = handler((request, attempt) -> {
            if (request.hookId().equals(failing)) {
                throw new QueueUnavailableException("down for " + failing, null);
            }
            real.send(request, attempt);
        });

        APIGatewayV2HTTPResponse first = flaky.handleRequest(appDelivery("push", push(), "guid-retry"), null);
        APIGatewayV2HTTPResponse retry = handler.handleRequest(appDelivery("push", push(), "guid-retry"), null);

        assertThat(first.getStatusCode()).isEqualTo(503);
        assertThat(json(first).get("error").asText()).isEqualTo("queue_unavailable");
        assertThat(retry.getStatusCode()).isEqualTo(202);
        JsonNode body = json(retry);
        assertThat(body.get("queued")).extracting(JsonNode::asText).containsExactly(failing);
        assertThat(hookResult(body, healthy).get("status").asText()).isEqualTo("duplicate");
        assertThat(drain()).extracting(SyncRequest::hookId).containsExactlyInAnyOrder(healthy, failing);
        assertThat(log(failing)).extracting(Delivery::outcome).containsExactly(Outcome.QUEUED, Outcome.REJECTED);
    }

    @Test
    void installationCreated_isRecorded_withItsSelectedRepositories() throws IOException {
        storeApp();

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("installation",
                installation("created", "selected", "2026-11-30T06:00:00Z", null,
                        ",\"repositories\":[{\"id\":186853002,\"full_name\":\"acme/app\"},"
                                + "{\"id\":7,\"full_name\":\"acme/docs\"}]"), "guid-created"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("recorded");
        assertThat(body.get("action").asText()).isEqualTo("created");
        assertThat(body.at("/installation/id").asLong()).isEqualTo(42);
        assertThat(body.at("/installation/repositoryCount").asInt()).isEqualTo(2);
        Installation stored = store.installation(42).orElseThrow();
        assertThat(stored.account()).isEqualTo("acme");
        assertThat(stored.accountType()).isEqualTo("Organization");
        assertThat(stored.selection()).isEqualTo(Installation.Selection.SELECTED);
        assertThat(stored.repositories()).containsExactly(new Installation.Repository(186853002, "acme/app"),
                new Installation.Repository(7, "acme/docs"));
        assertThat(stored.active()).isTrue();
        assertThat(stored.updatedAt()).isEqualTo(Instant.parse("2026-11-30T06:00:00Z"));
        Delivery logged = only(log(GitHubAppReceiver.APP_LOG));
        assertThat(logged.event()).isEqualTo("installation");
        assertThat(logged.reason()).isEqualTo("installation 42: installation created: recorded");
    }

    @Test
    void installationSuspendUnsuspendAndDeleted_areRecordedInTurn() throws IOException {
        storeApp();
        handler.handleRequest(appDelivery("installation", installation("created", "all", "2026-11-30T06:00:00Z",
                null, ""), "guid-c"), null);

        handler.handleRequest(appDelivery("installation", installation("suspend", "all", "2026-11-30T06:01:00Z",
                "\"2026-11-30T06:01:00Z\"", ""), "guid-s"), null);
        Installation suspended = store.installation(42).orElseThrow();
        handler.handleRequest(appDelivery("installation", installation("unsuspend", "all", "2026-11-30T06:02:00Z",
                null, ""), "guid-u"), null);
        Installation unsuspended = store.installation(42).orElseThrow();
        APIGatewayV2HTTPResponse deleted = handler.handleRequest(appDelivery("installation", installation("deleted",
                "all", "2026-11-30T06:03:00Z", null, ""), "guid-d"), null);

        assertThat(suspended.suspended()).isTrue();
        assertThat(suspended.active()).isFalse();
        assertThat(unsuspended.suspended()).isFalse();
        assertThat(unsuspended.active()).isTrue();
        assertThat(json(deleted).at("/installation/deleted").asBoolean()).isTrue();
        assertThat(store.installation(42).orElseThrow().deleted()).isTrue();
        assertThat(store.installation(42).orElseThrow().active()).isFalse();
        assertThat(log(GitHubAppReceiver.APP_LOG)).hasSize(4);
    }

    @Test
    void installationRepositoriesAddedAndRemoved_changeTheSelectedRepositories() throws IOException {
        storeApp();
        handler.handleRequest(appDelivery("installation", installation("created", "selected",
                "2026-11-30T06:00:00Z", null, ",\"repositories\":[{\"id\":7,\"full_name\":\"acme/docs\"}]"),
                "guid-c"), null);

        APIGatewayV2HTTPResponse added = handler.handleRequest(appDelivery("installation_repositories",
                repositories("added", "[{\"id\":186853002,\"full_name\":\"acme/app\"}]", "[]"), "guid-a"), null);
        List<Installation.Repository> afterAdd = store.installation(42).orElseThrow().repositories();
        APIGatewayV2HTTPResponse removed = handler.handleRequest(appDelivery("installation_repositories",
                repositories("removed", "[]", "[{\"id\":7,\"full_name\":\"acme/docs\"}]"), "guid-r"), null);

        assertThat(added.getStatusCode()).isEqualTo(200);
        assertThat(json(added).get("status").asText()).isEqualTo("recorded");
        assertThat(afterAdd).containsExactly(new Installation.Repository(7, "acme/docs"),
                new Installation.Repository(186853002, "acme/app"));
        assertThat(json(removed).at("/installation/repositoryCount").asInt()).isEqualTo(1);
        assertThat(store.installation(42).orElseThrow().repositories())
                .containsExactly(new Installation.Repository(186853002, "acme/app"));
    }

    @Test
    void anInstallationEventOlderThanTheStoredState_isNotRecorded_andAnswersWithTheStoredState() throws IOException {
        storeApp();
        handler.handleRequest(appDelivery("installation", installation("deleted", "all", "2026-11-30T07:00:00Z",
                null, ""), "guid-new"), null);

        APIGatewayV2HTTPResponse stale = handler.handleRequest(appDelivery("installation", installation("created",
                "all", "2026-11-30T06:00:00Z", null, ""), "guid-old"), null);

        assertThat(stale.getStatusCode()).isEqualTo(200);
        assertThat(json(stale).get("status").asText()).isEqualTo("ignored");
        assertThat(json(stale).get("reason").asText()).isEqualTo("a newer state of installation 42 is stored");
        assertThat(store.installation(42).orElseThrow().deleted()).isTrue();
        // The answer shows the state that stays, not the stale one the delivery described.
        assertThat(json(stale).at("/installation/deleted").asBoolean()).as(stale.getBody()).isTrue();
        assertThat(json(stale).at("/installation/updatedAt").asText()).isEqualTo("2026-11-30T07:00:00Z");
    }

    @Test
    void installationWithoutAnId_is400_andRecordsNothing() throws IOException {
        storeApp();

        APIGatewayV2HTTPResponse response = handler.handleRequest(appDelivery("installation",
                installation("created", "all", "2026-11-30T06:00:00Z", null, "").replace("\"id\":42,", ""),
                "guid-bad"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText())
                .isEqualTo("payload field installation.id must be a positive integer");
        assertThat(store.installations()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static String push() {
        return Fixtures.text("github/push.json");
    }

    private static String installation(String action, String selection, String updatedAt, String suspendedAt,
            String more) {
        return "{\"action\":\"" + action + "\",\"installation\":{\"id\":42,\"account\":{\"login\":\"acme\","
                + "\"id\":9,\"type\":\"Organization\"},\"repository_selection\":\"" + selection + "\","
                + "\"suspended_at\":" + suspendedAt + ",\"updated_at\":\"" + updatedAt + "\"}" + more
                + ",\"sender\":{\"login\":\"octocat\"}}";
    }

    private static String repositories(String action, String added, String removed) {
        return "{\"action\":\"" + action + "\",\"installation\":{\"id\":42,\"account\":{\"login\":\"acme\","
                + "\"type\":\"Organization\"},\"repository_selection\":\"selected\",\"suspended_at\":null,"
                + "\"updated_at\":\"2026-11-30T06:00:00Z\"},\"repository_selection\":\"selected\","
                + "\"repositories_added\":" + added + ",\"repositories_removed\":" + removed + "}";
    }

    /** A delivery of the app's webhook, signed with the app's secret, as API Gateway passes it on the app's route. */
    private static APIGatewayV2HTTPEvent appDelivery(String event, String body, String guid) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "GitHub-Hookshot/abc1234");
        headers.put("x-github-event", event);
        headers.put("x-github-delivery", guid);
        headers.put("x-github-hook-installation-target-type", "integration");
        headers.put("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(APP_SECRET, bytes)));
        return APIGatewayV2HTTPEvent.builder().withRouteKey(ReceiverHandler.APP_ROUTE_KEY)
                .withRawPath("/webhooks/github-app").withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .build();
    }

    private static JsonNode hookResult(JsonNode body, String hookId) {
        for (JsonNode hook : body.get("hooks")) {
            if (hook.get("hookId").asText().equals(hookId)) {
                return hook;
            }
        }
        throw new AssertionError("no result for " + hookId + " in " + body);
    }

    /** Every sync request in the queue, removed from it. */
    private List<SyncRequest> drain() {
        List<SyncRequest> requests = new ArrayList<>();
        while (true) {
            List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return requests;
            }
            for (Message message : messages) {
                requests.add(SyncRequestCodec.decode(message.body()));
                aws.sqs().deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private List<Delivery> log(String hookId) {
        return deliveries.list(hookId, 50, null).items();
    }

    private static Delivery only(List<Delivery> log) {
        assertThat(log).hasSize(1);
        return log.get(0);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.MAPPER.readTree(response.getBody());
    }
}
