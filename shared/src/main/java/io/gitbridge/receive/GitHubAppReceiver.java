package io.gitbridge.receive;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.AppSource;
import io.gitbridge.hook.Hook;
import io.gitbridge.http.Bounds;
import io.gitbridge.logging.LogContext;
import io.gitbridge.provider.DeliveryNames;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.Reasons;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.github.GitHubProvider;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.provider.github.app.InstallationEvent;
import io.gitbridge.sync.QueueUnavailableException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The GitHub App's one webhook ({@code POST /webhooks/github-app}, issue 9): verifies {@code X-Hub-Signature-256} with
 * the app's webhook secret before anything reads the body, then answers {@code ping}, records {@code installation}
 * and {@code installation_repositories} changes in the {@link GitHubAppStore}, and gives each {@code push} and
 * {@code workflow_run} to every hook routed to its repository ({@link GitHubAppStore#hooksFor}: by {@code
 * repository.id}, then by {@code repository.full_name}), where the hook's own rules, deduplication and log apply
 * exactly as on its own webhook ({@link WebhookReceiver#receiveRouted}).
 *
 * <p>A delivery is logged on the log of each hook it reached; one that reached no hook's log (a ping, an installation
 * change, a push no hook is routed to, a refusal) is logged under {@link #APP_LOG}, so that every delivery GitHub made
 * to the app's webhook can be found by its {@code X-GitHub-Delivery} GUID.
 */
public final class GitHubAppReceiver {

    /**
     * The delivery log key of the app's webhook itself. No hook has it: hook ids are {@code hk_} and base32
     * ({@link io.gitbridge.hook.HookIds}).
     */
    public static final String APP_LOG = "github-app";
    /** The events the app's webhook takes, as {@code X-GitHub-Event} names them. */
    public static final List<String> EVENTS = List.of("ping", "push", "workflow_run", InstallationEvent.INSTALLATION,
            InstallationEvent.INSTALLATION_REPOSITORIES);

    private static final Logger LOG = System.getLogger(GitHubAppReceiver.class.getName());
    private static final String EVENT_HEADER = "X-GitHub-Event";
    private static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String GITHUB = "github";

    private final GitHubAppStore store;
    private final WebhookReceiver receiver;
    private final WebhookProvider github = new GitHubProvider();

    /**
     * @param receiver the per-hook receiver whose hooks, delivery log, queue and clock the app's deliveries use
     */
    public GitHubAppReceiver(GitHubAppStore store, WebhookReceiver receiver) {
        this.store = store;
        this.receiver = receiver;
    }

    /**
     * Receives one delivery of the app's webhook. Logs it unless it throws; the caller logs what it refuses with
     * {@link #recordRejected}.
     *
     * @throws InvalidSignatureException when it is not signed with the app's webhook secret, or the app has none
     * @throws UnsupportedEventException for an event the app's webhook does not take ({@link #EVENTS})
     * @throws MalformedPayloadException when a verified body cannot be read, or a push names no repository
     * @throws io.gitbridge.http.BadRequestException when the delivery id, a ref or a commit is out of {@link Bounds}
     * @throws QueueUnavailableException when a routed hook's sync could not be queued (after every other routed hook
     *         had its turn); the hooks that queued it answer the resend as a duplicate
     */
    public GitHubAppOutcome receive(WebhookRequest request) {
        Instant receivedAt = receiver.receivedNow();
        LogContext.provider(GITHUB);
        Optional<GitHubAppStore.StoredApp> app = store.app();
        if (app.isEmpty()) {
            return new GitHubAppOutcome.NoApp("no GitHub App is configured: store it with PUT /github-app");
        }
        verify(request, app.get().app().webhookSecret());
        String event = DeliveryNames.requireEventName(request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing")), EVENT_HEADER);
        String deliveryId = Bounds.requireId("delivery id", github.deliveryId(request));
        LogContext.delivery(deliveryId);
        return switch (event) {
            case "ping" -> {
                logForApp(deliveryId, receivedAt, event, Delivery.Outcome.PONG, null);
                yield new GitHubAppOutcome.Pong(deliveryId);
            }
            case "push", "workflow_run" -> fanOut(request, deliveryId, event, receivedAt);
            case InstallationEvent.INSTALLATION, InstallationEvent.INSTALLATION_REPOSITORIES ->
                    installation(request, deliveryId, event, receivedAt);
            default -> throw new UnsupportedEventException("GitHub event '" + Reasons.cut(event) + "' is not one the"
                    + " GitHub App's webhook takes: " + String.join(", ", EVENTS));
        };
    }

    /**
     * Verifies {@code X-Hub-Signature-256} with the app's secret, naming it (not a hook's) in the reason. Only SHA-256:
     * GitHub signs every app delivery with it, so a delivery carrying only the legacy SHA-1 {@code X-Hub-Signature}
     * (which a hook's PubSubHubbub deliveries may) is refused.
     */
    private static void verify(WebhookRequest request, String secret) {
        if (secret == null) {
            throw new InvalidSignatureException("the GitHub App has no webhook secret stored, so no delivery can be"
                    + " verified: store it with PUT /github-app");
        }
        try {
            Signatures.requirePrefixedHexHmacSha256(request, SIGNATURE_HEADER, secret);
        } catch (InvalidSignatureException e) {
            throw new InvalidSignatureException(e.getMessage().replace("the hook's secret",
                    "the GitHub App's webhook secret"), e);
        }
    }

    private GitHubAppOutcome fanOut(WebhookRequest request, String deliveryId, String event, Instant receivedAt) {
        PayloadNode repository = Payloads.json(request).path("repository");
        if (!repository.isObject()) {
            throw new MalformedPayloadException("payload names no repository");
        }
        PayloadNode idNode = repository.path("id");
        long repositoryId = idNode.isMissingNode() || idNode.isNull() ? 0
                : InstallationEvent.positiveLong(idNode, "repository.id");
        String fullName = Payloads.optionalText(repository, "full_name", null);
        if (repositoryId <= 0 && fullName == null) {
            throw new MalformedPayloadException("payload's repository has neither id nor full_name");
        }
        String named = fullName != null ? Reasons.cut(fullName) : "id " + repositoryId;
        List<GitHubAppOutcome.HookResult> results = new ArrayList<>();
        List<String> unqueued = new ArrayList<>();
        QueueUnavailableException queueFailure = null;
        boolean logged = false;
        for (String hookId : store.hooksFor(repositoryId, fullName)) {
            Optional<Hook> hook = receiver.hooks().find(hookId);
            if (hook.isEmpty() || !GITHUB.equals(hook.get().provider())) {
                results.add(new GitHubAppOutcome.HookResult(hookId, new ReceiveOutcome.Ignored(hook.isEmpty()
                        ? "hook " + hookId + " no longer exists" : "hook " + hookId + " is not a GitHub hook")));
                continue;
            }
            AppSource source = hook.get().appSource();
            if (source != null && repositoryId > 0 && source.repositoryId() != repositoryId) {
                // Routed by the name only: another repository carries that name now (a rename or a transfer).
                results.add(new GitHubAppOutcome.HookResult(hookId, new ReceiveOutcome.Ignored("hook " + hookId
                        + " syncs the repository with id " + source.repositoryId() + ", not this delivery's "
                        + repositoryId + " (which is now named " + named + ")")));
                continue;
            }
            logged = true;
            Hook routedHook = hook.get();
            if (source != null && source.repositoryId() == repositoryId && fullName != null) {
                // Routed by the id GitHub keeps across renames and transfers: match the rules against the name the
                // repository has now, not the one in the hook's source URL.
                routedHook = routedHook.toBuilder().sourceRepo(renamed(routedHook.sourceRepo(), fullName)).build();
            }
            try {
                results.add(new GitHubAppOutcome.HookResult(hookId,
                        receiver.receiveRouted(routedHook, request, receivedAt)));
            } catch (QueueUnavailableException e) {
                LOG.log(Level.ERROR, "app delivery " + deliveryId + ": the sync queue refused hook " + hookId + "'s"
                        + " request: " + e.getMessage());
                unqueued.add(hookId);
                queueFailure = e;
                receiver.logQuietly(Delivery.logged(hookId, deliveryId, receivedAt, event, Delivery.Outcome.REJECTED,
                        503, "the sync could not be queued; deliver again later")
                        .withVerification(Delivery.Verification.APP));
            }
        }
        if (queueFailure != null) {
            throw new QueueUnavailableException("the sync could not be queued for hook(s) "
                    + Bounds.cut(String.join(", ", unqueued)), queueFailure);
        }
        GitHubAppOutcome.Routed routed = new GitHubAppOutcome.Routed(deliveryId, event, named, results, null);
        String reason = switch (routed.status()) {
            case "queued" -> null;
            case "duplicate" -> "every hook that wants delivery " + Bounds.cut(deliveryId) + " had queued it already";
            default -> results.isEmpty()
                    ? "no hook in GitHub App mode syncs " + named + (repositoryId > 0 && fullName != null
                            ? " (repository id " + repositoryId + ")" : "")
                    : "no hook routed to " + named + " wants this delivery";
        };
        if (!logged) {
            logForApp(deliveryId, receivedAt, event, Delivery.Outcome.IGNORED, reason);
        }
        return new GitHubAppOutcome.Routed(deliveryId, event, named, results, reason == null ? null
                : Bounds.reason(reason));
    }

    /** {@code sourceRepo} with its path replaced by {@code fullName}, or unchanged when either is not usable. */
    private static String renamed(String sourceRepo, String fullName) {
        try {
            URI uri = URI.create(sourceRepo);
            if (uri.getAuthority() == null || fullName.isEmpty()
                    || fullName.length() > AppSource.MAX_FULL_NAME_LENGTH) {
                return sourceRepo;
            }
            return new URI(uri.getScheme(), uri.getAuthority(), "/" + fullName + ".git", null, null)
                    .toString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return sourceRepo;
        }
    }

    private GitHubAppOutcome installation(WebhookRequest request, String deliveryId, String event,
            Instant receivedAt) {
        InstallationEvent change = InstallationEvent.read(event, Payloads.json(request), receivedAt);
        Optional<Installation> stored = store.installation(change.installationId());
        Optional<Installation> next = change.applyTo(stored);
        String what = "installation " + change.installationId() + ": " + event + " " + change.action();
        GitHubAppOutcome.InstallationChange outcome;
        if (next.isEmpty()) {
            outcome = new GitHubAppOutcome.InstallationChange(deliveryId, event, change.action(), null, false,
                    Bounds.reason(event + " action '" + change.action() + "' is not recorded"));
        } else if (store.putInstallation(next.get())) {
            outcome = new GitHubAppOutcome.InstallationChange(deliveryId, event, change.action(), next.get(), true,
                    null);
        } else {
            // Answer with the newer state that stays, not the stale one this delivery described.
            outcome = new GitHubAppOutcome.InstallationChange(deliveryId, event, change.action(),
                    store.installation(change.installationId()).orElse(next.get()), false,
                    "a newer state of installation " + change.installationId() + " is stored");
        }
        logForApp(deliveryId, receivedAt, event, Delivery.Outcome.IGNORED, Bounds.reason(what
                + (outcome.recorded() ? ": recorded" : ": not recorded, " + outcome.reason())));
        return outcome;
    }

    /**
     * Logs a delivery the caller refused with {@code status} under {@link #APP_LOG}, with the delivery id and event its
     * headers claim (a refused body is never read). Never throws.
     */
    public void recordRejected(WebhookRequest request, int status, String reason) {
        try {
            receiver.deliveries().record(Delivery.logged(APP_LOG,
                    github.claimedDeliveryId(request).filter(Bounds::isId).orElse(null), receiver.receivedNow(),
                    Bounds.event(github.eventName(request)), Delivery.Outcome.REJECTED, status, Bounds.reason(reason))
                    .withVerification(verificationOfRefused(request, status)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the GitHub App's refused delivery (" + status + ") could not be logged", e);
        }
    }

    /** Whether a refused delivery verified with the app's secret; never throws. */
    private Delivery.Verification verificationOfRefused(WebhookRequest request, int status) {
        if (status == 401 || request.body().length == 0) {
            return Delivery.Verification.UNVERIFIED;
        }
        try {
            String secret = store.app().map(stored -> stored.app().webhookSecret()).orElse(null);
            if (secret != null) {
                verify(request, secret);
                return Delivery.Verification.APP;
            }
        } catch (RuntimeException e) {
            // Not verified, or the store cannot tell: the entry says so.
        }
        return Delivery.Verification.UNVERIFIED;
    }

    private void logForApp(String deliveryId, Instant receivedAt, String event, Delivery.Outcome outcome,
            String reason) {
        receiver.logQuietly(Delivery.logged(APP_LOG, deliveryId, receivedAt, Bounds.event(event), outcome, 200,
                reason).withVerification(Delivery.Verification.APP));
    }
}
