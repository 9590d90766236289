package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Branches with non-ASCII names sync end to end. Over HTTP (how a deployed sync reaches every repository) the sync's
 * own repository holds only ASCII refs, so it works even in a JVM started under {@code LC_ALL=C}, whose file names are
 * ASCII: a real child process proves it. (File repositories of the local runner are read in-process; under such a
 * locale the runner refuses to start, see the local module's LocalRunnerLocaleIT.)
 */
class NonAsciiBranchIT {

    private static final String SOURCE_BRANCH = "fix-café";
    private static final String BUILD_BRANCH = "déploiement/été";

    @TempDir
    Path tmp;

    @Test
    void sync_carriesANonAsciiBranch_inThisJvm_overFileUrls() {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        ObjectId commit = pushBranch(source);

        SyncResult result = new SyncCommand(tmp.resolve("work")).setSource(GitRepos.fileUri(source).toString(), null)
                .setSourceRef("refs/heads/" + SOURCE_BRANCH).setBuild(GitRepos.fileUri(build).toString(), null)
                .setBuildBranch(BUILD_BRANCH).setAllowFileUrls(true).call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(GitRepos.head(build, BUILD_BRANCH)).contains(commit);
    }

    @Test
    void sync_carriesANonAsciiBranch_overHttp_inAJvmStartedUnderThePosixLocale() throws Exception {
        Path repos = tmp.resolve("repos");
        Path source = GitRepos.createBare(repos.resolve("source.git"));
        Path build = GitRepos.createBare(repos.resolve("build.git"));
        ObjectId commit = pushBranch(source);
        try (GitHttpServer server = GitHttpServer.start(repos)) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // as the test JVMs run: less CPU to start
                    "-cp", System.getProperty("java.class.path"), NonAsciiSyncMain.class.getName()));
            for (String arg : List.of(tmp.resolve("work").toString(), server.url("source.git").toString(),
                    "refs/heads/" + SOURCE_BRANCH, server.url("build.git").toString(), BUILD_BRANCH)) {
                command.add(URLEncoder.encode(arg, StandardCharsets.UTF_8));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().remove("LANG");
            builder.environment().remove("LC_CTYPE");
            builder.environment().put("LC_ALL", "C");
            Process child = builder.start();
            String output = readAll(child);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(output).contains("status CREATED " + commit.name() + " jnu ANSI_X3.4-1968");
            assertThat(child.exitValue()).isZero();
            assertThat(GitRepos.head(build, BUILD_BRANCH)).contains(commit);
        }
    }

    private ObjectId pushBranch(Path source) {
        try (WorkingClone clone = GitRepos.cloneOf(source, tmp.resolve("developer-" + System.nanoTime()))) {
            clone.checkout(SOURCE_BRANCH);
            ObjectId commit = clone.commit(Map.of("README.md", "non-ASCII branch\n"), "on " + SOURCE_BRANCH);
            clone.push(SOURCE_BRANCH);
            return commit;
        }
    }

    private static String readAll(Process child) throws IOException {
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
