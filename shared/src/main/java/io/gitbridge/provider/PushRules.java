package io.gitbridge.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The branch-push decision every provider makes: a push that moves the hook's branch to a commit syncs it, unless the
 * hook waits for CI; a deletion, a tag or another branch is ignored with a reason.
 */
public final class PushRules {

    /** What a push did to the followed branch: deleted it, or moved it to a commit read (and checked) only to sync. */
    public record Move(boolean deleted, Supplier<String> commit) {
    }

    /** What the hook waits for when it syncs on CI, e.g. {@code pipeline}; null when the provider has no CI event. */
    private final String ciRun;

    private PushRules(String ciRun) {
        this.ciRun = ciRun;
    }

    /** Rules for a provider with CI events: when a hook syncs on CI success, a push waits for its {@code ciRun}. */
    public static PushRules waitingFor(String ciRun) {
        return new PushRules(ciRun);
    }

    /** Rules for a provider without CI events, whose pushes never wait for one. */
    public static PushRules pushOnly() {
        return new PushRules(null);
    }

    /**
     * Decides a push payload in GitHub's shape, which Gitea, Gogs, GitLab and GitFlic copy: {@code ref} and
     * {@code after} in the object at {@code path} below {@code payload}; GitHub's {@code deleted: true} or an
     * all-zero {@code after} is a deletion.
     *
     * @throws MalformedPayloadException when {@code ref} or {@code after} is missing or not a string, {@code deleted},
     *         {@code created} or {@code forced} is not a boolean, the ref is not one git can hold, or a synced
     *         {@code after} is not a commit id
     */
    public WebhookEvent classifyRefAndAfter(PayloadNode payload, String branch, HookEvents events, String... path) {
        String ref = Payloads.text(payload, fieldPath(path, "ref"));
        String[] afterPath = fieldPath(path, "after");
        String after = Payloads.text(payload, afterPath);
        PayloadNode push = payload;
        for (String field : path) {
            push = push.path(field);
        }
        // GitHub's flags: only deleted decides, but a payload that gets any of them wrong is not GitHub's shape.
        Payloads.flag(push, "created");
        Payloads.flag(push, "forced");
        boolean deleted = Payloads.flag(push, "deleted") || GitRefs.isZero(after);
        String afterField = String.join(".", afterPath);
        return classify(ref, new Move(deleted, () -> GitRefs.requireCommit(after, afterField)), branch, events);
    }

    /** Decides a push of one ref, e.g. {@code refs/heads/main}. */
    public WebhookEvent classify(String ref, Move move, String branch, HookEvents events) {
        return classify(List.of(ref), r -> r, r -> move, branch, events);
    }

    /**
     * Decides a push that changed several refs: the change to the hook's branch decides, and {@code move} is read for
     * that change only; without one, the reason names the other refs.
     *
     * @param ref the full ref a change names
     * @param move what a change did to its ref, asked of the change to the hook's branch only
     */
    public <C> WebhookEvent classify(Iterable<C> changes, Function<C, String> ref, Function<C, Move> move,
            String branch, HookEvents events) {
        String followed = GitRefs.branchRef(branch);
        List<String> others = new ArrayList<>();
        for (C change : changes) {
            String changed = GitRefs.requireRef(ref.apply(change), "the pushed ref");
            if (changed.equals(followed)) {
                return branchMove(changed, move.apply(change), events);
            }
            others.add(changed);
        }
        if (others.isEmpty()) {
            return new WebhookEvent.Ignored("push changed no refs");
        }
        String named = Reasons.cut(String.join(", ", others));
        if (others.stream().allMatch(other -> other.startsWith(GitRefs.TAGS))) {
            return new WebhookEvent.Ignored("tag push " + named + " does not sync");
        }
        return new WebhookEvent.Ignored("push to " + named + "; this hook follows " + Reasons.cut(followed));
    }

    private static String[] fieldPath(String[] path, String field) {
        return Stream.concat(Stream.of(path), Stream.of(field)).toArray(String[]::new);
    }

    private WebhookEvent branchMove(String ref, Move move, HookEvents events) {
        if (move.deleted()) {
            return new WebhookEvent.Ignored("branch deletion " + Reasons.cut(ref) + " does not sync");
        }
        if (ciRun != null && events.syncsOnCi()) {
            return new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its " + ciRun);
        }
        return new WebhookEvent.SyncTrigger(EventKind.PUSH, ref, move.commit().get());
    }
}
