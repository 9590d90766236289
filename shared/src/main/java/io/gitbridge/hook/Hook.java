package io.gitbridge.hook;

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
 * @param token the credential used to fetch the source repository, or null
 * @param buildRepo the push URL of the build repository
 * @param buildBranch the build branch (short name)
 * @param buildToken the credential used to push to the build repository, or null
 * @param createdAt when the hook was created
 * @param updatedAt when the hook was last changed by an admin
 * @param lastSync the outcome of the latest sync, or null before the first
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
        Instant createdAt,
        Instant updatedAt,
        LastSync lastSync) {

    /** The source token, when one is set. */
    public Optional<String> sourceToken() {
        return Optional.ofNullable(token);
    }

    /** The build repository token, when one is set. */
    public Optional<String> buildRepoToken() {
        return Optional.ofNullable(buildToken);
    }

    /** This hook with another last sync outcome. */
    public Hook withLastSync(LastSync outcome) {
        return new Hook(id, project, provider, sourceRepo, branch, events, secret, token,
                buildRepo, buildBranch, buildToken, createdAt, updatedAt, outcome);
    }
}
