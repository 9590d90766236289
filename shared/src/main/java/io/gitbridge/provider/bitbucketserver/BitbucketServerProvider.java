package io.gitbridge.provider.bitbucketserver;

import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.DeliveryNames;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.MalformedPayloadException;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bitbucket Data Center / Server webhooks: signed with {@code X-Hub-Signature: sha256=<hex>}; a repo:refs_changed
 * that moves the hook's branch triggers a sync. Pushes only: Data Center sends no build status event.
 */
public final class BitbucketServerProvider implements WebhookProvider {

    static final String SIGNATURE_HEADER = "X-Hub-Signature";
    static final String EVENT_HEADER = "X-Event-Key";
    static final String DELIVERY_HEADER = "X-Request-Id";
    /** Sent by Bitbucket Cloud only; its presence means the delivery is not from Data Center. */
    static final String CLOUD_HOOK_HEADER = "X-Hook-UUID";
    private static final PushRules PUSH_RULES = PushRules.pushOnly();

    @Override
    public String id() {
        return "bitbucket-server";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH);
    }

    /**
     * {@inheritDoc} Data Center has no fixed token user name ({@code x-token-auth} is Bitbucket Cloud's): project and
     * repository HTTP access tokens work only as Bearer tokens, and a personal HTTP access token only with its owner's
     * user name. gitbridge clones with HTTP Basic, so the setup guide asks for a service account with this user name
     * and a personal HTTP access token of it.
     */
    @Override
    public String cloneUsername() {
        return "gitbridge";
    }

    /** {@inheritDoc} Through {@link BitbucketServerRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new BitbucketServerRegistrar());
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(EVENT_HEADER) && request.hasHeader(DELIVERY_HEADER)
                && !request.hasHeader(CLOUD_HOOK_HEADER);
    }

    @Override
    public void verify(WebhookRequest request, String secret) {
        Signatures.requirePrefixedHexHmacSha256(request, SIGNATURE_HEADER, secret);
    }

    /** {@inheritDoc} {@code X-Request-Id}. */
    @Override
    public String deliveryId(WebhookRequest request) {
        return Signatures.deliveryId(request, DELIVERY_HEADER);
    }

    @Override
    public String eventName(WebhookRequest request) {
        return DeliveryNames.eventName(request, EVENT_HEADER);
    }

    /**
     * {@inheritDoc} repo:refs_changed payloads always carry {@code repository}; diagnostics:ping is answered whatever
     * it names.
     */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        String name = DeliveryNames.requireEventName(request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing")), EVENT_HEADER);
        BitbucketServerEvent event = BitbucketServerEvent.fromWire(name).orElseThrow(() ->
                new UnsupportedEventException("Bitbucket Data Center event '" + Reasons.cut(name)
                        + "' is not handled; gitbridge handles repo:refs_changed and diagnostics:ping"));
        return switch (event) {
            case PING -> new WebhookEvent.Ping();
            case REFS_CHANGED -> refsChanged(Payloads.json(request), source, branch, events);
        };
    }

    /**
     * {@code repository}: {@code scm/<project key>/<slug>}, the path of its clone URL on a server without a context
     * path, and its {@code links.clone[]} and {@code links.self[]} URLs.
     */
    private static RepositoryIdentity repository(PayloadNode repository) {
        String key = Payloads.optionalText(repository.path("project"), "key", null);
        String slug = Payloads.optionalText(repository, "slug", null);
        List<String> urls = new ArrayList<>();
        for (String kind : List.of("clone", "self")) {
            for (PayloadNode link : repository.path("links").path(kind)) {
                urls.add(Payloads.optionalText(link, "href", null));
            }
        }
        return RepositoryIdentity.ofSegments(key == null || slug == null ? List.of() : List.of("scm", key, slug),
                urls.toArray(String[]::new));
    }

    private WebhookEvent refsChanged(PayloadNode payload, SourceRepository source, String branch, HookEvents events) {
        Optional<WebhookEvent> other = source.otherRepository(repository(payload.path("repository")));
        if (other.isPresent()) {
            return other.get();
        }
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        PayloadNode changes = payload.path("changes");
        if (!changes.isArray()) {
            throw new MalformedPayloadException("payload lacks the array changes");
        }
        return PUSH_RULES.classify(changes, change -> Payloads.text(change, "ref", "id"), change -> {
            String toHash = Payloads.text(change, "toHash");
            boolean deleted = "DELETE".equals(Payloads.optionalText(change, "type", "")) || GitRefs.isZero(toHash);
            return new PushRules.Move(deleted, () -> GitRefs.requireCommit(toHash, "changes[].toHash"));
        }, branch, events);
    }
}
