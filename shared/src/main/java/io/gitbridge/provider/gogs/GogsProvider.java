package io.gitbridge.provider.gogs;

import io.gitbridge.hook.HookEvents;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitCredentials;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.PushRules;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import java.util.EnumSet;
import java.util.Set;

/** Gogs webhooks: signed with a bare-hex HMAC-SHA256 in {@code X-Gogs-Signature}; a push triggers a sync. */
public final class GogsProvider implements WebhookProvider {

    static final String SIGNATURE_HEADER = "X-Gogs-Signature";
    static final String EVENT_HEADER = "X-Gogs-Event";
    static final String DELIVERY_HEADER = "X-Gogs-Delivery";
    private static final PushRules PUSH_RULES = PushRules.pushOnly();

    @Override
    public String id() {
        return "gogs";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH);
    }

    /** Not used for tokens: see {@link #cloneCredentials}. */
    @Override
    public String cloneUsername() {
        return "gitbridge";
    }

    /** Gogs's git-over-HTTP accepts an access token only as the user name, with any password. */
    @Override
    public GitCredentials cloneCredentials(String token) {
        return new GitCredentials(token, "x-oauth-basic");
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(EVENT_HEADER);
    }

    /** {@inheritDoc} Gogs signs the JSON, also the JSON inside a form delivery's {@code payload} field. */
    @Override
    public void verify(WebhookRequest request, String secret) {
        Signatures.requireBareHexHmacSha256(request, SIGNATURE_HEADER, secret);
    }

    @Override
    public String deliveryId(WebhookRequest request) {
        return Signatures.deliveryId(request, DELIVERY_HEADER);
    }

    @Override
    public String eventName(WebhookRequest request) {
        return request.header(EVENT_HEADER).filter(name -> !name.isBlank()).orElse(UNKNOWN_EVENT);
    }

    @Override
    public WebhookEvent classify(WebhookRequest request, String branch, HookEvents events) {
        String name = request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing"));
        GogsEvent event = GogsEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "Gogs event '" + name + "' is not handled; gitbridge handles push"));
        return switch (event) {
            case PUSH -> push(request, branch, events);
        };
    }

    private WebhookEvent push(WebhookRequest request, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        return PUSH_RULES.classifyRefAndAfter(Payloads.json(request), branch, events);
    }
}
