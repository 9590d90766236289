package io.gitbridge.provider.github;

import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.DeliveryNames;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.PushRules;
import io.gitbridge.provider.Reasons;
import io.gitbridge.provider.RegistrationMethod;
import io.gitbridge.provider.RepositoryIdentity;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRegistrar;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.WorkflowRuns;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** GitHub webhooks: signed with {@code X-Hub-Signature-256}; push and workflow_run trigger syncs. */
public final class GitHubProvider implements WebhookProvider {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String LEGACY_SIGNATURE_HEADER = "X-Hub-Signature";
    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    private static final PushRules PUSH_RULES = PushRules.waitingFor("workflow run");

    @Override
    public String id() {
        return "github";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH, EventKind.CI);
    }

    @Override
    public String cloneUsername() {
        return "x-access-token";
    }

    /** {@inheritDoc} Through {@link GitHubRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new GitHubRegistrar());
    }

    /** {@inheritDoc} A repository webhook, or subscriptions on GitHub's PubSubHubbub hub. */
    @Override
    public Set<RegistrationMethod> registrationMethods() {
        return EnumSet.of(RegistrationMethod.WEBHOOK, RegistrationMethod.PUBSUBHUBBUB);
    }

    /** {@inheritDoc} {@link GitHubHubRegistrar} for {@link RegistrationMethod#PUBSUBHUBBUB}. */
    @Override
    public Optional<WebhookRegistrar> registrar(RegistrationMethod method) {
        return method == RegistrationMethod.PUBSUBHUBBUB ? Optional.of(new GitHubHubRegistrar()) : registrar();
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(EVENT_HEADER);
    }

    /**
     * {@inheritDoc} {@code X-Hub-Signature-256: sha256=<hex>} whenever it is present; only a delivery without it may
     * be verified by {@code X-Hub-Signature: sha1=<hex>} (HMAC-SHA1 over the same raw body), which GitHub's
     * PubSubHubbub hub and older GitHub Enterprise Server versions send alone. A delivery with both is never checked
     * by its SHA-1 signature, so a wrong SHA-256 one cannot be bypassed. Both compare in constant time.
     */
    @Override
    public void verify(WebhookRequest request, String secret) {
        if (!request.hasHeader(SIGNATURE_HEADER) && request.hasHeader(LEGACY_SIGNATURE_HEADER)) {
            Signatures.requirePrefixedHexHmacSha1(request, LEGACY_SIGNATURE_HEADER, secret);
            return;
        }
        Signatures.requirePrefixedHexHmacSha256(request, SIGNATURE_HEADER, secret);
    }

    @Override
    public String deliveryId(WebhookRequest request) {
        return Signatures.deliveryId(request, DELIVERY_HEADER);
    }

    @Override
    public String eventName(WebhookRequest request) {
        return DeliveryNames.eventName(request, EVENT_HEADER);
    }

    /**
     * {@inheritDoc} Push and workflow_run payloads always carry {@code repository}; one without it is malformed. A
     * ping is answered whatever repository it names (an organisation hook's ping names none).
     */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        String name = DeliveryNames.requireEventName(request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing")), EVENT_HEADER);
        GitHubEvent event = GitHubEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "GitHub event '" + Reasons.cut(name)
                        + "' is not handled; gitbridge handles push, workflow_run and ping"));
        if (event == GitHubEvent.PING) {
            return new WebhookEvent.Ping();
        }
        PayloadNode payload = Payloads.json(request);
        Optional<WebhookEvent> other = source.otherRepository(RepositoryIdentity.ofGitHubShape(
                payload.path("repository")));
        if (other.isPresent()) {
            return other.get();
        }
        return switch (event) {
            case PING -> new WebhookEvent.Ping();
            case PUSH -> push(payload, branch, events);
            case WORKFLOW_RUN -> WorkflowRuns.classify(payload, branch, events);
        };
    }

    private WebhookEvent push(PayloadNode payload, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        return PUSH_RULES.classifyRefAndAfter(payload, branch, events);
    }
}
