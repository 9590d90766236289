package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.hook.AppSource;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.LastSync;
import io.gitbridge.net.SecretForms;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs of a hook in GitHub App mode against JGit's smart-HTTP server that accepts only the current installation token
 * of the GitHub App stand-in, with the app and the hook in DynamoDB Local: tokens are minted, reused, re-minted after
 * expiry and after revocation, and an uninstalled, suspended or shrunk installation fails the sync for good.
 */
class GitHookSyncerGitHubAppIT {

    private static final long INSTALLATION = 31;
    private static final long WIDGETS_ID = 7001;
    private static final AppSource WIDGETS = new AppSource(INSTALLATION, WIDGETS_ID, "acme/widgets");

    @TempDir
    Path tmp;

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final MovingClock clock = new MovingClock(Instant.now());
    private final List<RetryClass> failures = new ArrayList<>();
    private GitHubAppStandIn github;
    private GitHttpServer server;
    private GitHubAppStore store;
    private DynamoHookRepository hooks;
    private SyncService service;
    private WorkingClone developer;
    private Path build;
    private Hook hook;

    @BeforeEach
    void start() {
        github = GitHubAppStandIn.start().clock(clock);
        github.install(INSTALLATION, "acme", "Organization").repository(WIDGETS_ID, "acme/widgets")
                .repository(7002, "acme/gadgets");
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("acme/widgets.git"));
        build = GitRepos.createBare(tmp.resolve("build.git"));
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
        server = GitHttpServer.startWithInstallationTokens(repos, github);

        TokenCipher cipher = LocalKeyTokenCipher.inDirectory(tmp.resolve("keys"));
        String appTable = aws.uniqueName("github-app");
        Provisioning.createGitHubAppTable(aws.dynamoDb(), appTable);
        store = new DynamoGitHubAppStore(aws.dynamoDb(), appTable, cipher);
        store.putApp(new GitHubApp(github.appId(), github.clientId(), github.slug(), github.name(), github.owner(),
                "127.0.0.1", github.apiUrl(), "app-webhook-secret"), github.privateKeyPkcs8Pem(), clock.instant());
        store.putInstallation(new Installation(INSTALLATION, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(), false, false, clock.instant().minusSeconds(60)));
        String hookTable = aws.uniqueName("hooks");
        Provisioning.createHooksTable(aws.dynamoDb(), hookTable);
        hooks = new DynamoHookRepository(aws.dynamoDb(), hookTable, cipher);
        hook = TestHooks.hook("hk_appmodeappmodeappmodeappmo", server.url("acme/widgets.git").toString(), null,
                GitRepos.fileUri(build).toString(), null).toBuilder().appSource(WIDGETS).build();
        hooks.create(hook);

