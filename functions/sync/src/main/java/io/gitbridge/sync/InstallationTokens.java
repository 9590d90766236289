package io.gitbridge.sync;

import io.gitbridge.hook.AppSource;
import io.gitbridge.provider.github.app.AccessToken;
import io.gitbridge.provider.github.app.AccessTokenRequest;
import io.gitbridge.provider.github.app.GitHubAppAccess;
import io.gitbridge.provider.github.app.GitHubAppApi;
import io.gitbridge.provider.github.app.GitHubAppException;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation access tokens the syncs of hooks in GitHub App mode clone with (REST "Apps": "Create an installation
 * access token for an app", {@code POST /app/installations/{id}/access_tokens}), each limited to the hook's one
 * repository id and {@code contents: read}. A token is kept in memory per installation and repository and reused until
 * {@link #RENEW_BEFORE} before its {@code expires_at}; it is never logged or stored. Thread-safe.
 *
 * <p>Minting failures are {@link SyncException}s an admin can read: an uninstalled app (404), a suspended installation
 * (403) or a repository the installation no longer grants (422) are {@link RetryClass#PERMANENT} with that reason;
 * GitHub unreachable, failing or rate-limiting is {@link RetryClass#TRANSIENT}.
 */
public final class InstallationTokens {

    /** How long before its expiry a cached token is replaced, so that no clone starts with a token about to die. */
    public static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(InstallationTokens.class);

    /** Mints a new token for a hook's installation and repository. */
    @FunctionalInterface
    public interface Minter {
        /** @throws SyncException when GitHub will not mint one, saying why */
        AccessToken mint(AppSource source);
    }

    /**
     * A token to use, and whether it was minted for this lease (a rejected fresh token is not worth minting again).
     *
     * @param token the installation token
     * @param minted true when it was minted now, false when it came from the cache
     */
    public record Lease(AccessToken token, boolean minted) {
    }

    private record Key(long installationId, long repositoryId) {
    }

    private final Minter minter;
    private final Clock clock;
    private final Map<Key, AccessToken> cache = new ConcurrentHashMap<>();

    /** Tokens from {@code minter}, judged against {@code clock}. */
    public InstallationTokens(Minter minter, Clock clock) {
        this.minter = Objects.requireNonNull(minter, "minter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Tokens of the app stored in {@code store} (its private key opened with the store's cipher: the sync function's),
     * minted through GitHub's API at the app's {@code apiUrl}. An uninstalled or suspended installation learnt of this
     * way is also recorded in the store, so the hook's {@code registration.status} shows it.
     */
    public static InstallationTokens fromStore(GitHubAppStore store, Clock clock) {
        GitHubAppAccess access = new GitHubAppAccess(store, clock);
        return new InstallationTokens(source -> mint(access, clock, source), clock);
    }

    /** A token for the hook's installation and repository: the cached one while it is good, else a new one. */
    public Lease lease(AppSource source) {
        Key key = new Key(source.installationId(), source.repositoryId());
        AccessToken cached = cache.get(key);
        if (cached != null && cached.usableAt(clock.instant(), RENEW_BEFORE)) {
            return new Lease(cached, false);
        }
        AccessToken minted = minter.mint(source);
        cache.put(key, minted);
        return new Lease(minted, true);
    }

    /** Forgets {@code token} (rejected: revoked on GitHub), unless another one replaced it meanwhile. */
    public void forget(AppSource source, AccessToken token) {
        cache.remove(new Key(source.installationId(), source.repositoryId()), token);
    }

    private static AccessToken mint(GitHubAppAccess access, Clock clock, AppSource source) {
        GitHubAppApi api = access.connect().map(GitHubAppAccess.Connected::api).orElseThrow(() ->
                SyncException.permanent(new SourceUnavailableException("the hook reads " + source.fullName()
                        + " through the GitHub App, and no GitHub App is stored: PUT /github-app")));
        try {
            return api.createAccessToken(source.installationId(), AccessTokenRequest.contentsRead(source.repositoryId()));
        } catch (GitHubAppException e) {
            throw failure(access.store(), clock, source, e);
        }
    }

    private static SyncException failure(GitHubAppStore store, Clock clock, AppSource source, GitHubAppException e) {
        String installation = "installation " + source.installationId() + " of the GitHub App";
        if (e instanceof GitHubAppException.Unavailable) {
            return new SourceUnavailableException("could not get a token to read " + source.fullName() + ": "
                    + e.getMessage(), e);
        }
        if (e instanceof GitHubAppException.NotInstalled) {
            record(store, clock, source, false, true);
            return SyncException.permanent(new SourceUnavailableException("the GitHub App was uninstalled (" + installation
                    + " is gone), so it cannot read " + source.fullName() + ": install the app again on the"
                    + " repository's account and PUT the hook so it finds the new installation", e));
        }
        if (e.status() == 403) {
            record(store, clock, source, true, false);
            return SyncException.permanent(new SourceUnavailableException(installation + " is suspended, so it cannot"
                    + " read " + source.fullName() + ": unsuspend it on GitHub", e));
        }
        if (e.status() == 422) {
            return SyncException.permanent(new SourceUnavailableException(source.fullName() + " was removed from "
                    + installation + " (or the app lost Contents: read on it): add the repository to the"
                    + " installation again", e));
        }
        if (e instanceof GitHubAppException.CredentialsRejected) {
            return SyncException.permanent(new SourceUnavailableException(e.getMessage()
                    + "; store the app's current private key with PUT /github-app", e));
        }
        return SyncException.permanent(new SourceUnavailableException("could not get a token to read "
                + source.fullName() + ": " + e.getMessage(), e));
    }

    /** Records what minting learnt about the installation, when the store knows it; a failure here is only logged. */
    private static void record(GitHubAppStore store, Clock clock, AppSource source, boolean suspended,
            boolean deleted) {
        try {
            store.installation(source.installationId()).ifPresent(known -> {
                Installation updated = known.withState(suspended || known.suspended() && !deleted,
                        deleted || known.deleted(), clock.instant());
                store.putInstallation(updated);
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record the state of installation {}: {}", source.installationId(), e.toString());
        }
    }
}
