package io.gitbridge.provider.gitlab;

import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.DeliveryNames;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
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
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * GitLab webhooks: the secret arrives verbatim in {@code X-Gitlab-Token}, or, for a hook whose secret is a
 * {@code whsec_} signing token, as a Standard Webhooks signature; Push Hook and Pipeline Hook trigger syncs, and so
 * does a System Hook that carries a push. GitLab disables a hook after 4 consecutive non-2xx answers, so an event
 * the hook does not use (merge requests, comments, an event it is not subscribed to) is answered as ignored, never
 * refused.
 */
public final class GitLabProvider implements WebhookProvider {

    static final String EVENT_HEADER = "X-Gitlab-Event";
    static final String TOKEN_HEADER = "X-Gitlab-Token";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String EVENT_UUID_HEADER = "X-Gitlab-Event-UUID";
    private static final PushRules PUSH_RULES = PushRules.waitingFor("pipeline");
    private static final String MERGE_REQUEST_SOURCE = "merge_request_event";
    /** The {@code object_kind} of the pushes a System Hook carries: they have the Push Hook and Tag Push Hook shape. */
    private static final String PUSH_KIND = "push";
    private static final String TAG_PUSH_KIND = "tag_push";

    private final StandardWebhooks standardWebhooks;

    /** A provider that checks Standard Webhooks timestamps against {@code clock}. */
    public GitLabProvider(Clock clock) {
        this.standardWebhooks = new StandardWebhooks(clock);
    }

