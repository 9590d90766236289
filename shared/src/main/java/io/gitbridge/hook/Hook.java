package io.gitbridge.hook;

import io.gitbridge.provider.HookEvents;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored hook: one source repository branch linked to one build repository branch.
 * The secret and tokens are held here for the functions that need them and never leave through the API.
 *
 * @param id random, unguessable identifier; also the last segment of the webhook URL
 * @param project the build project; at most one hook per project
 * @param provider the provider id, see {@code io.gitbridge.provider.Providers}
 * @param sourceRepo the clone URL of the source repository
 * @param branch the source branch (short name, no {@code refs/heads/})
 * @param events which events start a sync
 * @param secret the webhook secret shared with the provider
 * @param token the credential used to fetch the source repository (and to register the webhook), or null
 * @param buildRepo the push URL of the build repository
 * @param buildBranch the build branch (short name)
 * @param buildToken the credential used to push to the build repository, or null
 * @param apiUrl the provider's API base URL when it is not derived from {@code sourceRepo}, or null
 * @param registration the webhook gitbridge registered on the provider, or null when it registered none
 * @param createdAt when the hook was created
 * @param updatedAt when the hook was last changed by an admin
 * @param lastSync the outcome of the latest sync, or null before the first
 * @param consecutiveFailures how many syncs in a row have failed; 0 after a success
 * @param mergeMode how a sync combines the source with the build branch's own changes; never null (null given reads
 *        as {@link MergeMode#THEIRS}, the default, also for hooks stored before the field existed)
 * @param secretRotation the previous secret and until when the receiver still accepts it, or null when the secret was
 *        never rotated, or rotated without a grace period
 * @param appSource the GitHub App installation and repository a hook in app mode ({@code "auth": "github-app"}) reads
 *        its source through, or null for a hook that authenticates with its own token (the default)
 */
public record Hook(
        String id,
        String project,
        String provider,
        String sourceRepo,
        String branch,
        HookEvents events,
        String secret,
        String token,
        String buildRepo,
        String buildBranch,
        String buildToken,
        String apiUrl,
        Registration registration,
        Instant createdAt,
        Instant updatedAt,
        LastSync lastSync,
        int consecutiveFailures,
        MergeMode mergeMode,
        SecretRotation secretRotation,
        AppSource appSource) {

    public Hook {
        mergeMode = mergeMode == null ? MergeMode.THEIRS : mergeMode;
    }

    /** How the hook reads its source: {@link HookAuth#GITHUB_APP} when it has an {@link #appSource()}. */
    public HookAuth auth() {
        return appSource == null ? HookAuth.TOKEN : HookAuth.GITHUB_APP;
    }

    /** The source token, when one is set. */
    public Optional<String> sourceToken() {
        return Optional.ofNullable(token);
    }

    /** The previous secret, when the receiver still accepts it at {@code now} ({@link SecretRotation}). */
    public Optional<String> previousSecretAt(Instant now) {
        return secretRotation == null ? Optional.empty() : secretRotation.acceptedAt(now);
    }

    /** The build repository token, when one is set. */
    public Optional<String> buildRepoToken() {
        return Optional.ofNullable(buildToken);
    }

    /** Everything but the secret and the tokens, which show only whether they are set, so a logged hook leaks nothing. */
    @Override
    public String toString() {
        return "Hook[id=" + id + ", project=" + project + ", provider=" + provider + ", sourceRepo=" + sourceRepo
                + ", branch=" + branch + ", events=" + events + ", secret=" + redacted(secret) + ", token="
                + redacted(token) + ", buildRepo=" + buildRepo + ", buildBranch=" + buildBranch + ", buildToken="
                + redacted(buildToken) + ", apiUrl=" + apiUrl + ", registration=" + registration + ", createdAt="
                + createdAt + ", updatedAt=" + updatedAt + ", lastSync=" + lastSync + ", consecutiveFailures="
                + consecutiveFailures + ", mergeMode=" + mergeMode + ", secretRotation=" + secretRotation + ", appSource="
                + appSource + "]";
    }

    private static String redacted(String value) {
        return value == null ? "null" : "***";
    }

    /** A builder holding this hook's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** An empty builder: no events, no tokens, no sync yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds hooks; every setter returns the builder. */
    public static final class Builder {
        private String id;
        private String project;
        private String provider;
        private String sourceRepo;
        private String branch;
        private HookEvents events;
        private String secret;
        private String token;
        private String buildRepo;
        private String buildBranch;
        private String buildToken;
        private String apiUrl;
        private Registration registration;
        private Instant createdAt;
        private Instant updatedAt;
        private LastSync lastSync;
        private int consecutiveFailures;
        private MergeMode mergeMode = MergeMode.THEIRS;
        private SecretRotation secretRotation;
        private AppSource appSource;

        private Builder() {
        }

        private Builder(Hook hook) {
            id = hook.id;
            project = hook.project;
            provider = hook.provider;
            sourceRepo = hook.sourceRepo;
            branch = hook.branch;
            events = hook.events;
            secret = hook.secret;
            token = hook.token;
            buildRepo = hook.buildRepo;
            buildBranch = hook.buildBranch;
            buildToken = hook.buildToken;
            apiUrl = hook.apiUrl;
            registration = hook.registration;
            createdAt = hook.createdAt;
            updatedAt = hook.updatedAt;
            lastSync = hook.lastSync;
            consecutiveFailures = hook.consecutiveFailures;
            mergeMode = hook.mergeMode;
            secretRotation = hook.secretRotation;
            appSource = hook.appSource;
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder project(String value) {
            project = value;
            return this;
        }

        public Builder provider(String value) {
            provider = value;
            return this;
        }

        public Builder sourceRepo(String value) {
            sourceRepo = value;
            return this;
        }

        public Builder branch(String value) {
            branch = value;
            return this;
        }

        public Builder events(HookEvents value) {
            events = value;
            return this;
        }

        public Builder secret(String value) {
            secret = value;
            return this;
        }

        public Builder token(String value) {
            token = value;
            return this;
        }

        public Builder buildRepo(String value) {
            buildRepo = value;
            return this;
        }

        public Builder buildBranch(String value) {
            buildBranch = value;
            return this;
        }

        public Builder buildToken(String value) {
            buildToken = value;
            return this;
        }

        public Builder apiUrl(String value) {
            apiUrl = value;
            return this;
        }

        public Builder registration(Registration value) {
            registration = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder lastSync(LastSync value) {
            lastSync = value;
            return this;
        }

        public Builder consecutiveFailures(int value) {
            consecutiveFailures = value;
            return this;
        }

        public Builder mergeMode(MergeMode value) {
            mergeMode = value;
            return this;
        }

        public Builder secretRotation(SecretRotation value) {
            secretRotation = value;
            return this;
        }

        public Builder appSource(AppSource value) {
            appSource = value;
            return this;
        }

        /** The hook. */
        public Hook build() {
            return new Hook(id, project, provider, sourceRepo, branch, events, secret, token, buildRepo, buildBranch,
                    buildToken, apiUrl, registration, createdAt, updatedAt, lastSync, consecutiveFailures, mergeMode,
                    secretRotation, appSource);
        }
    }
}
