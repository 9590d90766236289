package io.gitbridge.sync;

import io.gitbridge.hook.Hook;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.WebhookProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The {@link HookSyncer} that runs a {@link SyncCommand} with the hook's credentials, in a work repository
 * of the hook's own under one root directory. Both tokens go out as HTTP Basic passwords with the hook
 * provider's {@link WebhookProvider#cloneUsername() clone user name}.
 */
public final class GitHookSyncer implements HookSyncer {

    private static final Pattern SAFE_DIRECTORY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Providers providers;
    private final Path workRoot;
    private final boolean allowFileUrls;
    private final Clock clock;

    /**
     * @param workRoot where each hook's work repository lives, as {@code workRoot/<hook id>-<url hash>}
     * @param allowFileUrls whether {@code file://} repositories are accepted (the local runner only)
     * @param clock the time of merge commits
     */
    public GitHookSyncer(Providers providers, Path workRoot, boolean allowFileUrls, Clock clock) {
        this.providers = providers;
        this.workRoot = workRoot;
        this.allowFileUrls = allowFileUrls;
        this.clock = clock;
    }

    @Override
    public SyncResult sync(Hook hook, SyncRequest request) {
        WebhookProvider provider = providers.find(hook.provider())
                .orElseThrow(() -> new SyncException("the hook's provider '" + hook.provider() + "' is not supported"));
        String user = provider.cloneUsername();
        return new SyncCommand(workDir(hook))
                .setSource(hook.sourceRepo(), credentials(user, hook.sourceToken()))
                .setCommit(request.commit())
                .setSourceRef(request.ref())
                .setBuild(hook.buildRepo(), credentials(user, hook.buildRepoToken()))
                .setBuildBranch(hook.buildBranch())
                .setDeliveryId(request.deliveryId())
                .setCommitter(new PersonIdent(SyncCommand.COMMITTER_NAME, SyncCommand.COMMITTER_EMAIL,
                        clock.instant(), ZoneOffset.UTC))
                .setAllowFileUrls(allowFileUrls)
                .call();
    }

    /**
     * The hook's work repository. Its name also depends on both repository URLs, so after an admin points the
     * hook elsewhere no object fetched from the old repositories can stand in for a commit of the new ones.
     */
    private Path workDir(Hook hook) {
        if (!SAFE_DIRECTORY_NAME.matcher(hook.id()).matches()) {
            throw new SyncException("hook id is not usable as a directory name");
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

    private static CredentialsProvider credentials(String user, Optional<String> token) {
        return token.filter(t -> !t.isEmpty())
                .<CredentialsProvider>map(t -> new UsernamePasswordCredentialsProvider(user, t))
                .orElse(null);
    }
}
