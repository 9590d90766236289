package io.gitbridge.receiver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.aws.CallTimeouts;
import io.gitbridge.http.BadRequestException;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import io.gitbridge.http.PayloadTooLargeException;
import io.gitbridge.http.UnsupportedMediaTypeException;
import io.gitbridge.json.JsonText;
import io.gitbridge.logging.LogContext;
import io.gitbridge.metrics.Metrics;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.WrongProviderException;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.receive.DeliveryHeaders;
import io.gitbridge.receive.GitHubAppOutcome;
import io.gitbridge.receive.GitHubAppReceiver;
import io.gitbridge.receive.ReceiveOutcome;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.sync.QueueUnavailableException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import org.crac.Core;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code POST /webhooks/{hookId}} and the GitHub App's {@code POST /webhooks/github-app}: answers the provider in
 * milliseconds and leaves git to the sync function.
 */
public final class ReceiverHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** The largest body accepted, as API Gateway's own limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** The GitHub App's webhook route, which API Gateway selects over {@code POST /webhooks/{hookId}}. */
    public static final String APP_ROUTE_KEY = "POST /webhooks/github-app";

    private static final Logger LOG = System.getLogger(ReceiverHandler.class.getName());

    private final WebhookReceiver receiver;
    /** The app's webhook; empty when no GitHub App table is configured. */
    private final Optional<GitHubAppReceiver> app;
    /** Held here because the CRaC context keeps its resources only weakly; null for a handler built in tests. */
    private final ReceiverPriming priming;

    /**
     * For the Lambda runtime: wires the AWS stores from the environment once per container, and registers the
     * priming SnapStart runs before the snapshot.
     */
    public ReceiverHandler() {
        this(AwsRuntime.fromEnvironment(CallTimeouts.RECEIVER), Providers.standard());
        Core.getGlobalContext().register(priming);
    }

    private ReceiverHandler(AwsRuntime aws, Providers providers) {
        this(new WebhookReceiver(aws.hooksWithoutTokens(), providers, aws.deliveries(), aws.syncQueue(),
                Clock.systemUTC()), aws.gitHubAppWithoutKey(), new ReceiverPriming(providers,
                        () -> ReceiverPriming.storeCalls(aws)));
    }

    /** A handler without the GitHub App's webhook, which then answers 404. */
    public ReceiverHandler(WebhookReceiver receiver) {
        this(receiver, Optional.empty(), null);
    }

    /** @param app the GitHub App table (without the private key); empty: the app's webhook answers 404 */
    public ReceiverHandler(WebhookReceiver receiver, Optional<GitHubAppStore> app) {
        this(receiver, app, null);
    }

    private ReceiverHandler(WebhookReceiver receiver, Optional<GitHubAppStore> app, ReceiverPriming priming) {
        this.receiver = receiver;
        this.app = app.map(store -> new GitHubAppReceiver(store, receiver));
        this.priming = priming;
    }

    /** The priming registered for SnapStart; null for a handler built around a given receiver. */
    ReceiverPriming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        boolean toApp = APP_ROUTE_KEY.equals(event.getRouteKey());
        String hookId = toApp ? GitHubAppReceiver.APP_LOG : HttpApi.pathParameter(event, "hookId").orElse("");
        LogContext.begin(context);
        LogContext.hook(hookId);
        // Until the body is read, what a refusal is logged with: the headers are all the log reads of it.
        WebhookRequest request = new WebhookRequest(HttpApi.headers(event), new byte[0]);
        try {
            DeliveryHeaders.check(request.headers());
            request = new WebhookRequest(HttpApi.headers(event), HttpApi.body(event, MAX_BODY_BYTES));
            if (toApp) {
                return receiveForApp(request);
            }
            ReceiveOutcome outcome = receiver.receive(hookId, request);
            APIGatewayV2HTTPResponse response = respond(outcome);
            LOG.log(Level.INFO, "hook {0}: {1}", Bounds.cut(hookId), outcome);
            return response;
        } catch (PayloadTooLargeException e) {
            return refuse(hookId, request, 413, "payload_too_large", e.getMessage());
        } catch (UnsupportedMediaTypeException e) {
            return refuse(hookId, request, 415, "unsupported_media_type", e.getMessage());
        } catch (InvalidSignatureException e) {
            Metrics.get().signatureRejected(LogContext.provider());
            return refuse(hookId, request, 401, "invalid_signature", e.getMessage());
        } catch (WrongProviderException e) {
            return refuse(hookId, request, 400, "wrong_provider", e.getMessage());
        } catch (UnsupportedEventException e) {
            return refuse(hookId, request, 400, "unsupported_event", e.getMessage());
        } catch (MalformedPayloadException e) {
            return refuse(hookId, request, 400, "malformed_payload", e.getMessage());
        } catch (BadRequestException e) {
            return refuse(hookId, request, 400, "bad_request", e.getMessage());
        } catch (QueueUnavailableException e) {
            LOG.log(Level.ERROR, "hook " + Bounds.cut(hookId) + ": the sync queue refused a request: " + e.getMessage());
            Metrics.get().queueUnavailable("receiver");
            return refuse(hookId, request, 503, "queue_unavailable",
                    "the sync could not be queued; deliver again later");
        } catch (SdkException e) {
            // DynamoDB did not answer within the clients' bounded time: the provider is told to deliver again, and
            // nothing more is asked of a store that is down.
            LOG.log(Level.ERROR, "hook " + Bounds.cut(hookId) + ": the hooks or deliveries table did not answer", e);
            return HttpApi.error(503, "store_unavailable", "the delivery could not be recorded; deliver again later");
        }
    }

    /** The app's webhook; 404 when this deployment has no GitHub App table. */
    private APIGatewayV2HTTPResponse receiveForApp(WebhookRequest request) {
        GitHubAppOutcome outcome = app.map(appReceiver -> appReceiver.receive(request)).orElseGet(() ->
                new GitHubAppOutcome.NoApp("no GitHub App is configured: this deployment has no GitHub App table"));
        counted(GitHubAppAnswers.outcomeName(outcome));
        LOG.log(Level.INFO, "github-app: {0}", GitHubAppAnswers.outcomeName(outcome));
        return GitHubAppAnswers.respond(outcome);
    }

    private static APIGatewayV2HTTPResponse respond(ReceiveOutcome outcome) {
        counted(outcomeName(outcome));
        if (outcome instanceof ReceiveOutcome.Queued queued) {
            return HttpApi.json(202, JsonText.object("status", "queued", "deliveryId", queued.deliveryId(),
                    "commit", queued.commit()));
        }
        if (outcome instanceof ReceiveOutcome.Duplicate duplicate) {
            return HttpApi.json(200, JsonText.object("status", "duplicate", "deliveryId", duplicate.deliveryId()));
        }
        if (outcome instanceof ReceiveOutcome.Ignored ignored) {
            return HttpApi.json(200, JsonText.object("status", "ignored", "reason", ignored.reason()));
        }
        if (outcome instanceof ReceiveOutcome.UnknownHook) {
            return HttpApi.error(404, "not_found", "no hook has this webhook URL");
        }
        return HttpApi.json(200, JsonText.object("status", "pong"));
    }

    /** The answer to a refused delivery, logged for the hook (when there is one) with the same status and reason. */
    private APIGatewayV2HTTPResponse refuse(String hookId, WebhookRequest request, int status, String code,
            String message) {
        // Exception messages may quote the delivery: answer, log and store a bounded reason.
        String reason = Bounds.reason(message);
        counted(code);
        LOG.log(Level.INFO, "hook {0}: {1} {2}: {3}", Bounds.cut(hookId), status, code, reason);
        if (GitHubAppReceiver.APP_LOG.equals(hookId)) {
            app.ifPresent(appReceiver -> appReceiver.recordRejected(request, status, reason));
        } else {
            receiver.recordRejected(hookId, request, status, reason);
        }
        return HttpApi.error(status, code, reason);
    }

    /** Logs and counts a delivery's answer, named as its status or error code. */
    private static void counted(String outcome) {
        LogContext.outcome(outcome);
        Metrics.get().delivery(LogContext.provider(), outcome);
    }

    private static String outcomeName(ReceiveOutcome outcome) {
        if (outcome instanceof ReceiveOutcome.Queued) {
            return "queued";
        }
        if (outcome instanceof ReceiveOutcome.Duplicate) {
            return "duplicate";
        }
        if (outcome instanceof ReceiveOutcome.Ignored) {
            return "ignored";
        }
        return outcome instanceof ReceiveOutcome.UnknownHook ? "not_found" : "pong";
    }
}
