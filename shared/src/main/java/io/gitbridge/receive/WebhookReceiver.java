package io.gitbridge.receive;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.http.Bounds;
import io.gitbridge.logging.LogContext;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.WrongProviderException;
import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncQueue;
import io.gitbridge.sync.SyncRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Takes one delivery for one hook: verifies it before anything reads the body, classifies it, drops
 * duplicates, queues a small sync request, and logs what it did. Fast by design: no git, no payload stored.
 * A queued delivery costs one conditional write (the log entry, which is also the duplicate check) and one
 * queue message.
 */
public final class WebhookReceiver {

    private static final Logger LOG = System.getLogger(WebhookReceiver.class.getName());

    private final HookRepository hooks;
    private final Providers providers;
    private final DeliveryLog deliveries;
    private final SyncQueue queue;
    private final Clock clock;

    public WebhookReceiver(HookRepository hooks, Providers providers, DeliveryLog deliveries, SyncQueue queue,
            Clock clock) {
        this.hooks = hooks;
        this.providers = providers;
        this.deliveries = deliveries;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Receives a delivery addressed to {@code hookId}, and logs it unless it throws; the caller logs what it
     * refuses with {@link #recordRejected}.
     *
     * @throws WrongProviderException when the delivery's headers show another provider than the hook's
     * @throws io.gitbridge.provider.InvalidSignatureException when the delivery is not signed with the hook's secret
     * @throws io.gitbridge.provider.UnsupportedEventException for events the hook does not take
     * @throws io.gitbridge.provider.MalformedPayloadException when a verified body cannot be read
     * @throws io.gitbridge.http.BadRequestException when the delivery id, the ref or the commit is out of
     *         {@link Bounds}
     * @throws QueueUnavailableException when the sync could not be queued; the delivery is forgotten so a resend works
     */
    public ReceiveOutcome receive(String hookId, WebhookRequest request) {
        Instant receivedAt = now();
        if (!Bounds.isId(hookId)) {
            // No hook has such an id, and DynamoDB would refuse it as a key; only a cut prefix is kept, for the log.
            return new ReceiveOutcome.UnknownHook(Bounds.cut(hookId));
        }
        Optional<Hook> found = hooks.find(hookId);
        if (found.isEmpty()) {
            return new ReceiveOutcome.UnknownHook(hookId);
        }
        Hook hook = found.get();
        LogContext.provider(hook.provider());
        WebhookProvider provider = provider(hook);
        providers.detect(request).filter(sender -> !sender.id().equals(provider.id())).ifPresent(sender -> {
            throw new WrongProviderException(provider.id(), sender.id());
        });
        Delivery.Verification verification = verify(provider, request, hook, receivedAt);
        return receiveVerified(hook, provider, request, receivedAt, verification, false);
    }

    /**
     * Receives a delivery the GitHub App's webhook verified with the app's secret and routed to {@code hook}
     * ({@link GitHubAppReceiver}): the same rules, deduplication, queueing and log as {@link #receive}, except that an
     * event the hook did not subscribe to is {@link ReceiveOutcome.Ignored ignored} for this hook rather than refused,
     * since other hooks may want the delivery.
     *
     * @throws io.gitbridge.provider.MalformedPayloadException when the body cannot be read
     * @throws io.gitbridge.http.BadRequestException when the delivery id, the ref or the commit is out of
     *         {@link Bounds}
     * @throws QueueUnavailableException when the sync could not be queued; the delivery is forgotten for this hook
     */
    ReceiveOutcome receiveRouted(Hook hook, WebhookRequest request, Instant receivedAt) {
        return receiveVerified(hook, provider(hook), request, receivedAt, Delivery.Verification.APP, true);
    }

    /**
     * The part of a delivery to one hook after its signature verified: classify it with the hook's rules (repository,
     * branch, events, CI), then queue, deduplicate and log it.
     *
     * @param unsubscribedIsIgnored whether an event the hook did not subscribe to is ignored (the app's webhook) rather
     *        than refused with {@link io.gitbridge.provider.UnsupportedEventException} (the hook's own webhook)
     */
    private ReceiveOutcome receiveVerified(Hook hook, WebhookProvider provider, WebhookRequest request,
            Instant receivedAt, Delivery.Verification verification, boolean unsubscribedIsIgnored) {
        String event = Bounds.event(provider.verifiedEventName(request));
        WebhookEvent classified;
        try {
            classified = provider.classify(request, SourceRepository.of(hook.sourceRepo()), hook.branch(),
                    hook.events());
        } catch (UnsupportedEventException e) {
            if (!unsubscribedIsIgnored) {
                throw e;
            }
            classified = new WebhookEvent.Ignored(e.getMessage());
        }
        String deliveryId = Bounds.requireId("delivery id", provider.deliveryId(request));
        LogContext.delivery(deliveryId);
        if (verification == Delivery.Verification.PREVIOUS) {
            LOG.log(Level.INFO, "hook " + hook.id() + ": delivery " + deliveryId + " was verified with the previous"
                    + " secret, accepted until " + hook.secretRotation().previousValidUntil() + "; the provider still"
                    + " signs with it");
        }
        if (classified instanceof WebhookEvent.SyncTrigger trigger) {
            Bounds.requireText("ref", trigger.ref(), Bounds.MAX_REF_LENGTH);
            if (trigger.commit() != null) {
                Bounds.requireId("commit", trigger.commit());
            }
            return queue(hook, deliveryId, receivedAt, event, trigger, verification);
        }
        if (classified instanceof WebhookEvent.Ignored ignored) {
            // Providers build reasons from the delivery (a ref, an action): answer and store a bounded one.
            String reason = Bounds.reason(ignored.reason());
            log(Delivery.logged(hook.id(), deliveryId, receivedAt, event, Delivery.Outcome.IGNORED, 200, reason)
                    .withVerification(verification));
            return new ReceiveOutcome.Ignored(reason);
        }
        log(Delivery.logged(hook.id(), deliveryId, receivedAt, event, Delivery.Outcome.PONG, 200, null)
                .withVerification(verification));
        return new ReceiveOutcome.Pong();
    }

    /**
     * Verifies the delivery with the hook's current secret, else with the previous one while its rotation's grace
     * period lasts ({@link io.gitbridge.hook.SecretRotation}). Each check compares in constant time; the current
     * secret is tried first, so the second check costs only deliveries that fail the first.
     *
     * @throws io.gitbridge.provider.InvalidSignatureException the current secret's failure, when neither verifies
     */
    private static Delivery.Verification verify(WebhookProvider provider, WebhookRequest request, Hook hook,
            Instant now) {
        try {
            provider.verify(request, hook.secret());
            return Delivery.Verification.CURRENT;
        } catch (InvalidSignatureException current) {
            Optional<String> previous = hook.previousSecretAt(now);
            if (previous.isEmpty()) {
                throw current;
            }
            try {
                provider.verify(request, previous.get());
                return Delivery.Verification.PREVIOUS;
            } catch (InvalidSignatureException ignored) {
                throw current;
            }
        }
    }

    /** Whether a delivery refused with {@code status} verified with one of the hook's secrets; never throws. */
    private static Delivery.Verification verificationOfRefused(Optional<WebhookProvider> provider,
            WebhookRequest request, Hook hook, int status, Instant now) {
        if (status == 401 || provider.isEmpty() || request.body().length == 0) {
            return Delivery.Verification.UNVERIFIED;
        }
        try {
            return verify(provider.get(), request, hook, now);
        } catch (RuntimeException e) {
            return Delivery.Verification.UNVERIFIED;
        }
    }

    /**
     * The delivery id to log a refused delivery with: the provider's own when it verified, else only what its
     * headers claim (never read from an unverified body); null when there is none or it is out of {@link Bounds}.
     */
    private static String refusedDeliveryId(Optional<WebhookProvider> provider, WebhookRequest request,
            Delivery.Verification verification) {
        if (provider.isEmpty()) {
            return null;
        }
        Optional<String> id;
        if (verification == Delivery.Verification.UNVERIFIED) {
            id = provider.get().claimedDeliveryId(request);
        } else {
            try {
                id = Optional.of(provider.get().deliveryId(request));
            } catch (RuntimeException e) {
                id = Optional.empty();
            }
        }
        return id.filter(Bounds::isId).orElse(null);
    }

    /**
     * Logs a delivery to {@code hookId} that the caller refused with {@code status}, if that hook exists, under an
     * entry id of its own: a refused delivery never takes the key a valid delivery with the same provider id is
     * deduplicated by, so the provider's resend, signed correctly, is still queued. The entry keeps the provider's
     * delivery id so it can be matched with the provider's log, and says whether the delivery verified: one refused
     * before or at verification is {@link Delivery.Verification#UNVERIFIED}, its id read from the headers only
     * ({@link WebhookProvider#claimedDeliveryId}), because the body of an unverified delivery is never parsed; the
     * event name too is read from the headers only, so providers that name it only in the body log it as
     * {@value WebhookProvider#UNKNOWN_EVENT}. Never throws: a log that cannot be written must not change the answer.
     *
     * @param request the delivery; its body may be empty when it was never read (too large, not base64)
     * @param reason why it was refused, as answered
     */
    public void recordRejected(String hookId, WebhookRequest request, int status, String reason) {
        Instant receivedAt = now();
        try {
            Optional<Hook> hook = Bounds.isId(hookId) ? hooks.find(hookId) : Optional.empty();
            if (hook.isEmpty()) {
                return;
            }
            Optional<WebhookProvider> provider = providers.find(hook.get().provider());
            String event = provider.map(p -> p.eventName(request)).orElse(WebhookProvider.UNKNOWN_EVENT);
            Delivery.Verification verification = verificationOfRefused(provider, request, hook.get(), status,
                    receivedAt);
            deliveries.record(Delivery.logged(hookId, refusedDeliveryId(provider, request, verification), receivedAt,
                    Bounds.event(event), Delivery.Outcome.REJECTED, status, Bounds.reason(reason))
                    .withVerification(verification));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "hook " + hookId + ": the refused delivery (" + status + ") could not be logged", e);
        }
    }

    /**
     * Claims the delivery, sends its sync, then confirms it: a delivery is answered {@code duplicate} only once its
     * sync really was queued.
     *
     * <p>Why both a pending claim and a deterministic queue deduplication id (options A and B of issue 8, combined):
     * the process can die (Lambda timeout, out of memory) between any two steps. Sending first and recording after
     * (B alone) keeps one message only within SQS FIFO's five-minute deduplication window; a resend after that
     * queues the sync again, and a dead receiver leaves no log entry at all. Recording {@code queued} first (as
     * before) lost the push for the log's whole retention when the send never happened. So the entry is written
     * {@code pending}, the sync is sent with a deduplication id derived from the hook and delivery ids only
     * ({@link io.gitbridge.aws.SqsSyncQueue}), and only then is the entry marked {@code queued}. A resend that finds
     * the entry still pending takes it over and sends again: if the first attempt had sent, FIFO deduplication drops
     * the second message within five minutes, and a pending entry older than that belongs to a receiver that is
     * certainly dead (its timeout is seconds) whose repeated sync at worst finds the build repository up to date.
     * No lease is needed, because taking over a live attempt costs nothing but a deduplicated send.
     */
    private ReceiveOutcome queue(Hook hook, String deliveryId, Instant receivedAt, String event,
            WebhookEvent.SyncTrigger trigger, Delivery.Verification verification) {
        Delivery delivery = Delivery.queued(hook.id(), deliveryId, deliveryId, receivedAt, event, trigger.commit(),
                trigger.ref()).withVerification(verification);
        if (!deliveries.claim(delivery)) {
            log(Delivery.logged(hook.id(), deliveryId, receivedAt, event, Delivery.Outcome.DUPLICATE, 200,
                    "delivery " + Bounds.cut(deliveryId) + " was already queued")
                    .withCommit(trigger.commit(), trigger.ref()).withVerification(verification));
            return new ReceiveOutcome.Duplicate(deliveryId);
        }
        try {
            queue.send(new SyncRequest(hook.id(), deliveryId, trigger.commit(), trigger.ref()));
        } catch (QueueUnavailableException e) {
            forgetQuietly(hook.id(), deliveryId);
            throw e;
        }
        try {
            deliveries.confirmQueued(hook.id(), deliveryId);
        } catch (RuntimeException e) {
            // The sync is queued, which is what the provider needs to hear; a resend takes the entry over.
            LOG.log(Level.WARNING, "hook " + hook.id() + ": queued delivery stays pending in the log", e);
        }
        return new ReceiveOutcome.Queued(deliveryId, trigger.commit());
    }

    /** A pending entry left behind is taken over by the resend anyway: forgetting it only keeps the log tidy. */
    private void forgetQuietly(String hookId, String deliveryId) {
        try {
            deliveries.forget(hookId, deliveryId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "hook " + hookId + ": the unsent delivery stays pending until it is resent", e);
        }
    }

    /** Logs an entry that is only information: failing to write it must not fail the delivery. */
    private void log(Delivery delivery) {
        try {
            deliveries.record(delivery);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "hook " + delivery.hookId() + ": the " + delivery.outcome().wire()
                    + " delivery could not be logged", e);
        }
    }

    /** The hooks this receiver reads. */
    HookRepository hooks() {
        return hooks;
    }

    /** The delivery log this receiver writes. */
    DeliveryLog deliveries() {
        return deliveries;
    }

    /** Logs an entry that is only information; never throws. */
    void logQuietly(Delivery delivery) {
        log(delivery);
    }

    /** The time a delivery is received at, to the millisecond. */
    Instant receivedNow() {
        return now();
    }

    private WebhookProvider provider(Hook hook) {
        return providers.find(hook.provider()).orElseThrow(() ->
                new IllegalStateException("hook " + hook.id() + " names unknown provider " + hook.provider()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
