package io.gitbridge.hook;

import java.util.Objects;

/**
 * Where a hook in GitHub App mode ({@link HookAuth#GITHUB_APP}) reads its source: the app's installation that can see
 * the repository and GitHub's ids of that repository, found when the hook was created or pointed elsewhere.
 *
 * @param installationId the installation's numeric id, positive
 * @param repositoryId GitHub's numeric repository id, positive: what the app's deliveries are routed by, and what
 *     installation tokens are limited to
 * @param fullName {@code owner/name} as GitHub spells it, at most 200 characters
 */
public record AppSource(long installationId, long repositoryId, String fullName) {

    /** The longest full name kept (GitHub: 39 + 1 + 100 characters). */
    public static final int MAX_FULL_NAME_LENGTH = 200;

    /** @throws IllegalArgumentException when an id is not positive or the name is empty or too long */
    public AppSource {
        if (installationId <= 0 || repositoryId <= 0) {
            throw new IllegalArgumentException("installation and repository ids must be positive numbers");
        }
        Objects.requireNonNull(fullName, "fullName");
        if (fullName.isEmpty() || fullName.length() > MAX_FULL_NAME_LENGTH) {
            throw new IllegalArgumentException("a repository's full name must be 1 to " + MAX_FULL_NAME_LENGTH
                    + " characters");
        }
    }
}
