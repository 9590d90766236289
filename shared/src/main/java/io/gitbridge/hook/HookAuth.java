package io.gitbridge.hook;

import java.util.Optional;

/**
 * How a hook reads its source repository: with the token the admin gave ({@code "auth": "token"}, the default), or
 * with installation access tokens of the GitHub App gitbridge acts as ({@code "auth": "github-app"}, GitHub only).
 */
public enum HookAuth {
    /** The hook's own {@code token} (or none, for a public repository). */
    TOKEN("token"),
    /** Installation tokens of the stored GitHub App, minted per sync; the hook has no token. */
    GITHUB_APP("github-app");

    private final String wire;

    HookAuth(String wire) {
        this.wire = wire;
    }

    /** The value in requests, answers and the table. */
    public String wire() {
        return wire;
    }

    /** The mode called {@code value}, empty for any other value. */
    public static Optional<HookAuth> fromWire(String value) {
        for (HookAuth auth : values()) {
            if (auth.wire.equals(value)) {
                return Optional.of(auth);
            }
        }
        return Optional.empty();
    }
}
