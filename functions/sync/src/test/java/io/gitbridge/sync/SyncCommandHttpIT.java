package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.LastSync;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs over smart HTTP against a JGit server that requires Basic auth, as a private GitHub repository does:
 * through {@link GitHookSyncer} for the hook's tokens and provider user name, and through {@link SyncCommand}
 * for what only a server can show (no push when up to date, a concurrent push losing nothing).
 */
class SyncCommandHttpIT {

    private static final String USER = "x-access-token";
    private static final String TOKEN = "ghs_0123456789abcdefSECRET";
    private static final String WRONG_TOKEN = "ghs_wrongwrongwrongWRONG";
    private static final String HOOK_ID = "hk_httphttphttphttphttphttp";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path source;
    private Path build;
    private GitHttpServer server;
    private WorkingClone developer;
    private GitHookSyncer syncer;

    @BeforeEach
    void startServer() {
        Path repos = tmp.resolve("repos");
        source = GitRepos.createBare(repos.resolve("source.git"));
        build = GitRepos.createBare(repos.resolve("build.git"));
        server = GitHttpServer.startWithBasicAuth(repos, USER, TOKEN);
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
        syncer = new GitHookSyncer(Providers.standard(), tmp.resolve("work"), true, CLOCK);
    }

    @AfterEach
    void stopServer() {
        developer.close();
        server.close();
    }

    @Test
    void sync_fetchesAPrivateSource_withTheTokenAndTheProvidersCloneUsername() {
        ObjectId c1 = pushSource(Map.of("README.md", "private\n"), "first");

        SyncResult result = syncer.sync(hook(TOKEN, TOKEN), request(c1));

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(GitRepos.head(build, "main")).contains(c1);
        assertThat(GitRepos.branchTree(build, "main")).isEqualTo(GitRepos.treeOf(source, c1));
        assertThat(server.authenticatedUsers()).isNotEmpty().containsOnly(USER);
        assertThat(server.rejectedUsers()).isEmpty();
    }

