package io.gitbridge.provider.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.hook.HookEvents;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.PushRules;
import io.gitbridge.provider.Signatures;
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
 * {@code whsec_} signing token, as a Standard Webhooks signature; Push Hook and Pipeline Hook trigger syncs.
 */
public final class GitLabProvider implements WebhookProvider {

    static final String EVENT_HEADER = "X-Gitlab-Event";
    static final String TOKEN_HEADER = "X-Gitlab-Token";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String EVENT_UUID_HEADER = "X-Gitlab-Event-UUID";
    private static final PushRules PUSH_RULES = PushRules.waitingFor("pipeline");
    private static final String MERGE_REQUEST_SOURCE = "merge_request_event";

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
        return request.header(EVENT_HEADER).filter(name -> !name.isBlank()).orElse(UNKNOWN_EVENT);
    }

    @Override
    public WebhookEvent classify(WebhookRequest request, String branch, HookEvents events) {
        String name = request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing"));
        GitLabEvent event = GitLabEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "GitLab event '" + name + "' is not handled; gitbridge handles Push Hook, Tag Push Hook and "
                        + "Pipeline Hook"));
        return switch (event) {
            case PUSH -> push(request, branch, events);
            case TAG_PUSH -> tagPush(request, events);
            case PIPELINE -> pipeline(request, branch, events);
        };
    }

    private WebhookEvent push(WebhookRequest request, String branch, HookEvents events) {
        requirePush(events);
        return PUSH_RULES.classifyRefAndAfter(Payloads.json(request), branch, events);
    }

    private WebhookEvent tagPush(WebhookRequest request, HookEvents events) {
        requirePush(events);
        String ref = Payloads.text(Payloads.json(request), "ref");
        return new WebhookEvent.Ignored("tag push " + ref + " does not sync");
    }

    private WebhookEvent pipeline(WebhookRequest request, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (Pipeline Hook) events");
        }
        JsonNode payload = Payloads.json(request);
        JsonNode pipeline = payload.path("object_attributes");
        String status = Payloads.text(payload, "object_attributes", "status");
        if (!"success".equals(status)) {
            return new WebhookEvent.Ignored("pipeline status is " + status + ", not success");
        }
        String ref = Payloads.text(payload, "object_attributes", "ref");
        if (Payloads.flag(pipeline, "tag")) {
            return new WebhookEvent.Ignored("pipeline for tag " + ref + " does not sync");
        }
        if (MERGE_REQUEST_SOURCE.equals(pipeline.path("source").asText(""))) {
            // A merge request pipeline may run on a merge result that is on no branch.
            return new WebhookEvent.Ignored("merge request pipeline on " + ref
                    + " does not sync; only branch pipelines do");
        }
        if (!branch.equals(ref)) {
            return new WebhookEvent.Ignored("pipeline on branch " + ref + "; this hook follows " + branch);
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
