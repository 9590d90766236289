package io.gitbridge.provider.azure;

import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.DeliveryNames;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.InvalidSignatureException;
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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Azure DevOps Service Hooks: Azure DevOps signs nothing, so the subscription sends the hook's secret as the HTTP Basic
 * password (any user name); git.push and a succeeded build.complete trigger syncs. Azure DevOps puts a subscription
 * whose deliveries keep failing on probation, so an event the hook does not use is answered as ignored, never
 * refused.
 */
public final class AzureDevOpsProvider implements WebhookProvider {

    static final String AUTHORIZATION_HEADER = "Authorization";
    private static final String BASIC_PREFIX = "Basic ";
    private static final String SUCCEEDED = "succeeded";
    private static final String COMPLETED = "completed";
    /** The XAML-era {@code sourceGetVersion}: {@code LG:<ref>:<commit>}. */
    private static final String LEGACY_GIT_VERSION_PREFIX = "LG:";
    private static final PushRules PUSH_RULES = PushRules.waitingFor("build");

    @Override
    public String id() {
        return "azure-devops";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH, EventKind.CI);
    }

    /** {@inheritDoc} Azure Repos accepts a PAT with any non-empty user name. */
    @Override
    public String cloneUsername() {
        return "gitbridge";
    }

    /** {@inheritDoc} Through {@link AzureDevOpsRegistrar}. */
    @Override
    public Optional<WebhookRegistrar> registrar() {
        return Optional.of(new AzureDevOpsRegistrar());
    }

    /** {@inheritDoc} Always false: Azure DevOps sends no header of its own, only the body says who sent it. */
    @Override
    public boolean sentBy(WebhookRequest request) {
        return false;
    }

    @Override
    public void verify(WebhookRequest request, String secret) {
        String authorization = request.header(AUTHORIZATION_HEADER)
                .orElseThrow(() -> new InvalidSignatureException(AUTHORIZATION_HEADER + " is missing; set the "
                        + "subscription's basic authentication password to the hook's secret"));
        if (authorization.length() <= BASIC_PREFIX.length()
                || !authorization.regionMatches(true, 0, BASIC_PREFIX, 0, BASIC_PREFIX.length())) {
            throw new InvalidSignatureException(AUTHORIZATION_HEADER + " is malformed: expected Basic credentials");
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC_PREFIX.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(
                    AUTHORIZATION_HEADER + " is malformed: Basic credentials are not base64", e);
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            throw new InvalidSignatureException(AUTHORIZATION_HEADER + " is malformed: expected user:password");
        }
        if (!Signatures.secretEquals(credentials.substring(colon + 1), secret)) {
            throw new InvalidSignatureException(AUTHORIZATION_HEADER + " password does not match the hook's secret");
        }
    }

    /** {@inheritDoc} The body's {@code id}, which Azure DevOps keeps when it retries a notification. */
    @Override
    public String deliveryId(WebhookRequest request) {
        String id;
        try {
            id = Payloads.json(request).path("id").asText("");
        } catch (MalformedPayloadException e) {
            // Not JSON: the body itself is still a stable identity for a resend.
            id = "";
        }
        return id.isBlank() ? Signatures.bodyDeliveryId(request) : DeliveryNames.requireDeliveryId(id, "id");
    }

    /** {@inheritDoc} Always {@link #UNKNOWN_EVENT}: Azure DevOps names the event only in the body. */
    @Override
    public String eventName(WebhookRequest request) {
        return UNKNOWN_EVENT;
    }

    /** {@inheritDoc} The body's {@code eventType}. */
    @Override
    public String verifiedEventName(WebhookRequest request) {
        try {
            String name = Payloads.json(request).path("eventType").asText("");
            return name.isBlank() ? UNKNOWN_EVENT : DeliveryNames.requireEventName(name, "eventType");
        } catch (MalformedPayloadException e) {
            return UNKNOWN_EVENT;
        }
    }

    /**
     * {@inheritDoc} git.push payloads always carry {@code resource.repository}; one without it is malformed. A
     * build.complete without it (the XAML-era shape) cannot be matched to the hook's source: it is decided as usual,
     * but a success is ignored instead of synced. An event the hook does not use is {@link WebhookEvent.Ignored} with
     * the reason, since Azure DevOps would put the subscription on probation after refusals; a malformed payload
     * stays refused.
     */
    @Override
    public WebhookEvent classify(WebhookRequest request, SourceRepository source, String branch, HookEvents events) {
        PayloadNode payload = Payloads.json(request);
        String name = DeliveryNames.requireEventName(Payloads.text(payload, "eventType"), "eventType");
        try {
            AzureDevOpsEvent event = AzureDevOpsEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                    "Azure DevOps event '" + Reasons.cut(name) + "' is not used by gitbridge; it handles git.push and "
                            + "build.complete"));
            PayloadNode repository = payload.path("resource").path("repository");
            if (event == AzureDevOpsEvent.BUILD_COMPLETE && repository.isMissingNode()) {
                WebhookEvent decided = buildComplete(payload, branch, events);
                return decided instanceof WebhookEvent.SyncTrigger ? new WebhookEvent.Ignored("the build names no "
                        + "repository (resource.repository), so it cannot be matched to this hook's source") : decided;
            }
            Optional<WebhookEvent> other = source.otherRepository(repository(payload, repository));
            if (other.isPresent()) {
                return other.get();
            }
            return switch (event) {
                case GIT_PUSH -> push(payload, branch, events);
                case BUILD_COMPLETE -> buildComplete(payload, branch, events);
            };
        } catch (UnsupportedEventException e) {
            return new WebhookEvent.Ignored(e.getMessage());
        }
    }

    /**
     * The repository's {@code remoteUrl} (git.push) or {@code url} (build.complete: its clone URL), and the clone URL
     * its names give, {@code <collection baseUrl><project>/_git/<repository>}, for when the URL the payload carries
     * is another form (an API URL, a renamed organisation host).
     */
    private static RepositoryIdentity repository(PayloadNode payload, PayloadNode repository) {
        PayloadNode containers = payload.path("resourceContainers");
        String base = Payloads.optionalText(containers.path("collection"), "baseUrl",
                Payloads.optionalText(containers.path("account"), "baseUrl", null));
        String project = Payloads.optionalText(repository.path("project"), "name",
                Payloads.optionalText(payload.path("resource").path("project"), "name", null));
        String name = Payloads.optionalText(repository, "name", null);
        String named = base == null || project == null || name == null ? null
                : (base.endsWith("/") ? base : base + "/") + project + "/_git/" + name;
        return RepositoryIdentity.of(null, Payloads.optionalText(repository, "remoteUrl", null),
                Payloads.optionalText(repository, "url", null), named);
    }

    private WebhookEvent push(PayloadNode payload, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        PayloadNode updates = payload.path("resource").path("refUpdates");
        if (!updates.isArray()) {
            throw new MalformedPayloadException("payload lacks the array resource.refUpdates");
        }
        return PUSH_RULES.classify(updates, update -> Payloads.text(update, "name"), update -> {
            String newObjectId = Payloads.text(update, "newObjectId");
            return new PushRules.Move(GitRefs.isZero(newObjectId),
                    () -> GitRefs.requireCommit(newObjectId, "resource.refUpdates[].newObjectId"));
        }, branch, events);
    }

    /**
     * A completed build: the current shape has {@code status: completed}, {@code result}, {@code sourceBranch} and
     * {@code sourceVersion}; the XAML-era shape has {@code status: succeeded|failed|…} and
     * {@code sourceGetVersion: LG:<ref>:<commit>}.
     */
    private WebhookEvent buildComplete(PayloadNode payload, String branch, HookEvents events) {
        if (!events.ci()) {
            throw new UnsupportedEventException("this hook is not subscribed to CI (build.complete) events");
        }
        PayloadNode build = payload.path("resource");
        String status = Payloads.text(payload, "resource", "status");
        if (COMPLETED.equals(status)) {
            String result = Payloads.optionalText(build, "result", "none");
            if (!SUCCEEDED.equals(result)) {
                return new WebhookEvent.Ignored("build completed with result " + Reasons.cut(result) + ", not "
                        + SUCCEEDED);
            }
        } else if (!SUCCEEDED.equals(status)) {
            return new WebhookEvent.Ignored("build status is " + Reasons.cut(status) + ", not " + SUCCEEDED);
        }
        String ref;
        String commit;
        if (build.hasNonNull("sourceBranch")) {
            ref = Payloads.text(build, "sourceBranch");
            commit = Payloads.text(build, "sourceVersion");
        } else {
            String version = Payloads.text(payload, "resource", "sourceGetVersion");
            int colon = version.lastIndexOf(':');
            if (!version.startsWith(LEGACY_GIT_VERSION_PREFIX) || colon <= LEGACY_GIT_VERSION_PREFIX.length()) {
                throw new MalformedPayloadException("resource.sourceGetVersion is not LG:<ref>:<commit>");
            }
            ref = version.substring(LEGACY_GIT_VERSION_PREFIX.length(), colon);
            commit = version.substring(colon + 1);
        }
        GitRefs.requireRef(ref, "the build's source branch");
        String followed = GitRefs.branchRef(branch);
        if (!ref.equals(followed)) {
            return new WebhookEvent.Ignored("build of " + Reasons.cut(ref) + "; this hook follows "
                    + Reasons.cut(followed));
        }
        return new WebhookEvent.SyncTrigger(EventKind.CI, followed,
                GitRefs.requireCommit(commit, "the build's source version"));
    }
}