    @Test
    void sync_throwsSourceUnavailable_withoutRevealingTheToken_whenTheSourceRejectsIt() {
        ObjectId c1 = pushSource(Map.of("README.md", "private\n"), "first");

        assertThatThrownBy(() -> syncer.sync(hook(WRONG_TOKEN, TOKEN), request(c1)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("the source repository " + server.url("source.git")
                        + " rejected the token; check the hook's token")
                .hasCauseInstanceOf(TransportException.class)
                .message().doesNotContain(WRONG_TOKEN).doesNotContain(TOKEN);
        assertThat(server.rejectedUsers()).as("a rejected token is sent once, not retried").containsExactly(USER);
        assertThat(GitRepos.head(build, "main")).isEmpty();
    }

    @Test
    void sync_throwsSourceUnavailable_whenAPrivateSourceGetsNoToken() {
        ObjectId c1 = pushSource(Map.of("README.md", "private\n"), "first");

        assertThatThrownBy(() -> syncer.sync(hook(null, TOKEN), request(c1)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("the source repository " + server.url("source.git") + " requires credentials, and none are set");
    }

    @Test
    void sync_throwsBuildRepositoryUnavailable_whenTheBuildRepositoryRejectsItsToken() {
        ObjectId c1 = pushSource(Map.of("README.md", "private\n"), "first");

        assertThatThrownBy(() -> syncer.sync(hook(TOKEN, WRONG_TOKEN), request(c1)))
                .isInstanceOf(BuildRepositoryUnavailableException.class)
                .hasMessage("the build repository " + server.url("build.git")
                        + " rejected the token; check the hook's buildToken")
                .message().doesNotContain(WRONG_TOKEN);
    }

    @Test
    void call_keepsCredentialsOutOfMessages_whenTheUrlCarriesThem() {
        ObjectId c1 = pushSource(Map.of("README.md", "private\n"), "first");
        String withUserInfo = "http://" + USER + ":" + WRONG_TOKEN + "@127.0.0.1:" + server.url("x").getPort()
                + "/source.git";

        assertThatThrownBy(() -> command(c1).setSource(withUserInfo, null).call())
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("the source repository " + server.url("source.git")
                        + " rejected the token; check the hook's token")
                .message().doesNotContain(WRONG_TOKEN).doesNotContain(USER + ":");
        assertThat(server.rejectedUsers()).containsExactly(USER);
    }

    @Test
    void call_pushesNothing_whenTheBuildBranchIsUpToDate() {
        ObjectId c1 = pushSource(Map.of("README.md", "v1\n"), "first");
        command(c1).call();
        assertThat(server.pushes()).isEqualTo(1);
        long pushRequests = server.requests().stream().filter(r -> r.contains("receive-pack")).count();

        SyncResult again = command(c1).call();

        assertThat(again.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(server.pushes()).isEqualTo(1);
        assertThat(server.requests()).filteredOn(r -> r.contains("receive-pack")).hasSize((int) pushRequests);
    }

    @Test
    void call_doesNotOverwriteAConcurrentChange_ofTheBuildBranch() {
        ObjectId c1 = pushSource(Map.of("README.md", "v1\n"), "first");
        command(c1).call();
        ObjectId concurrent;
        try (WorkingClone platform = GitRepos.cloneOf(build, tmp.resolve("platform"))) {
            platform.checkout("other");
            concurrent = platform.commit(Map.of("platform.txt", "pushed meanwhile\n"), "concurrent change");
            platform.push("other");
        }
        ObjectId c2 = pushSource(Map.of("README.md", "v2\n"), "second");
        server.beforeNextReceivePack(() -> GitRepos.setBranch(build, "main", concurrent));

        assertThatThrownBy(() -> command(c2).call())
                .isInstanceOf(BuildRepositoryRejectedException.class)
                .hasMessage("the build repository " + server.url("build.git") + " refused the push to branch main"
                        + " (invalid old id sent); if the branch changed during the sync, the retry reads it again");
        assertThat(GitRepos.head(build, "main")).contains(concurrent);

        SyncResult retried = command(c2).call();

        assertThat(retried.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(GitRepos.parents(build, retried.buildHead())).containsExactly(concurrent, c2);
        assertThat(GitRepos.files(build, retried.buildHead()))
                .isEqualTo(Map.of("README.md", "v2\n", "platform.txt", "pushed meanwhile\n"));
    }

    @Test
    void call_saysTheBuildRepositoryRefusedThePush_withItsReason_whenARuleDeclinesIt() {
        ObjectId c1 = pushSource(Map.of("README.md", "v1\n"), "first");
        server.refusePushes("protected branch hook declined");

        assertThatThrownBy(() -> command(c1).call())
                .isInstanceOf(BuildRepositoryRejectedException.class)
                .hasMessage("the build repository " + server.url("build.git")
                        + " refused the push to branch main (protected branch hook declined)")
                .message().doesNotContain(TOKEN);
        assertThat(GitRepos.head(build, "main")).isEmpty();
    }

    @Test
    void sync_recordsThePlainWordsError_onTheHookAndTheDelivery_forEachFailureAnAdminCanFix() {
        ObjectId c1 = pushSource(Map.of("README.md", "v1\n"), "first");
        InMemoryHookRepository hooks = new InMemoryHookRepository();
        InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();
        SyncService service = new SyncService(hooks, deliveries, syncer, CLOCK);
        Instant now = CLOCK.instant();
        String sourceUrl = server.url("source.git").toString();
        String buildUrl = server.url("build.git").toString();

        hooks.create(hook(WRONG_TOKEN, TOKEN));
        deliveries.recordQueued(Delivery.queued(HOOK_ID, "d-token", "d-token", now, "push",
                c1.name(), "refs/heads/main"));
        service.sync(new SyncRequest(HOOK_ID, "d-token", c1.name(), "refs/heads/main"));
        String rejectedToken = "the source repository " + sourceUrl + " rejected the token; check the hook's token";
        assertThat(hooks.lastSync(HOOK_ID)).contains(new LastSync(LastSync.Status.FAILED, c1.name(), now, rejectedToken));
        assertThat(deliveries.sync(HOOK_ID, "d-token")).contains(
                new LastSync(LastSync.Status.FAILED, c1.name(), now, rejectedToken));

        Hook tokenRejected = hooks.find(HOOK_ID).orElseThrow();
        hooks.update(tokenRejected, tokenRejected.toBuilder().token(TOKEN).branch("release").build());
        service.sync(SyncRequest.headOf(HOOK_ID, "sync_1", "refs/heads/release"));
        assertThat(hooks.lastSync(HOOK_ID).orElseThrow().error()).isEqualTo(
                "branch release was not found on the source repository " + sourceUrl + "; check the hook's branch");
        assertThat(hooks.lastSync(HOOK_ID).orElseThrow().commit()).isNull();

        server.refusePushes("protected branch hook declined");
        service.sync(new SyncRequest(HOOK_ID, "d-push", c1.name(), "refs/heads/main"));
        assertThat(hooks.lastSync(HOOK_ID).orElseThrow().error()).isEqualTo(
                "the build repository " + buildUrl + " refused the push to branch main (protected branch hook declined)");

        Hook failing = hooks.find(HOOK_ID).orElseThrow();
        assertThat(failing.consecutiveFailures()).isEqualTo(3);
        assertThat(failing.lastSync().error()).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
    }

    @Test
    void call_isNotOnBranch_andPushesNothing_whenTheCommitIsOnlyOnAnotherBranch() {
        pushSource(Map.of("README.md", "base\n"), "base");
        developer.checkout("ci-only");
        ObjectId elsewhere = developer.commit(Map.of("ci.txt", "x\n"), "only on another branch");
        developer.push("ci-only");

        SyncResult result = command(elsewhere).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.NOT_ON_BRANCH);
        assertThat(result.reason()).startsWith("commit " + elsewhere.name() + " is not on branch main of the source"
                + " repository " + server.url("source.git") + " (it is only on another ref");
        assertThat(GitRepos.head(build, "main")).isEmpty();
        assertThat(server.pushes()).isZero();
    }

    @Test
    void call_isSuperseded_whenTheSourceCannotProvideTheCommit() {
        pushSource(Map.of("README.md", "base\n"), "base");
        ObjectId missing = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");

        SyncResult result = command(missing).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.SUPERSEDED);
        assertThat(result.reason()).isEqualTo("commit " + missing.name() + " is not on branch main and the source"
                + " repository " + server.url("source.git") + " no longer has it: the branch was rewritten (force push"
                + " or reset) and the commit removed, or it never was there; nothing was published");
        assertThat(server.pushes()).isZero();
    }

    @Test
    void call_reusesTheWorkRepository_overHttp() {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            files.put("src/file" + i + ".txt", ("line " + i + "\n").repeat(50));
        }
        ObjectId c1 = pushSource(files, "first");
        long first = timed(() -> command(c1).call());
        ObjectId c2 = pushSource(Map.of("src/file0.txt", "changed\n"), "second");
        long warm = timed(() -> command(c2).call());
        ObjectId c3 = pushSource(Map.of("src/file1.txt", "changed\n"), "third");
        long upToDateCheck = timed(() -> command(c3).call());
        long upToDate = timed(() -> command(c3).call());
        System.out.printf("SyncCommandHttpIT timing (http + Basic auth, 200 files): first %d ms, warm cache %d ms, "
                + "warm again %d ms, up to date %d ms%n", first, warm, upToDateCheck, upToDate);

        assertThat(GitRepos.head(build, "main")).contains(c3);
    }

    private ObjectId pushSource(Map<String, String> files, String message) {
        ObjectId commit = developer.commit(files, message);
        developer.push("main");
        return commit;
    }

    private Hook hook(String sourceToken, String buildToken) {
        return TestHooks.hook(HOOK_ID, server.url("source.git").toString(), sourceToken,
                server.url("build.git").toString(), buildToken);
    }

    private static SyncRequest request(ObjectId commit) {
        return new SyncRequest(HOOK_ID, "delivery-1", commit.name(), "refs/heads/main");
    }

    private SyncCommand command(ObjectId commit) {
        UsernamePasswordCredentialsProvider credentials = new UsernamePasswordCredentialsProvider(USER, TOKEN);
        return new SyncCommand(tmp.resolve("work").resolve(HOOK_ID))
                .setSource(server.url("source.git").toString(), credentials)
                .setCommit(commit.name())
                .setSourceRef("refs/heads/main")
                .setBuild(server.url("build.git").toString(), credentials)
                .setBuildBranch("main")
                .setAllowFileUrls(true);
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
