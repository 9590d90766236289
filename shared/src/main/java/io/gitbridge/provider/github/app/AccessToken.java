package io.gitbridge.provider.github.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An installation access token (REST "Apps": "Create an installation access token for an app"): used as the password
 * of user {@code x-access-token} for git over HTTPS, valid until {@link #expiresAt()} (one hour after it was minted).
 * {@link #toString()} never shows the token.
 *
 * @param token the token ({@code ghs_…})
 * @param expiresAt when GitHub stops accepting it
 */
public record AccessToken(String token, Instant expiresAt) {

    /** The git user name that goes with an installation token ("Authenticating as a GitHub App installation"). */
    public static final String GIT_USER = "x-access-token";

    public AccessToken {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("an access token must not be empty");
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the token is still good at {@code now} for at least {@code margin}. */
    public boolean usableAt(Instant now, Duration margin) {
        return now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[token=***, expiresAt=" + expiresAt + "]";
    }
}
