package io.gitbridge.provider.github.app;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The stored app and a client of GitHub's Apps endpoints signed with its key: what the functions that act as the app
 * (hooks, sync) start from. The key is opened once per stored version of the app (its {@code updatedAt}) and the JWT
 * reused while valid ({@link AppJwt}); every call still reads the app's item, so a replaced app is used at once.
 * Thread-safe.
 */
public final class GitHubAppAccess {

    private final GitHubAppStore store;
    private final Clock clock;
    private Instant openedVersion;
    private Connected opened;

    /**
     * @param store the app's store, with a cipher that can open the key
     * @param clock tells the time for the JWT
     */
    public GitHubAppAccess(GitHubAppStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The app and its API client.
     *
     * @param app the stored app
     * @param api its client, calling {@link GitHubApp#apiUrl()} with a JWT whose {@code iss} is {@link GitHubApp#issuer()}
     */
    public record Connected(GitHubApp app, GitHubAppApi api) {
    }

    /**
     * The stored app and its client; empty when no app is stored.
     *
     * @throws IllegalStateException when the store cannot open the key (no cipher)
     */
    public synchronized Optional<Connected> connect() {
        Optional<GitHubAppStore.StoredApp> stored = store.app();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (opened == null || !stored.get().updatedAt().equals(openedVersion)
                || !stored.get().app().equals(opened.app())) {
            Optional<AppPrivateKey> key = store.privateKey();
            if (key.isEmpty()) {
                return Optional.empty();
            }
            GitHubApp app = stored.get().app();
            opened = new Connected(app, new GitHubAppApi(app.apiUrl(), AppJwt.forApp(app, key.get(), clock)));
            openedVersion = stored.get().updatedAt();
        }
        return Optional.of(opened);
    }

    /** The store this access reads. */
    public GitHubAppStore store() {
        return store;
    }
}
