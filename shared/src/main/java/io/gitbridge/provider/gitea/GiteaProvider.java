package io.gitbridge.provider.gitea;

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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
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
    private static final String FORM = "application/x-www-form-urlencoded";

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

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(GITEA_EVENT_HEADER) || request.hasHeader(FORGEJO_EVENT_HEADER);
    }

    /** Checks Forgejo's signature header when present, Gitea's otherwise; both carry the same value. */
    @Override
    public void verify(WebhookRequest request, String secret) {
        String header = request.hasHeader(FORGEJO_SIGNATURE_HEADER) ? FORGEJO_SIGNATURE_HEADER : GITEA_SIGNATURE_HEADER;
        String signature = request.header(header).orElseThrow(() -> new InvalidSignatureException(
                GITEA_SIGNATURE_HEADER + " (Forgejo: " + FORGEJO_SIGNATURE_HEADER + ") is missing"));
        if (signature.isEmpty()) {
            throw new InvalidSignatureException(header + " is empty: the webhook has no secret; set the hook's secret on it");
        }
        Signatures.requireHexHmacSha256(signature, secret, signedBytes(request, header), header);
    }

    @Override
    public String deliveryId(WebhookRequest request) {
        return request.header(FORGEJO_DELIVERY_HEADER).or(() -> request.header(GITEA_DELIVERY_HEADER))
                .filter(id -> !id.isBlank())
                .orElseGet(() -> "body-" + Signatures.hex(sha256(request.body())));
    }

    @Override
    public WebhookEvent classify(WebhookRequest request, String branch, HookEvents events) {
        String name = request.header(FORGEJO_EVENT_HEADER).or(() -> request.header(GITEA_EVENT_HEADER))
                .orElseThrow(() -> new UnsupportedEventException(GITEA_EVENT_HEADER + " header is missing"));
        GiteaEvent event = GiteaEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "Gitea event '" + name + "' is not handled; gitbridge handles push, workflow_run and status"));
        return switch (event) {
            case PUSH -> push(request, branch, events);
            case WORKFLOW_RUN -> workflowRun(request, branch, events);
            case STATUS -> status(request, branch, events);
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
        if (GitRefs.isZero(after)) {
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
        String trigger = run.path("event").asText("");
        if (trigger.startsWith("pull_request")) {
            return new WebhookEvent.Ignored("workflow run for a pull request (" + trigger + ") does not sync");
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

    /**
     * A commit status. Gitea's payload names no branch (unlike GitHub's {@code branches[]}), so a status syncs only when
     * the payload lists the hook's branch; otherwise it is ignored with a pointer to workflow_run.
     */
    private WebhookEvent status(WebhookRequest request, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (status) events");
        }
        JsonNode payload = Payloads.json(request);
        String state = Payloads.text(payload, "state");
        String context = payload.path("context").asText("");
        if (!"success".equals(state)) {
            return new WebhookEvent.Ignored("commit status " + context + " is " + state + ", not success");
        }
        JsonNode branches = payload.get("branches");
        if (branches == null || !branches.isArray()) {
            return new WebhookEvent.Ignored("this status event does not say which branch its commit is on;"
                    + " subscribe the webhook to workflow run events instead");
        }
        boolean onBranch = false;
        for (JsonNode candidate : branches) {
            onBranch |= branch.equals(candidate.path("name").asText(null));
        }
        if (!onBranch) {
            return new WebhookEvent.Ignored("commit status for a commit that is not on " + branch);
        }
        String sha = GitRefs.requireCommit(Payloads.text(payload, "sha"), "sha");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), sha);
    }

    /** The bytes Gitea signs: the body, or for a form delivery the decoded {@code payload} field (Gitea signs the JSON). */
    private static byte[] signedBytes(WebhookRequest request, String header) {
        byte[] body = request.body();
        if (!FORM.equals(request.mediaType())) {
            return body;
        }
        // The field Payloads.json reads: the first pair whose decoded name is "payload", so the bytes verified here
        // are the bytes classified later, whatever a forged form repeats or escapes.
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            try {
                if ("payload".equals(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8))) {
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    return value.getBytes(StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidSignatureException(header + " cannot be checked: the form body is not URL-encoded", e);
            }
        }
        throw new InvalidSignatureException(header + " cannot be checked: the form body has no payload field");
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