        GitHookSyncer syncer = new GitHookSyncer(Providers.standard(), tmp.resolve("work"), true, clock)
                .withGitHubApp(InstallationTokens.fromStore(store, clock));
        service = new SyncService(hooks, new InMemoryDeliveryLog(), syncer, clock,
                (retryClass, reason) -> failures.add(retryClass));
    }

    @AfterEach
    void stop() {
        developer.close();
        server.close();
        github.close();
    }

    private ObjectId push(String file) {
        ObjectId commit = developer.commit(Map.of(file, file + "\n"), "add " + file);
        developer.push("main");
        return commit;
    }

    private SyncService.Outcome sync(ObjectId commit) {
        return service.sync(new SyncRequest(hook.id(), "d-" + commit.name(), commit.name(), "refs/heads/main"));
    }

    private LastSync lastSync() {
        return hooks.find(hook.id()).orElseThrow().lastSync();
    }

    @Test
    void firstSyncMints_aTokenLimitedToTheRepository_secondSyncReusesIt() {
        ObjectId first = push("a.txt");

        assertThat(sync(first)).isEqualTo(SyncService.Outcome.SYNCED);
        ObjectId second = push("b.txt");
        assertThat(sync(second)).isEqualTo(SyncService.Outcome.SYNCED);

        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(second);
        assertThat(github.grants(INSTALLATION)).singleElement().satisfies(grant -> {
            assertThat(grant.repositoryIds()).containsExactly(WIDGETS_ID);
            assertThat(grant.permissions()).isEqualTo(Map.of("contents", "read"));
        });
        assertThat(github.calls().get(0).json().toString())
                .isEqualTo("{\"repository_ids\":[7001],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(Set.copyOf(server.authenticatedUsers())).containsExactly("x-access-token");
        assertThat(server.rejectedUsers()).isEmpty();
    }

    @Test
    void afterTheTokenExpires_theNextSyncMintsANewOne() {
        github.tokenLifetime(Duration.ofMinutes(10));
        assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.SYNCED);

        clock.advance(Duration.ofMinutes(11));
        ObjectId second = push("b.txt");

        assertThat(sync(second)).isEqualTo(SyncService.Outcome.SYNCED);
        assertThat(github.grants(INSTALLATION)).hasSize(2);
        assertThat(server.rejectedUsers()).isEmpty();
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(second);
    }

    @Test
    void withinFiveMinutesOfExpiry_theTokenIsAlreadyReplaced() {
        github.tokenLifetime(Duration.ofMinutes(10));
        assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.SYNCED);

        clock.advance(Duration.ofMinutes(6));

        assertThat(sync(push("b.txt"))).isEqualTo(SyncService.Outcome.SYNCED);
        assertThat(github.grants(INSTALLATION)).hasSize(2);
    }

    @Test
    void aRevokedToken_isRejectedOnce_reMinted_andTheSyncSucceeds() {
        assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.SYNCED);
        github.revokeToken(INSTALLATION);
        ObjectId second = push("b.txt");

        assertThat(sync(second)).isEqualTo(SyncService.Outcome.SYNCED);

        assertThat(github.grants(INSTALLATION)).hasSize(2);
        assertThat(server.rejectedUsers()).containsExactly("x-access-token");
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(second);
        assertThat(failures).isEmpty();
    }

    @Test
    void uninstalledApp_failsPermanently_withThatReasonOnTheHook_andMarksTheInstallation() {
        assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.SYNCED);
        github.installation(INSTALLATION).uninstall();
        clock.advance(Duration.ofSeconds(1));

        assertThat(sync(push("b.txt"))).isEqualTo(SyncService.Outcome.FAILED);

        assertThat(failures).containsExactly(RetryClass.PERMANENT);
        assertThat(lastSync().status()).isEqualTo(LastSync.Status.FAILED);
        assertThat(lastSync().error()).startsWith("the GitHub App was uninstalled (installation 31 of the GitHub App"
                + " is gone), so it cannot read acme/widgets").doesNotContain("rejected the token");
        assertThat(store.installation(INSTALLATION).orElseThrow().deleted()).isTrue();
    }

    @Test
    void suspendedInstallation_failsPermanently_withThatReason() {
        github.installation(INSTALLATION).suspended(true);

        assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.FAILED);

        assertThat(failures).containsExactly(RetryClass.PERMANENT);
        assertThat(lastSync().error()).isEqualTo("installation 31 of the GitHub App is suspended, so it cannot read"
                + " acme/widgets: unsuspend it on GitHub");
        assertThat(store.installation(INSTALLATION).orElseThrow().suspended()).isTrue();
    }

    @Test
    void repositoryRemovedFromTheInstallation_failsPermanently_withThatReason() {
        github.installation(INSTALLATION).removeRepository(WIDGETS_ID);

        assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.FAILED);

        assertThat(failures).containsExactly(RetryClass.PERMANENT);
        assertThat(lastSync().error()).startsWith("acme/widgets was removed from installation 31 of the GitHub App");
    }

    @Test
    void gitHubUnavailable_whenMinting_isTransient() {
        github.failNext(502, "{\"message\":\"bad gateway\"}", Map.of());

        assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.FAILED);

        assertThat(failures).containsExactly(RetryClass.TRANSIENT);
    }

    @Test
    void theInstallationToken_neverReachesTheRecordedErrorOrTheLog_inAnyEncoding() {
        server.echoAuthorization();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        PrintStream out = System.out;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try {
            assertThat(sync(push("a.txt"))).isEqualTo(SyncService.Outcome.FAILED);
        } finally {
            System.setErr(err);
            System.setOut(out);
        }

        String token = github.grants(INSTALLATION).get(0).token();
        String log = captured.toString(StandardCharsets.UTF_8);
        String error = lastSync().error();
        assertThat(error).contains("***");
        for (String form : SecretForms.of("x-access-token", token)) {
            assertThat(error).doesNotContain(form);
            assertThat(log).doesNotContain(form);
        }
    }
}
