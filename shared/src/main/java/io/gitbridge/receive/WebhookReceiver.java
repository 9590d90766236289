package io.gitbridge.receive;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.http.Bounds;
import io.gitbridge.logging.LogContext;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.SourceRepository;
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
        provider.verify(request, hook.secret());
        String event = Bounds.event(provider.verifiedEventName(request));
        WebhookEvent classified = provider.classify(request, SourceRepository.of(hook.sourceRepo()), hook.branch(),
                hook.events());
        String deliveryId = Bounds.requireId("delivery id", provider.deliveryId(request));
        LogContext.delivery(deliveryId);
        if (classified instanceof WebhookEvent.SyncTrigger trigger) {
            Bounds.requireText("ref", trigger.ref(), Bounds.MAX_REF_LENGTH);
            if (trigger.commit() != null) {
                Bounds.requireId("commit", trigger.commit());
            }
            return queue(hook, deliveryId, receivedAt, event, trigger);
        }
        if (classified instanceof WebhookEvent.Ignored ignored) {
            // Providers build reasons from the delivery (a ref, an action): answer and store a bounded one.
            String reason = Bounds.reason(ignored.reason());
            log(Delivery.logged(hook.id(), deliveryId, receivedAt, event, Delivery.Outcome.IGNORED, 200, reason));
            return new ReceiveOutcome.Ignored(reason);
        }
        log(Delivery.logged(hook.id(), deliveryId, receivedAt, event, Delivery.Outcome.PONG, 200, null));
        return new ReceiveOutcome.Pong();
    }

    /**
     * Logs a delivery to {@code hookId} that the caller refused with {@code status}, if that hook exists. Only the
     * headers are read, for the event name: the body of a refused delivery is never parsed, so providers that name
     * the event only in the body log it as {@value WebhookProvider#UNKNOWN_EVENT} and the provider's delivery id is
     * not logged. Never throws: a log that cannot be written must not change the answer.
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
            String event = providers.find(hook.get().provider()).map(p -> p.eventName(request))
                    .orElse(WebhookProvider.UNKNOWN_EVENT);
            deliveries.record(Delivery.logged(hookId, null, receivedAt, Bounds.event(event),
                    Delivery.Outcome.REJECTED, status, Bounds.reason(reason)));
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
            WebhookEvent.SyncTrigger trigger) {
        Delivery delivery = Delivery.queued(hook.id(), deliveryId, deliveryId, receivedAt, event, trigger.commit(),
                trigger.ref());
        if (!deliveries.claim(delivery)) {
            log(Delivery.logged(hook.id(), deliveryId, receivedAt, event, Delivery.Outcome.DUPLICATE, 200,
                    "delivery " + Bounds.cut(deliveryId) + " was already queued")
                    .withCommit(trigger.commit(), trigger.ref()));
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

    private WebhookProvider provider(Hook hook) {
        return providers.find(hook.provider()).orElseThrow(() ->
                new IllegalStateException("hook " + hook.id() + " names unknown provider " + hook.provider()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
