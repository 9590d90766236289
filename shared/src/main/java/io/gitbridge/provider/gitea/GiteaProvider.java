package io.gitbridge.provider.gitea;

import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.DeliveryNames;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.InvalidSignatureException;
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
import io.gitbridge.provider.WorkflowRuns;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Gitea and Forgejo webhooks: signed with a bare-hex HMAC-SHA256 in {@code X-Forgejo-Signature} (Forgejo) or
 * {@code X-Gitea-Signature}; push, workflow_run and status trigger syncs.
 */
public final class GiteaProvider implements WebhookProvider {

    static final String FORGEJO_SIGNATURE_HEADER = "X-Forgejo-Signature";
    static final String GITEA_SIGNATURE_HEADER = "X-Gitea-Signature";
    static final String FORGEJO_EVENT_HEADER = "X-Forgejo-Event";
    static final String GITEA_EVENT_HEADER = "X-Gitea-Event";
    static final String FORGEJO_DELIVERY_HEADER = "X-Forgejo-Delivery";
    static final String GITEA_DELIVERY_HEADER = "X-Gitea-Delivery";
    private static final PushRules PUSH_RULES = PushRules.waitingFor("workflow run");

    @Override
    public String id() {
        return "gitea";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH, EventKind.CI);
    }

    /** Gitea and Forgejo take a token as the password and do not check the user name, which must not be empty. */
    @Override
    public String cloneUsername() {
        return "gitbridge";
    }

    /** {@inheritDoc} Through {@link GiteaRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new GiteaRegistrar());
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(GITEA_EVENT_HEADER) || request.hasHeader(FORGEJO_EVENT_HEADER);
    }

    /**
     * {@inheritDoc} Checks Forgejo's signature header when present, Gitea's otherwise; both carry the same value.
     * Gitea and Forgejo sign the JSON, also the JSON inside a form delivery's {@code payload} field.
     */
    @Override
    public void verify(WebhookRequest request, String secret) {
        String header = request.hasHeader(FORGEJO_SIGNATURE_HEADER) ? FORGEJO_SIGNATURE_HEADER : GITEA_SIGNATURE_HEADER;
        if (!request.hasHeader(header)) {
            throw new InvalidSignatureException(
                    GITEA_SIGNATURE_HEADER + " (Forgejo: " + FORGEJO_SIGNATURE_HEADER + ") is missing");
        }
        Signatures.requireBareHexHmacSha256(request, header, secret);
    }

    @Override
    public String deliveryId(WebhookRequest request) {
        return Signatures.deliveryId(request, FORGEJO_DELIVERY_HEADER, GITEA_DELIVERY_HEADER);
    }

    /** {@inheritDoc} {@code X-Forgejo-Event}, else {@code X-Gitea-Event}. */
    @Override
    public String eventName(WebhookRequest request) {
        return DeliveryNames.eventName(request, FORGEJO_EVENT_HEADER, GITEA_EVENT_HEADER);
    }

    /** {@inheritDoc} Push, workflow_run and status payloads always carry {@code repository}. */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        String header = request.hasHeader(FORGEJO_EVENT_HEADER) ? FORGEJO_EVENT_HEADER : GITEA_EVENT_HEADER;
        String name = DeliveryNames.requireEventName(request.header(header)
                .orElseThrow(() -> new UnsupportedEventException(GITEA_EVENT_HEADER + " header is missing")), header);
        GiteaEvent event = GiteaEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "Gitea event '" + Reasons.cut(name) + "' is not handled; gitbridge handles push, workflow_run and "
                        + "status"));
        PayloadNode payload = Payloads.json(request);
        Optional<WebhookEvent> other = source.otherRepository(RepositoryIdentity.ofGitHubShape(
                payload.path("repository")));
        if (other.isPresent()) {
            return other.get();
        }
        return switch (event) {
            case PUSH -> push(payload, branch, events);
            case WORKFLOW_RUN -> WorkflowRuns.classify(payload, branch, events);
            case STATUS -> status(payload, branch, events);
        };
    }

    private WebhookEvent push(PayloadNode payload, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        return PUSH_RULES.classifyRefAndAfter(payload, branch, events);
    }

    /**
     * A commit status. Gitea's payload names no branch (unlike GitHub's {@code branches[]}), so a status syncs only when
     * the payload lists the hook's branch; otherwise it is ignored with a pointer to workflow_run.
     */
    private WebhookEvent status(PayloadNode payload, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (status) events");
        }
        String state = Payloads.text(payload, "state");
        String context = Payloads.optionalText(payload, "context", "");
        if (!"success".equals(state)) {
            return new WebhookEvent.Ignored("commit status " + Reasons.cut(context) + " is " + Reasons.cut(state)
                    + ", not success");
        }
        PayloadNode branches = payload.get("branches");
        if (branches == null || !branches.isArray()) {
            return new WebhookEvent.Ignored("this status event does not say which branch its commit is on;"
                    + " subscribe the webhook to workflow run events instead");
        }
        boolean onBranch = false;
        for (PayloadNode candidate : branches) {
            onBranch |= branch.equals(Payloads.optionalText(candidate, "name", null));
        }
        if (!onBranch) {
            return new WebhookEvent.Ignored("commit status for a commit that is not on " + Reasons.cut(branch));
        }
        String sha = GitRefs.requireCommit(Payloads.text(payload, "sha"), "sha");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), sha);
    }
}
