package io.gitbridge.provider.gitflic;

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
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GitFlic webhooks: authenticated by the secret itself in {@code Gitflic-Webhook-Secret}; BRANCH_UPDATE and
 * PIPELINE_SUCCESS trigger syncs, TEST_WEBHOOK is a ping. GitFlic sends no event or delivery-id header.
 */
public final class GitFlicProvider implements WebhookProvider {

    static final String SECRET_HEADER = "Gitflic-Webhook-Secret";
    private static final PushRules PUSH_RULES = PushRules.waitingFor("pipeline");

    @Override
    public String id() {
        return "gitflic";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH, EventKind.CI);
    }

    /**
     * The user name sent with a token as the password. GitFlic documents the alias of the token's owner as the user
     * name; whether it checks it is unconfirmed.
     */
    @Override
    public String cloneUsername() {
        return "gitbridge";
    }

    /** {@inheritDoc} Through {@link GitFlicRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new GitFlicRegistrar());
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(SECRET_HEADER);
    }

    /** Compares SHA-256 digests of the header and the secret, so the time taken reveals neither content nor length. */
    @Override
    public void verify(WebhookRequest request, String secret) {
        request.header(SECRET_HEADER).ifPresent(received -> Signatures.rejectEmpty(received, SECRET_HEADER));
        Signatures.requireSecretHeader(request, SECRET_HEADER, secret);
    }

    /** GitFlic sends no delivery id, so the id is derived from the body: a resent delivery carries the same body. */
    @Override
    public String deliveryId(WebhookRequest request) {
        return Signatures.bodyDeliveryId(request);
    }

    /** {@inheritDoc} Always {@link #UNKNOWN_EVENT}: GitFlic names the event only in the body. */
    @Override
    public String eventName(WebhookRequest request) {
        return UNKNOWN_EVENT;
    }

    /** {@inheritDoc} The body's {@code action}. */
    @Override
    public String verifiedEventName(WebhookRequest request) {
        try {
            String name = Payloads.json(request).path("action").asText("");
            return name.isBlank() ? UNKNOWN_EVENT : DeliveryNames.requireEventName(name, "action");
        } catch (MalformedPayloadException e) {
            return UNKNOWN_EVENT;
        }
    }

    /**
     * {@inheritDoc} BRANCH_UPDATE and PIPELINE_* payloads always carry {@code project} (GitFlic documents it as a
     * common field); one without it is malformed. TEST_WEBHOOK is answered whatever it names.
     */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        PayloadNode payload = Payloads.json(request);
        String action = DeliveryNames.requireEventName(Payloads.text(payload, "action"), "action");
        GitFlicEvent event = GitFlicEvent.fromWire(action).orElseThrow(() -> new UnsupportedEventException(
                "GitFlic event '" + Reasons.cut(action) + "' is not handled; gitbridge handles BRANCH_UPDATE, "
                        + "PIPELINE_SUCCESS (other PIPELINE_* events are ignored) and TEST_WEBHOOK"));
        if (event == GitFlicEvent.TEST_WEBHOOK) {
            return new WebhookEvent.Ping();
        }
        Optional<WebhookEvent> other = source.otherRepository(repository(payload.path("project")));
        if (other.isPresent()) {
            return other.get();
        }
        return event.isPipeline() ? pipeline(event, payload, branch, events) : branchUpdate(payload, branch, events);
    }

    /** {@code project}: {@code project/<owner_alias>/<alias>}, the path of its clone URL, and its transport URLs. */
    private static RepositoryIdentity repository(PayloadNode project) {
        String owner = Payloads.optionalText(project, "owner_alias", null);
        String alias = Payloads.optionalText(project, "alias", null);
        return RepositoryIdentity.ofSegments(owner == null || alias == null ? List.of() : List.of("project", owner,
                alias), Payloads.optionalText(project, "http_transport_url", null),
                Payloads.optionalText(project, "ssh_transport_url", null));
    }

    private WebhookEvent branchUpdate(PayloadNode payload, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push (BRANCH_UPDATE) events");
        }
        return PUSH_RULES.classifyRefAndAfter(payload, branch, events, "push");
    }

    private WebhookEvent pipeline(GitFlicEvent event, PayloadNode payload, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (" + event.wire() + ") events");
        }
        if (event != GitFlicEvent.PIPELINE_SUCCESS) {
            return new WebhookEvent.Ignored("pipeline event " + event.wire() + " is not a success");
        }
        String ref = GitRefs.requireRef(Payloads.text(payload, "pipeline", "ref"), "pipeline.ref");
        if (ref.startsWith(GitRefs.TAGS)) {
            return new WebhookEvent.Ignored("pipeline for tag " + Reasons.cut(ref) + " does not sync");
        }
        String pipelineBranch = ref.startsWith(GitRefs.HEADS) ? ref.substring(GitRefs.HEADS.length()) : ref;
        if (!branch.equals(pipelineBranch)) {
            return new WebhookEvent.Ignored("pipeline on branch " + Reasons.cut(pipelineBranch)
                    + "; this hook follows " + Reasons.cut(branch));
        }
        String commit = GitRefs.requireCommit(Payloads.text(payload, "pipeline", "commit_id"), "pipeline.commit_id");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), commit);
    }
}
