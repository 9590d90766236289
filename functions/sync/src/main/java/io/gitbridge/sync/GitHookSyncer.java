package io.gitbridge.sync;

import io.gitbridge.hook.AppSource;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.LastSync;
import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.provider.GitCredentials;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.github.app.AccessToken;
import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.sync.internal.GitLfs;
import io.gitbridge.sync.internal.WorkRepositories;
import io.gitbridge.sync.store.WorkRepositoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The {@link HookSyncer} that runs a {@link SyncCommand} with the hook's credentials, in a work repository
 * of the hook's own under one root directory. The source token goes out the way the hook's provider takes it
 * ({@link WebhookProvider#cloneCredentials}); the build token as the password of user {@value #BUILD_USER}, which
 * hosts that take tokens as passwords accept. A hook in GitHub App mode clones with an installation token
 * ({@link InstallationTokens}) as the password of user {@value AccessToken#GIT_USER}; when the source rejects a cached
 * token (revoked), a new one is minted and the sync tried once more.
 */
public final class GitHookSyncer implements HookSyncer {

    /** The user name that goes with a build repository token. */
    static final String BUILD_USER = "x-access-token";

    private static final Pattern SAFE_DIRECTORY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Providers providers;
    private final Path workRoot;
    private final UrlPolicy urlPolicy;
    private final Clock clock;
    private final WorkRepositories work;
    private final WorkRepositoryStore store;
    private final Optional<InstallationTokens> appTokens;

    /**
     * @param workRoot where each hook's work repository lives, as {@code workRoot/<hook id>-<url hash>}
     * @param allowFileUrls true for the local runner's URL rules, false for the deployed ones without exceptions
     * @param clock the time of merge commits
     */
    public GitHookSyncer(Providers providers, Path workRoot, boolean allowFileUrls, Clock clock) {
        this(providers, workRoot, allowFileUrls ? UrlPolicy.local(HostResolver.SYSTEM)
                : UrlPolicy.deployed(AllowedNetworks.NONE, HostResolver.SYSTEM), clock);
    }

    /** Under the local runner's (true) or the deployed URL rules, evicting and repacking as {@code work} says. */
    public GitHookSyncer(Providers providers, Path workRoot, boolean allowFileUrls, Clock clock, WorkRepositories work) {
        this(providers, workRoot, allowFileUrls ? UrlPolicy.local(HostResolver.SYSTEM)
                : UrlPolicy.deployed(AllowedNetworks.NONE, HostResolver.SYSTEM), clock, work);
    }

    /**
     * @param workRoot where each hook's work repository lives, as {@code workRoot/<hook id>-<url hash>}
     * @param urlPolicy where syncs may connect
     * @param clock the time of merge commits
     */
    public GitHookSyncer(Providers providers, Path workRoot, UrlPolicy urlPolicy, Clock clock) {
        this(providers, workRoot, urlPolicy, clock, WorkRepositories.fromEnvironment(workRoot, System.getenv()));
    }

    /** Also evicting and repacking work repositories as {@code work} says. */
    public GitHookSyncer(Providers providers, Path workRoot, UrlPolicy urlPolicy, Clock clock, WorkRepositories work) {
        this(providers, workRoot, urlPolicy, clock, work, WorkRepositoryStore.none());
    }

    /**
     * Also keeping each work repository in {@code store} after a successful sync, and restoring it from there before a
     * sync that finds none (a fresh container).
     */
    public GitHookSyncer(Providers providers, Path workRoot, UrlPolicy urlPolicy, Clock clock, WorkRepositories work,
            WorkRepositoryStore store) {
        this(providers, workRoot, urlPolicy, clock, work, store, Optional.empty());
    }

    private GitHookSyncer(Providers providers, Path workRoot, UrlPolicy urlPolicy, Clock clock, WorkRepositories work,
            WorkRepositoryStore store, Optional<InstallationTokens> appTokens) {
        this.appTokens = appTokens;
        this.providers = providers;
        this.workRoot = workRoot;
        this.urlPolicy = urlPolicy;
        this.clock = clock;
        this.work = work;
        this.store = store;
    }

    /** This syncer with {@code store} keeping its work repositories beyond the container. */
    public GitHookSyncer withStore(WorkRepositoryStore store) {
        return new GitHookSyncer(providers, workRoot, urlPolicy, clock, work, store, appTokens);
    }

    /** This syncer, reading the sources of hooks in GitHub App mode with installation tokens from {@code tokens}. */
    public GitHookSyncer withGitHubApp(InstallationTokens tokens) {
        return new GitHookSyncer(providers, workRoot, urlPolicy, clock, work, store, Optional.of(tokens));
    }

    @Override
    public SyncResult sync(Hook hook, SyncRequest request) {
        WebhookProvider provider = providers.find(hook.provider())
                .orElseThrow(() -> SyncException.permanent(new SyncException("the hook's provider '" + hook.provider() + "' is not supported")));
        Path workDir = workDir(hook);
        work.makeRoom(workDir);
        if (hook.appSource() != null) {
            return syncInAppMode(hook, request, workDir);
        }
        SyncCommand command = command(hook, request, workDir, hook.sourceToken().map(provider::cloneCredentials));
        return CachedRepository.locked(workDir, () -> {
            long started = System.nanoTime();
            store.restore(hook.id(), workDir);
            try {
                return published(hook, workDir, started, command.call());
            } finally {
                work.used(workDir);
            }
        });
    }

    /**
     * Syncs with an installation token; a cached token the source rejects (revoked on GitHub) is replaced by a new one
     * once. A rejected fresh token, or a second rejection, fails the sync for good.
     */
    private SyncResult syncInAppMode(Hook hook, SyncRequest request, Path workDir) {
        InstallationTokens tokens = appTokens.orElseThrow(() -> SyncException.permanent(new SourceUnavailableException(
                "the hook reads its source through the GitHub App, and this sync function has no GitHub App table")));
        AppSource source = hook.appSource();
        return CachedRepository.locked(workDir, () -> {
            long started = System.nanoTime();
            store.restore(hook.id(), workDir);
            try {
                InstallationTokens.Lease lease = tokens.lease(source);
                for (int attempt = 1; ; attempt++) {
                    try {
                        return published(hook, workDir, started, command(hook, request, workDir,
                                Optional.of(new GitCredentials(AccessToken.GIT_USER, lease.token().token()))).call());
                    } catch (SourceCredentialsRejectedException e) {
                        tokens.forget(source, lease.token());
                        if (lease.minted() || attempt > 1) {
                            throw rejectedAppToken(hook, e);
                        }
                        lease = tokens.lease(source);
                    }
                }
            } finally {
                work.used(workDir);
            }
        });
    }

    private static SyncException rejectedAppToken(Hook hook, SourceCredentialsRejectedException e) {
        return SyncException.permanent(new SourceUnavailableException("the source repository " + hook.appSource()
                .fullName() + " rejected a new installation token of the GitHub App; check that installation "
                + hook.appSource().installationId() + " still grants Contents: read on it", e));
    }

    /** The result, after keeping the work repository when the sync published; with the Git LFS warning if due. */
    private SyncResult published(Hook hook, Path workDir, long started, SyncResult result) {
        boolean published = result.status().pushed() || result.status() == SyncResult.Status.UP_TO_DATE;
        if (published) {
            store.save(hook.id(), workDir, started);
        }
        return published && GitLfs.usedBy(workDir, result.sourceCommit())
                ? result.withWarning(GitLfs.WARNING) : result;
    }

    private SyncCommand command(Hook hook, SyncRequest request, Path workDir, Optional<GitCredentials> source) {
        return new SyncCommand(workDir)
                .setSource(hook.sourceRepo(), credentials(source))
                .setCommit(request.commit())
                .setSourceRef(request.ref())
                .setBuild(hook.buildRepo(), credentials(hook.buildRepoToken().map(t -> new GitCredentials(BUILD_USER, t))))
                .setBuildBranch(hook.buildBranch())
                .setDeliveryId(request.deliveryId())
                .setCommitter(new PersonIdent(SyncCommand.COMMITTER_NAME, SyncCommand.COMMITTER_EMAIL,
                        clock.instant(), ZoneOffset.UTC))
                .setUrlPolicy(urlPolicy)
                .setMergeMode(hook.mergeMode())
                .setLastSynced(lastSynced(hook));
    }

    /** The source commit the hook's build branch held after its last successful sync, as recorded; null when unknown. */
    private static String lastSynced(Hook hook) {
        LastSync last = hook.lastSync();
        return last != null && last.status().succeeded() ? last.commit() : null;
    }

    /**
     * Deletes every work repository of hook {@code hookId} under {@code workRoot} (one per pair of repository URLs
     * it has had), each once no sync of this process works in it; for a hook that was deleted.
     *
     * @throws UncheckedIOException when a repository cannot be deleted
     */
    public static void deleteWorkRepositories(Path workRoot, String hookId) {
        if (!SAFE_DIRECTORY_NAME.matcher(hookId).matches() || !Files.isDirectory(workRoot)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> entries = Files.list(workRoot)) {
            dirs = entries.filter(dir -> dir.getFileName().toString().startsWith(hookId + "-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path dir : dirs) {
            CachedRepository.locked(dir, () -> {
                try {
                    CachedRepository.delete(dir);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * The hook's work repository. Its name also depends on both repository URLs, so after an admin points the
     * hook elsewhere no object fetched from the old repositories can stand in for a commit of the new ones.
     */
    private Path workDir(Hook hook) {
        if (!SAFE_DIRECTORY_NAME.matcher(hook.id()).matches()) {
            throw SyncException.permanent(new SyncException("hook id is not usable as a directory name"));
        }
        byte[] digest = sha256(hook.sourceRepo() + "\n" + hook.buildRepo());
        return workRoot.resolve(hook.id() + "-" + HexFormat.of().formatHex(digest, 0, 6));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static CredentialsProvider credentials(Optional<GitCredentials> credentials) {
        return credentials.filter(c -> !c.password().isEmpty())
                .<CredentialsProvider>map(c -> new UsernamePasswordCredentialsProvider(c.username(), c.password()))
                .orElse(null);
    }
}
