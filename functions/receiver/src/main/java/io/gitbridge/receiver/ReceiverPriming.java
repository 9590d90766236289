package io.gitbridge.receiver;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.http.HttpApi;
import io.gitbridge.json.JsonText;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookException;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.github.GitHubProvider;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.provider.github.app.InstallationEvent;
import io.gitbridge.receive.DeliveryHeaders;
import io.gitbridge.receive.GitHubAppOutcome;
import io.gitbridge.receive.ReceiveOutcome;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Resource;

/**
 * Runs what the receiver's first request runs, without its side effects, before a SnapStart snapshot (an
 * {@code org.crac} {@link Resource}) or in the AppCDS training run ({@link #main}): verify and classify one bundled,
 * signed delivery of every provider (the {@code events/} files, in the jar under {@code priming/}), write the answers
 * and the sync request they would give, read a delivery and an installation change as the GitHub App's webhook does,
 * and make the store calls of {@link #storeCalls} (a read of a hook that cannot exist, a conditional write DynamoDB
 * refuses, queue attributes, and with a GitHub App table the app item and an empty route). Nothing is written,
 * sent, counted or logged as a delivery. A failure is logged and ends nothing: priming only warms.
 */
public final class ReceiverPriming implements Resource {

    /** The deliveries under {@code priming/}, as the receiver's pom copies them from {@code events/}. */
    static final List<String> DELIVERIES = List.of("github/push", "github/workflow_run", "gitlab/push",
            "gitlab/pipeline", "bitbucket/repo_push", "bitbucket-server/refs_changed", "gitea/push", "gitea/push.form",
            "gogs/push", "gitflic/branch_update", "azure-devops/git_push");
    /** The secret the {@code events/} deliveries are signed with (events/README.md). */
    private static final String SECRET = "gitbridge-example-secret-0123456789";
    /** A source with no host matches every delivery, so classification runs to its end. */
    private static final SourceRepository ANY_SOURCE = SourceRepository.of("file:///priming");
    private static final HookEvents PUSH_AND_CI = new HookEvents(true, true);
    private static final HookEvents PUSH = new HookEvents(true, false);
    private static final Logger LOG = System.getLogger(ReceiverPriming.class.getName());
    /** A repository no hook is routed to (a full name GitHub would not accept: it has a space). */
    private static final String PRIMING_REPOSITORY = "gitbridge priming/no such repository";
    /** An {@code installation_repositories} payload of the shape GitHub documents, for priming only. */
    private static final String INSTALLATION_PAYLOAD = "{\"action\":\"added\",\"installation\":{\"id\":1,"
            + "\"account\":{\"login\":\"priming\",\"type\":\"Organization\"},\"repository_selection\":\"selected\","
            + "\"suspended_at\":null,\"updated_at\":\"2026-01-01T00:00:00Z\"},\"repository_selection\":\"selected\","
            + "\"repositories_added\":[{\"id\":2,\"full_name\":\"priming/app\"}],\"repositories_removed\":[]}";

    /** What one priming did: the deliveries verified and classified, and the stores' answers. */
    record Result(List<String> classified, List<String> storeAnswers, List<String> failures) {
    }

    private final Providers providers;
    private final Supplier<List<String>> storeCalls;

    /**
     * @param storeCalls the side-effect-free store calls, e.g. {@code aws::primeReceiverCalls}
     */
    ReceiverPriming(Providers providers, Supplier<List<String>> storeCalls) {
        this.providers = providers;
        this.storeCalls = storeCalls;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Result result = prime();
        LOG.log(Level.INFO, "primed before the snapshot: {0} deliveries classified, stores: {1}, failures: {2}",
                result.classified().size(), result.storeAnswers(), result.failures());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the SDK clients reopen connections the snapshot could not keep.
    }

    /**
     * The AppCDS training run: constructs the handler as Lambda does (from the environment, e.g. pointed at stores
     * that are not there: the calls still load what they need before they fail), primes once and prints the result.
     */
    public static void main(String[] args) {
        Result result = new ReceiverHandler().priming().prime();
        // The build runs this against stores that are not there on purpose: their failures are expected, and saying
        // so keeps a new user's `mvn package` from looking broken. Anything else that failed is printed as it is.
        List<String> unexpected = result.failures().stream().filter(failure -> !failure.startsWith("stores: "))
                .toList();
        System.out.println("receiver class archive trained: " + result.classified().size() + " deliveries classified"
                + (result.failures().size() > unexpected.size()
                        ? "; the store calls failed as expected (no stores run at build time)" : ""));
        unexpected.forEach(failure -> System.out.println("  failed: " + failure));
    }

    /**
     * The receiver's side-effect-free store calls ({@link AwsRuntime#primeReceiverCalls}), and when a GitHub App table
     * is configured, what the app's webhook reads of it: the app item and the routes of a repository that has none.
     */
    static List<String> storeCalls(AwsRuntime aws) {
        List<String> answers = new ArrayList<>(aws.primeReceiverCalls());
        aws.gitHubAppWithoutKey().ifPresent(store -> {
            answers.add("GetItem app: " + (store.app().isPresent() ? "an item" : "no item"));
            answers.add("Query routes: " + store.hooksFor(0, PRIMING_REPOSITORY).size() + " hooks");
        });
        return answers;
    }