    @Override
    public String id() {
        return "gitlab";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH, EventKind.CI);
    }

    @Override
    public String cloneUsername() {
        return "oauth2";
    }

    /** {@inheritDoc} Through {@link GitLabRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new GitLabRegistrar());
    }

    /** {@inheritDoc} A {@code whsec_} signing token must carry a base64 signing key after its prefix. */
    @Override
    public Optional<String> secretProblem(String secret) {
        return StandardWebhooks.secretProblem(secret);
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(EVENT_HEADER);
    }

    /**
     * {@inheritDoc} A secret that starts with {@code whsec_} is a signing token: the delivery must then carry a
     * valid, fresh Standard Webhooks signature; any other secret must equal {@code X-Gitlab-Token}.
     */
    @Override
    public void verify(WebhookRequest request, String secret) {
        if (secret.startsWith(StandardWebhooks.SECRET_PREFIX)) {
            standardWebhooks.verify(request, secret);
            return;
        }
        Signatures.requireSecretHeader(request, TOKEN_HEADER, secret);
    }

    /** {@inheritDoc} {@code Idempotency-Key}, else {@code webhook-id}, else {@code X-Gitlab-Event-UUID}. */
    @Override
    public String deliveryId(WebhookRequest request) {
        return Signatures.deliveryId(request, IDEMPOTENCY_HEADER, StandardWebhooks.ID_HEADER, EVENT_UUID_HEADER);
    }

    @Override
    public String eventName(WebhookRequest request) {
        return DeliveryNames.eventName(request, EVENT_HEADER);
    }

    /**
     * {@inheritDoc} Push, tag push and pipeline payloads always carry {@code project}; one without it is malformed.
     * An event the hook does not use is {@link WebhookEvent.Ignored} with the reason, since GitLab would disable the
     * hook after a few refusals; a missing or malformed {@code X-Gitlab-Event} and a malformed payload stay refused.
     */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        String name = DeliveryNames.requireEventName(request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing")), EVENT_HEADER);
        try {
            return classify(name, request, source, branch, events);
        } catch (UnsupportedEventException e) {
            return new WebhookEvent.Ignored(e.getMessage());
        }
    }

    private WebhookEvent classify(String name, WebhookRequest request, SourceRepository source, String branch,
            HookEvents events) {
        GitLabEvent event = GitLabEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "GitLab event '" + Reasons.cut(name) + "' is not used by gitbridge; it handles Push Hook, "
                        + "Tag Push Hook, Pipeline Hook and System Hook pushes"));
        PayloadNode payload = Payloads.json(request);
        if (event == GitLabEvent.SYSTEM) {
            event = systemHookEvent(payload);
        }
        Optional<WebhookEvent> other = source.otherRepository(repository(payload));
        if (other.isPresent()) {
            return other.get();
        }
        return switch (event) {
            case PUSH -> push(payload, branch, events);
            case TAG_PUSH -> tagPush(payload, events);
            case PIPELINE -> pipeline(payload, branch, events);
            case SYSTEM -> throw new IllegalStateException("a system hook event was not resolved");
        };
    }

    /** The event a System Hook carries: a push or a tag push, whose payloads have the project hooks' shape. */
    private static GitLabEvent systemHookEvent(PayloadNode payload) {
        String kind = Payloads.optionalText(payload, "object_kind", null);
        if (kind == null) {
            kind = Payloads.optionalText(payload, "event_name", "");
        }
        return switch (kind) {
            case PUSH_KIND -> GitLabEvent.PUSH;
            case TAG_PUSH_KIND -> GitLabEvent.TAG_PUSH;
            default -> throw new UnsupportedEventException("GitLab system hook event '" + Reasons.cut(kind)
                    + "' is not used by gitbridge; only pushes sync");
        };
    }

    /** {@code project}: its path with namespace and its URLs; the deprecated {@code repository} object's URLs too. */
    private static RepositoryIdentity repository(PayloadNode payload) {
        PayloadNode project = payload.path("project");
        PayloadNode repository = payload.path("repository");
        return RepositoryIdentity.of(Payloads.optionalText(project, "path_with_namespace", null),
                Payloads.optionalText(project, "git_http_url", null),
                Payloads.optionalText(project, "web_url", null),
                Payloads.optionalText(project, "git_ssh_url", null),
                Payloads.optionalText(repository, "git_http_url", null),
                Payloads.optionalText(repository, "homepage", null));
    }

    private WebhookEvent push(PayloadNode payload, String branch, HookEvents events) {
        requirePush(events);
        return PUSH_RULES.classifyRefAndAfter(payload, branch, events);
    }

    private WebhookEvent tagPush(PayloadNode payload, HookEvents events) {
        requirePush(events);
        String ref = GitRefs.requireRef(Payloads.text(payload, "ref"), "ref");
        return new WebhookEvent.Ignored("tag push " + Reasons.cut(ref) + " does not sync");
    }

    private WebhookEvent pipeline(PayloadNode payload, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (Pipeline Hook) events");
        }
        PayloadNode pipeline = payload.path("object_attributes");
        String status = Payloads.text(payload, "object_attributes", "status");
        if (!"success".equals(status)) {
            return new WebhookEvent.Ignored("pipeline status is " + Reasons.cut(status) + ", not success");
        }
        String ref = GitRefs.requireRef(Payloads.text(payload, "object_attributes", "ref"), "object_attributes.ref");
        if (Payloads.flag(pipeline, "tag")) {
            return new WebhookEvent.Ignored("pipeline for tag " + Reasons.cut(ref) + " does not sync");
        }
        if (MERGE_REQUEST_SOURCE.equals(Payloads.optionalText(pipeline, "source", ""))) {
            // A merge request pipeline may run on a merge result that is on no branch.
            return new WebhookEvent.Ignored("merge request pipeline on " + Reasons.cut(ref)
                    + " does not sync; only branch pipelines do");
        }
        if (!branch.equals(ref)) {
            return new WebhookEvent.Ignored("pipeline on branch " + Reasons.cut(ref) + "; this hook follows "
                    + Reasons.cut(branch));
        }
        String sha = GitRefs.requireCommit(Payloads.text(payload, "object_attributes", "sha"), "object_attributes.sha");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), sha);
    }

    private static void requirePush(HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
    }
}
