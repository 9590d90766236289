package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitbridge.hook.Hook;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which failures the sync marks permanent (the admin must act) and which transient, over real HTTP git. */
class SyncRetryClassIT {

    private static final String USER = "x-access-token";
    private static final String TOKEN = "ghs_0123456789abcdefRETRY";
    private static final String WRONG_TOKEN = "ghs_wrongwrongwrongRETRY";
    private static final String HOOK_ID = "hk_retryclassretryclassretr";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private GitHttpServer server;
    private WorkingClone developer;
    private GitHookSyncer syncer;
    private ObjectId commit;

    @BeforeEach
    void startServer() {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("source.git"));
        GitRepos.createBare(repos.resolve("build.git"));
        server = GitHttpServer.startWithBasicAuth(repos, USER, TOKEN);
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
        commit = developer.commit(Map.of("README.md", "hello\n"), "first");
        developer.push("main");
        syncer = new GitHookSyncer(Providers.standard(), tmp.resolve("work"), true, CLOCK);
    }

    @AfterEach
    void stopServer() {
        developer.close();
        server.close();
    }

    @Test
    void rejectedSourceToken_isPermanent() {
        assertThat(failure(hook(url("source.git"), WRONG_TOKEN, url("build.git"), TOKEN), commit.name()))
                .isInstanceOf(SourceUnavailableException.class)
                .extracting(SyncException::retryClass).isEqualTo(RetryClass.PERMANENT);
    }

    @Test
    void rejectedBuildToken_isPermanent() {
        assertThat(failure(hook(url("source.git"), TOKEN, url("build.git"), WRONG_TOKEN), commit.name()))
                .isInstanceOf(BuildRepositoryUnavailableException.class)
                .extracting(SyncException::retryClass).isEqualTo(RetryClass.PERMANENT);
    }

    @Test
    void missingSourceRepository_isPermanent() {
        assertThat(failure(hook(url("missing.git"), TOKEN, url("build.git"), TOKEN), commit.name()))
                .isInstanceOf(SourceUnavailableException.class)
                .extracting(SyncException::retryClass).isEqualTo(RetryClass.PERMANENT);
    }

    @Test
    void missingCommit_isNoFailureAtAll_butSuperseded() {
        // A commit the source cannot provide was rewritten away (or never existed): a result, never retried.
        SyncResult result = syncer.sync(hook(url("source.git"), TOKEN, url("build.git"), TOKEN),
                new SyncRequest(HOOK_ID, "d1", "0123456789abcdef0123456789abcdef01234567", "refs/heads/main"));

        assertThat(result.status()).isEqualTo(SyncResult.Status.SUPERSEDED);
    }

    @Test
    void missingBranch_isPermanent() {
        Hook hook = hook(url("source.git"), TOKEN, url("build.git"), TOKEN);
        SyncException failure = catchThrowableOfType(SyncException.class,
                () -> syncer.sync(hook, SyncRequest.headOf(HOOK_ID, "d1", "refs/heads/no-such-branch")));
        assertThat(failure).isInstanceOf(SourceUnavailableException.class)
                .extracting(SyncException::retryClass).isEqualTo(RetryClass.PERMANENT);
    }

    @Test
    void pushRefusedByAServerRule_isPermanent() {
        server.refusePushes("protected branch hook declined");

        assertThat(failure(hook(url("source.git"), TOKEN, url("build.git"), TOKEN), commit.name()))
                .isInstanceOf(BuildRepositoryRejectedException.class)
                .extracting(SyncException::retryClass).isEqualTo(RetryClass.PERMANENT);
    }

    @Test
    void fileUrlOnADeployedFunction_isPermanent() {
        syncer = new GitHookSyncer(Providers.standard(), tmp.resolve("deployed-work"), false, CLOCK);

        assertThat(failure(hook("file:///srv/git/source.git", TOKEN, url("build.git"), TOKEN), commit.name()))
                .isInstanceOf(UrlNotAllowedException.class)
                .extracting(SyncException::retryClass).isEqualTo(RetryClass.PERMANENT);
    }

    @Test
    void unreachableSource_isTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(failure(hook("http://127.0.0.1:" + closedPort + "/source.git", TOKEN, url("build.git"), TOKEN),
                commit.name()))
                .isInstanceOf(SourceUnavailableException.class)
                .extracting(SyncException::retryClass).isEqualTo(RetryClass.TRANSIENT);
    }

    private SyncException failure(Hook hook, String commitId) {
        SyncException failure = catchThrowableOfType(SyncException.class,
                () -> syncer.sync(hook, new SyncRequest(HOOK_ID, "d1", commitId, "refs/heads/main")));
        assertThat(failure).as("the sync fails").isNotNull();
        return failure;
    }

    private String url(String repo) {
        return server.url(repo).toString();
    }

    private static Hook hook(String source, String token, String build, String buildToken) {
        return TestHooks.hook(HOOK_ID, source, token, build, buildToken);
    }
}
