package io.gitbridge.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.hook.HookEvents;

/**
 * GitHub's {@code workflow_run} event, which Gitea and Forgejo Actions copy: a completed, successful run on the hook's
 * branch, of the repository's own commit and not for a pull request, syncs the commit it ran on.
 */
public final class WorkflowRuns {

    private WorkflowRuns() {
    }

    /**
     * Says what a {@code workflow_run} delivery means for a hook on {@code branch}.
     *
     * @throws UnsupportedEventException when the hook is not subscribed to CI events
     * @throws MalformedPayloadException when the payload lacks a field the decision needs
     */
    public static WebhookEvent classify(WebhookRequest request, String branch, HookEvents events) {
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
        // pull_request, pull_request_target, pull_request_review…: the run tested a pull request (often its merge
        // result), not the branch, even when head_branch names the hook's branch.
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
        String headSha = GitRefs.requireCommit(Payloads.text(payload, "workflow_run", "head_sha"),
                "workflow_run.head_sha");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), headSha);
    }
}
