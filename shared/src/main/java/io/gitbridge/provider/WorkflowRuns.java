package io.gitbridge.provider;


/**
 * GitHub's {@code workflow_run} event, which Gitea and Forgejo Actions copy: a completed, successful run on the hook's
 * branch, of the repository's own commit and not for a pull request, syncs the commit it ran on.
 */
public final class WorkflowRuns {

    private WorkflowRuns() {
    }

    /**
     * Says what a verified {@code workflow_run} payload means for a hook on {@code branch}; the caller has checked
     * that it is about the hook's repository.
     *
     * @throws UnsupportedEventException when the hook is not subscribed to CI events
     * @throws MalformedPayloadException when the payload lacks a field the decision needs, or one has the wrong type
     */
    public static WebhookEvent classify(PayloadNode payload, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (workflow_run) events");
        }
        String action = Payloads.text(payload, "action");
        PayloadNode run = payload.path("workflow_run");
        if (!"completed".equals(action)) {
            return new WebhookEvent.Ignored("workflow run is " + Reasons.cut(action) + ", not completed");
        }
        String conclusion = Payloads.optionalText(run, "conclusion", "none");
        if (!"success".equals(conclusion)) {
            return new WebhookEvent.Ignored("workflow run concluded " + Reasons.cut(conclusion) + ", not success");
        }
        // pull_request, pull_request_target, pull_request_review…: the run tested a pull request (often its merge
        // result), not the branch, even when head_branch names the hook's branch.
        String trigger = Payloads.optionalText(run, "event", "");
        if (trigger.startsWith("pull_request")) {
            return new WebhookEvent.Ignored("workflow run for a pull request (" + Reasons.cut(trigger)
                    + ") does not sync");
        }
        String headBranch = GitRefs.requireRef(Payloads.text(payload, "workflow_run", "head_branch"),
                "workflow_run.head_branch");
        if (!branch.equals(headBranch)) {
            return new WebhookEvent.Ignored("workflow run on branch " + Reasons.cut(headBranch)
                    + "; this hook follows " + Reasons.cut(branch));
        }
        String runRepo = Payloads.optionalText(run.path("head_repository"), "full_name", "");
        String repo = Payloads.optionalText(payload.path("repository"), "full_name", "");
        if (!runRepo.isEmpty() && !repo.isEmpty() && !runRepo.equals(repo)) {
            return new WebhookEvent.Ignored("workflow run is for a commit of " + Reasons.cut(runRepo) + ", not "
                    + Reasons.cut(repo));
        }
        String headSha = GitRefs.requireCommit(Payloads.text(payload, "workflow_run", "head_sha"),
                "workflow_run.head_sha");
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), headSha);
    }
}
