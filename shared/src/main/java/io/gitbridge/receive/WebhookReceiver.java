package io.gitbridge.receive;

import io.gitbridge.delivery.DeliveryRegistry;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.WrongProviderException;
import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncQueue;
import io.gitbridge.sync.SyncRequest;
import java.util.Optional;

/**
 * Takes one delivery for one hook: verifies it before anything reads the body, classifies it, drops
 * duplicates, and queues a small sync request. Fast by design: no git, no payload stored.
 */
public final class WebhookReceiver {

    private final HookRepository hooks;
    private final Providers providers;
    private final DeliveryRegistry deliveries;
    private final SyncQueue queue;

    public WebhookReceiver(HookRepository hooks, Providers providers, DeliveryRegistry deliveries, SyncQueue queue) {
        this.hooks = hooks;
        this.providers = providers;
        this.deliveries = deliveries;
        this.queue = queue;
    }

    /**
     * Receives a delivery addressed to {@code hookId}.
     *
     * @throws WrongProviderException when the delivery's headers show another provider than the hook's
     * @throws io.gitbridge.provider.InvalidSignatureException when the delivery is not signed with the hook's secret
     * @throws io.gitbridge.provider.UnsupportedEventException for events the hook does not take
     * @throws io.gitbridge.provider.MalformedPayloadException when a verified body cannot be read
     * @throws QueueUnavailableException when the sync could not be queued; the delivery is forgotten so a resend works
     */
    public ReceiveOutcome receive(String hookId, WebhookRequest request) {
        Optional<Hook> found = hooks.find(hookId);
        if (found.isEmpty()) {
            return new ReceiveOutcome.UnknownHook(hookId);
        }
        Hook hook = found.get();
        WebhookProvider provider = providers.find(hook.provider())
                .orElseThrow(() -> new IllegalStateException("hook " + hookId + " names unknown provider " + hook.provider()));
        providers.detect(request).filter(sender -> !sender.id().equals(provider.id())).ifPresent(sender -> {
            throw new WrongProviderException(provider.id(), sender.id());
        });
        provider.verify(request, hook.secret());
        WebhookEvent event = provider.classify(request, hook.branch(), hook.events());
        if (event instanceof WebhookEvent.SyncTrigger trigger) {
            return queue(hook, provider.deliveryId(request), trigger);
        }
        if (event instanceof WebhookEvent.Ignored ignored) {
            return new ReceiveOutcome.Ignored(ignored.reason());
        }
        return new ReceiveOutcome.Pong();
    }

    private ReceiveOutcome queue(Hook hook, String deliveryId, WebhookEvent.SyncTrigger trigger) {
        if (!deliveries.registerFirst(hook.id(), deliveryId)) {
            return new ReceiveOutcome.Duplicate(deliveryId);
        }
        try {
            queue.send(new SyncRequest(hook.id(), deliveryId, trigger.commit(), trigger.ref()));
        } catch (QueueUnavailableException e) {
            deliveries.forget(hook.id(), deliveryId);
            throw e;
        }
        return new ReceiveOutcome.Queued(deliveryId, trigger.commit());
    }
}
