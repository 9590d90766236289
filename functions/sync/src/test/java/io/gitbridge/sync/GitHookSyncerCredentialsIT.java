package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.hook.Hook;
import io.gitbridge.provider.Providers;
import io.gitbridge.sync.SyncResult.Status;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each provider's token reaches a private source the way that provider's git server takes it. */
class GitHookSyncerCredentialsIT {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    @Test
    void gogsToken_goesAsTheUserName() {
        assertSyncsAs("gogs", TOKEN, "x-oauth-basic");
    }

    @Test
    void gitlabToken_goesAsThePasswordOfOauth2() {
        assertSyncsAs("gitlab", "oauth2", TOKEN);
    }

    @Test
    void buildToken_goesAsThePasswordOfXAccessToken() {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("source.git"));
        ObjectId commit = commit(source);
        try (GitHttpServer server = GitHttpServer.startWithBasicAuth(repos, GitHookSyncer.BUILD_USER, TOKEN)) {
            GitRepos.createBare(repos.resolve("build.git"));
            Hook hook = TestHooks.hook("hk_buildbuildbuildbuildbuildbu", GitRepos.fileUri(source).toString(), null,
                    server.url("build.git").toString(), TOKEN);
            SyncResult result = new GitHookSyncer(Providers.standard(), tmp.resolve("work"), true, Clock.systemUTC())
                    .sync(hook, new SyncRequest(hook.id(), "d1", commit.name(), "refs/heads/main"));

            assertThat(result.status()).isEqualTo(Status.CREATED);
            assertThat(server.authenticatedUsers()).containsOnly(GitHookSyncer.BUILD_USER);
        }
    }

    private void assertSyncsAs(String provider, String username, String password) {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        ObjectId commit = commit(source);
        try (GitHttpServer server = GitHttpServer.startWithBasicAuth(repos, username, password)) {
            Hook hook = TestHooks.hook("hk_credcredcredcredcredcredcr", server.url("source.git").toString(), TOKEN,
                    GitRepos.fileUri(build).toString(), null).toBuilder().provider(provider).build();

            SyncResult result = new GitHookSyncer(Providers.standard(), tmp.resolve("work"), true, Clock.systemUTC())
                    .sync(hook, new SyncRequest(hook.id(), "d1", commit.name(), "refs/heads/main"));

            assertThat(result.status()).isEqualTo(Status.CREATED);
            assertThat(server.authenticatedUsers()).containsOnly(username);
            assertThat(GitRepos.requireHead(build, "main")).isEqualTo(commit);
        }
    }

    private ObjectId commit(Path source) {
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("developer"))) {
            ObjectId commit = clone.commit(Map.of("a.txt", "a\n"), "first");
            clone.push("main");
            return commit;
        }
    }
}
