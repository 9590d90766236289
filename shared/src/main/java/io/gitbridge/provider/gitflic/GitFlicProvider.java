package io.gitbridge.provider.gitflic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.hook.HookEvents;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.PushRules;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import java.util.EnumSet;
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
            return name.isBlank() ? UNKNOWN_EVENT : name;
        } catch (MalformedPayloadException e) {
            return UNKNOWN_EVENT;
        }
    }

    @Override
    public WebhookEvent classify(WebhookRequest request, String branch, HookEvents events) {
        JsonNode payload = Payloads.json(request);
        String action = Payloads.text(payload, "action");
        GitFlicEvent event = GitFlicEvent.fromWire(action).orElseThrow(() -> new UnsupportedEventException(
                "GitFlic event '" + action + "' is not handled; gitbridge handles BRANCH_UPDATE, PIPELINE_SUCCESS"
                        + " (other PIPELINE_* events are ignored) and TEST_WEBHOOK"));
        if (event == GitFlicEvent.TEST_WEBHOOK) {
            return new WebhookEvent.Ping();
        }
        return event.isPipeline() ? pipeline(event, payload, branch, events) : branchUpdate(payload, branch, events);
    }

    private WebhookEvent branchUpdate(JsonNode payload, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push (BRANCH_UPDATE) events");
        }
        return PUSH_RULES.classifyRefAndAfter(payload, branch, events, "push");
    }

    private WebhookEvent pipeline(GitFlicEvent event, JsonNode payload, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (" + event.wire() + ") events");
        }
        if (event != GitFlicEvent.PIPELINE_SUCCESS) {
            return new WebhookEvent.Ignored("pipeline event " + event.wire() + " is not a success");
        }
        String ref = Payloads.text(payload, "pipeline", "ref");
        if (ref.startsWith(GitRefs.TAGS)) {
            return new WebhookEvent.Ignored("pipeline for tag " + ref + " does not sync");
        }
        String pipelineBranch = ref.startsWith(GitRefs.HEADS) ? ref.substring(GitRefs.HEADS.length()) : ref;
        if (!branch.equals(pipelineBranch)) {
            return new WebhookEvent.Ignored("pipeline on branch " + pipelineBranch + "; this hook follows " + branch);
        }
        String commit = GitRefs.requireCommit(Payloads.text(payload, "pipeline", "commit_id"), "pipeline.commit_id");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), commit);
    }
}