    /** Primes once; never throws. */
    Result prime() {
        List<String> classified = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String name : DELIVERIES) {
            try {
                classified.add(name + ": " + classify(name));
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        }
        try {
            classified.add("github-app: " + classifyForApp());
        } catch (RuntimeException e) {
            failures.add("github-app: " + e);
        }
        List<String> answers = List.of();
        try {
            answers = storeCalls.get();
        } catch (RuntimeException e) {
            failures.add("stores: " + e);
        }
        return new Result(classified, answers, failures);
    }

    /** What the handler and the receiver do with one bundled delivery, short of the stores. */
    private String classify(String name) {
        APIGatewayV2HTTPEvent event = envelope(name);
        Map<String, String> headers = HttpApi.headers(event);
        DeliveryHeaders.check(headers);
        WebhookRequest request = new WebhookRequest(headers, HttpApi.body(event, ReceiverHandler.MAX_BODY_BYTES));
        String providerId = name.substring(0, name.indexOf('/'));
        WebhookProvider provider = providers.find(providerId).orElseThrow();
        providers.detect(request);
        provider.verify(request, SECRET);
        String deliveryId = provider.deliveryId(request);
        String eventName = provider.verifiedEventName(request);
        try {
            WebhookEvent classified = provider.classify(request, ANY_SOURCE, "main",
                    name.contains("workflow") || name.contains("pipeline") ? PUSH_AND_CI : PUSH);
            if (classified instanceof WebhookEvent.SyncTrigger trigger) {
                SyncRequestCodec.encode(new SyncRequest("hk_priming", deliveryId, trigger.commit(), trigger.ref()));
                JsonText.object("status", "queued", "deliveryId", deliveryId, "commit", trigger.commit());
            }
            return eventName + " " + classified.getClass().getSimpleName();
        } catch (WebhookException e) {
            HttpApi.error(400, "malformed_payload", e.getMessage());
            return eventName + " refused";
        }
    }

    /**
     * What the app's webhook does with a delivery short of the stores: the bundled GitHub push verified with the
     * example secret and read for its repository, an installation payload read and its record made, and the answers.
     */
    private static String classifyForApp() {
        APIGatewayV2HTTPEvent event = envelope("github/push");
        WebhookRequest request = new WebhookRequest(HttpApi.headers(event),
                HttpApi.body(event, ReceiverHandler.MAX_BODY_BYTES));
        new GitHubProvider().verify(request, SECRET);
        PayloadNode repository = Payloads.json(request).path("repository");
        long repositoryId = InstallationEvent.positiveLong(repository.path("id"), "repository.id");
        InstallationEvent change = InstallationEvent.read(InstallationEvent.INSTALLATION_REPOSITORIES,
                Payloads.json(new WebhookRequest(Map.of(), INSTALLATION_PAYLOAD.getBytes(StandardCharsets.UTF_8))),
                Instant.EPOCH);
        Installation installation = change.applyTo(Optional.empty()).orElseThrow();
        GitHubAppAnswers.respond(new GitHubAppOutcome.Routed("priming", "push", Payloads.text(repository,
                "full_name"), List.of(new GitHubAppOutcome.HookResult("hk_priming", new ReceiveOutcome.Queued(
                        "priming", "0000000000000000000000000000000000000000")), new GitHubAppOutcome.HookResult(
                        "hk_priming2", new ReceiveOutcome.Ignored("priming"))), null));
        GitHubAppAnswers.respond(new GitHubAppOutcome.InstallationChange("priming", change.event(), change.action(),
                installation, true, null));
        return "push to repository " + repositoryId + ", installation " + installation.id() + " with "
                + installation.repositories().size() + " repositories";
    }

    /** A bundled API Gateway envelope, read with the same streaming reader as a delivery. */
    static APIGatewayV2HTTPEvent envelope(String name) {
        byte[] bytes;
        try (InputStream in = ReceiverPriming.class.getResourceAsStream("/priming/" + name + ".apigw.json")) {
            if (in == null) {
                throw new IllegalStateException("priming/" + name + ".apigw.json is not in the jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PayloadNode json = Payloads.json(new WebhookRequest(Map.of(), bytes));
        return APIGatewayV2HTTPEvent.builder()
                .withHeaders(strings(json.path("headers")))
                .withPathParameters(strings(json.path("pathParameters")))
                .withBody(json.path("body").asText())
                .withIsBase64Encoded(json.path("isBase64Encoded").booleanValue())
                .build();
    }

    private static Map<String, String> strings(PayloadNode object) {
        Map<String, String> strings = new HashMap<>();
        for (Map.Entry<String, PayloadNode> field : object.properties()) {
            strings.put(field.getKey(), field.getValue().asText());
        }
        return strings;
    }
}
