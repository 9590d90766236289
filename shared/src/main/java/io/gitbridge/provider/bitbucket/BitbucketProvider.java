package io.gitbridge.provider.bitbucket;

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
import java.util.Optional;
import java.util.Set;

/**
 * Bitbucket Cloud webhooks: signed with {@code X-Hub-Signature: sha256=<hex>}; a repo:push that moves the hook's
 * branch, or a SUCCESSFUL commit status on it, triggers a sync.
 */
public final class BitbucketProvider implements WebhookProvider {

    static final String SIGNATURE_HEADER = "X-Hub-Signature";
    static final String EVENT_HEADER = "X-Event-Key";
    static final String DELIVERY_HEADER = "X-Request-UUID";
    static final String HOOK_HEADER = "X-Hook-UUID";
    private static final PushRules PUSH_RULES = PushRules.waitingFor("build status");
    private static final String SUCCESSFUL = "SUCCESSFUL";

    @Override
    public String id() {
        return "bitbucket";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH, EventKind.CI);
    }

    /** {@inheritDoc} The fixed user name of repository, project and workspace access tokens. */
    @Override
    public String cloneUsername() {
        return "x-token-auth";
    }

    /** {@inheritDoc} Through {@link BitbucketRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new BitbucketRegistrar());
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(EVENT_HEADER)
                && (request.hasHeader(HOOK_HEADER) || request.hasHeader(DELIVERY_HEADER));
    }

    @Override
    public void verify(WebhookRequest request, String secret) {
        Signatures.requirePrefixedHexHmacSha256(request, SIGNATURE_HEADER, secret);
    }

    /** {@inheritDoc} {@code X-Request-UUID}. */
    @Override
    public String deliveryId(WebhookRequest request) {
        return Signatures.deliveryId(request, DELIVERY_HEADER);
    }

    @Override
    public String eventName(WebhookRequest request) {
        return DeliveryNames.eventName(request, EVENT_HEADER);
    }

    /** {@inheritDoc} repo:push and commit status payloads always carry {@code repository}. */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        String name = DeliveryNames.requireEventName(request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing")), EVENT_HEADER);
        BitbucketEvent event = BitbucketEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "Bitbucket event '" + Reasons.cut(name) + "' is not handled; gitbridge handles repo:push, "
                        + "repo:commit_status_created and repo:commit_status_updated"));
        PayloadNode payload = Payloads.json(request);
        Optional<WebhookEvent> other = source.otherRepository(repository(payload.path("repository")));
        if (other.isPresent()) {
            return other.get();
        }
        return switch (event) {
            case PUSH -> push(payload, branch, events);
            case COMMIT_STATUS_CREATED, COMMIT_STATUS_UPDATED -> commitStatus(payload, branch, events);
        };
    }

    /** {@code repository.full_name} ({@code workspace/slug}) and its web link, {@code links.html.href}. */
    private static RepositoryIdentity repository(PayloadNode repository) {
        return RepositoryIdentity.of(Payloads.optionalText(repository, "full_name", null),
                Payloads.optionalText(repository.path("links").path("html"), "href", null));
    }

    private WebhookEvent push(PayloadNode payload, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        PayloadNode changes = payload.path("push").path("changes");
        if (!changes.isArray()) {
            throw new MalformedPayloadException("payload lacks the array push.changes");
        }
        return PUSH_RULES.classify(changes, BitbucketProvider::changedRef, BitbucketProvider::move, branch, events);
    }

    private WebhookEvent commitStatus(PayloadNode payload, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (commit status) events");
        }
        PayloadNode status = payload.path("commit_status");
        String state = Payloads.text(payload, "commit_status", "state");
        if (!SUCCESSFUL.equals(state)) {
            return new WebhookEvent.Ignored("commit status is " + Reasons.cut(state) + ", not " + SUCCESSFUL);
        }
        String refname = Payloads.optionalText(status, "refname", "");
        if (refname.isEmpty()) {
            return new WebhookEvent.Ignored("commit status names no branch (refname); this hook follows "
                    + Reasons.cut(branch));
        }
        GitRefs.requireRef(refname, "commit_status.refname");
        if (!branch.equals(refname)) {
            return new WebhookEvent.Ignored("commit status on branch " + Reasons.cut(refname) + "; this hook follows "
                    + Reasons.cut(branch));
        }
        return new WebhookEvent.SyncTrigger(EventKind.CI, GitRefs.branchRef(branch), commit(status));
    }

    /** The full ref a push change names: its new side, or its old side when the push deleted the ref. */
    private static String changedRef(PayloadNode change) {
        return ref(deleted(change) ? change.path("old") : change.path("new"));
    }

    /** What a push change did to its ref; the pushed commit is {@code new.target.hash}. */
    private static PushRules.Move move(PayloadNode change) {
        return new PushRules.Move(deleted(change), () -> GitRefs.requireCommit(
                Payloads.text(change.path("new"), "target", "hash"), "new.target.hash"));
    }

    /** True when a push change deleted its ref: it is closed, or has no new side. */
    private static boolean deleted(PayloadNode change) {
        PayloadNode after = change.path("new");
        return Payloads.flag(change, "closed") || after.isNull() || after.isMissingNode();
    }

    /** The full ref of one side of a push change: {@code {type: branch|tag, name}}. */
    private static String ref(PayloadNode side) {
        if (!side.isObject()) {
            throw new MalformedPayloadException("a push.changes entry has neither new nor old ref");
        }
        String type = Payloads.text(side, "type");
        String name = GitRefs.requireRef(Payloads.text(side, "name"), "push.changes[].name");
        return switch (type) {
            case "branch" -> GitRefs.HEADS + name;
            case "tag" -> GitRefs.TAGS + name;
            // Bookmarks and named branches were Mercurial; report them as they are.
            default -> Reasons.cut(type) + " " + name;
        };
    }

    /** The status's commit: {@code commit.hash}, or the last segment of {@code links.commit.href} in older payloads. */
    private static String commit(PayloadNode status) {
        String hash = Payloads.optionalText(status.path("commit"), "hash", "");
        if (hash.isEmpty()) {
            String href = Payloads.optionalText(status.path("links").path("commit"), "href", "");
            int slash = href.lastIndexOf('/');
            hash = slash < 0 ? "" : href.substring(slash + 1);
        }
        return GitRefs.requireCommit(hash, "commit_status.commit.hash");
    }
}
