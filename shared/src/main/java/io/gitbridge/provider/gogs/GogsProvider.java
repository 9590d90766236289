package io.gitbridge.provider.gogs;

import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.DeliveryNames;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitCredentials;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.PushRules;
import io.gitbridge.provider.Reasons;
import io.gitbridge.provider.RepositoryIdentity;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRegistrar;
import io.gitbridge.provider.WebhookRequest;
import java.util.EnumSet;
import java.util.Optional;
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

    /** {@inheritDoc} Through {@link GogsRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new GogsRegistrar());
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
        return DeliveryNames.eventName(request, EVENT_HEADER);
    }

    /** {@inheritDoc} Push payloads always carry {@code repository}. */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        String name = DeliveryNames.requireEventName(request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing")), EVENT_HEADER);
        GogsEvent event = GogsEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "Gogs event '" + Reasons.cut(name) + "' is not handled; gitbridge handles push"));
        PayloadNode payload = Payloads.json(request);
        Optional<WebhookEvent> other = source.otherRepository(RepositoryIdentity.ofGitHubShape(
                payload.path("repository")));
        if (other.isPresent()) {
            return other.get();
        }
        return switch (event) {
            case PUSH -> push(payload, branch, events);
        };
    }

    private WebhookEvent push(PayloadNode payload, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        return PUSH_RULES.classifyRefAndAfter(payload, branch, events);
    }
}
