package io.gitbridge.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.hook.HookEvents;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import java.util.EnumSet;
import java.util.Set;

/** GitHub webhooks: signed with {@code X-Hub-Signature-256}; push and workflow_run trigger syncs. */
public final class GitHubProvider implements WebhookProvider {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    private static final String SIGNATURE_PREFIX = "sha256=";

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

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(EVENT_HEADER);
    }

    @Override
    public void verify(WebhookRequest request, String secret) {
        String signature = request.header(SIGNATURE_HEADER)
                .orElseThrow(() -> new InvalidSignatureException(SIGNATURE_HEADER + " is missing"));
        if (signature.length() <= SIGNATURE_PREFIX.length() || !signature.startsWith(SIGNATURE_PREFIX)) {
            throw new InvalidSignatureException(SIGNATURE_HEADER + " is malformed: expected sha256=<hex>");
        }
        Signatures.requireHexHmacSha256(signature.substring(SIGNATURE_PREFIX.length()), secret, request.body(),
                SIGNATURE_HEADER);
    }

    @Override
    public String deliveryId(WebhookRequest request) {
        return request.header(DELIVERY_HEADER).filter(id -> !id.isBlank())
                .orElseGet(() -> "body-" + Signatures.hex(sha256(request.body())));
    }

    @Override
    public WebhookEvent classify(WebhookRequest request, String branch, HookEvents events) {
        String name = request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing"));
        GitHubEvent event = GitHubEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "GitHub event '" + name + "' is not handled; gitbridge handles push, workflow_run and ping"));
        return switch (event) {
            case PING -> new WebhookEvent.Ping();
            case PUSH -> push(request, branch, events);
            case WORKFLOW_RUN -> workflowRun(request, branch, events);
        };
    }

    private WebhookEvent push(WebhookRequest request, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        JsonNode payload = Payloads.json(request);
        String ref = Payloads.text(payload, "ref");
        String after = Payloads.text(payload, "after");
        if (ref.startsWith(GitRefs.TAGS)) {
            return new WebhookEvent.Ignored("tag push " + ref + " does not sync");
        }
        if (Payloads.flag(payload, "deleted") || GitRefs.isZero(after)) {
            return new WebhookEvent.Ignored("branch deletion " + ref + " does not sync");
        }
        if (!ref.equals(GitRefs.branchRef(branch))) {
            return new WebhookEvent.Ignored("push to " + ref + "; this hook follows " + GitRefs.branchRef(branch));
        }
        if (events.syncsOnCi()) {
            return new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its workflow run");
        }
        return new WebhookEvent.SyncTrigger(EventKind.PUSH, ref, GitRefs.requireCommit(after, "after"));
    }

    private WebhookEvent workflowRun(WebhookRequest request, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (workflow_run) events");
        }
        JsonNode payload = Payloads.json(request);
        String action = Payloads.text(payload, "action");
        JsonNode run = payload.path("workflow_run");
        if (!"completed".equals(action)) {
            return new WebhookEvent.Ignored("workflow run is " + action + ", not completed");
        }
        String conclusion = run.path("conclusion").asText("none");
        if (!"success".equals(conclusion)) {
            return new WebhookEvent.Ignored("workflow run concluded " + conclusion + ", not success");
        }
        String headBranch = Payloads.text(payload, "workflow_run", "head_branch");
        if (!branch.equals(headBranch)) {
            return new WebhookEvent.Ignored("workflow run on branch " + headBranch + "; this hook follows " + branch);
        }
        String runRepo = run.path("head_repository").path("full_name").asText("");
        String repo = payload.path("repository").path("full_name").asText("");
        if (!runRepo.isEmpty() && !repo.isEmpty() && !runRepo.equals(repo)) {
            return new WebhookEvent.Ignored("workflow run is for a commit of " + runRepo + ", not " + repo);
        }
        String headSha = GitRefs.requireCommit(Payloads.text(payload, "workflow_run", "head_sha"), "workflow_run.head_sha");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), headSha);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
