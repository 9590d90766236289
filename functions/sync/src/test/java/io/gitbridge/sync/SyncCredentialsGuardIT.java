package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.LastSync;
import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials go only where they belong, over JGit's smart-HTTP server: a redirect to another origin is refused
 * before the token could follow it, a same-origin redirect is followed, a server that echoes the credentials cannot
 * get them into the hook's record, the delivery log or the log in any encoding, and every connection goes to
 * addresses the URL policy checked right before it (a DNS answer that changes after validation reaches nothing).
 */
class SyncCredentialsGuardIT {

    private static final String USER = "x-access-token";
    /** Has characters that URL-encoding changes, so the encoded form differs from the raw one. */
    private static final String TOKEN = "ghs_S3cr3t/t0ken+with=chars";
    private static final String HOOK_ID = "hk_guardguardguardguardguard";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path source;
    private Path build;
    private GitHttpServer server;
    private WorkingClone developer;

    @BeforeEach
    void startServer() {
        Path repos = tmp.resolve("repos");
        source = GitRepos.createBare(repos.resolve("source.git"));
        build = GitRepos.createBare(repos.resolve("build.git"));
        server = GitHttpServer.startWithBasicAuth(repos, USER, TOKEN);
        developer = GitRepos.cloneOf(source, tmp.resolve("developer"));
    }

    @AfterEach
    void stopServer() {
        developer.close();
        server.close();
    }

    @Test
    void sync_refusesRedirectToAnotherOrigin_andTheOtherServerGetsNoCredentials() {
        ObjectId c1 = pushSource("first");
        Path elsewhere = tmp.resolve("elsewhere");
        GitRepos.createBare(elsewhere.resolve("source.git"));
        try (GitHttpServer other = GitHttpServer.start(elsewhere)) {
            server.redirectRepository("moved.git", other.url("source.git"));
            String moved = server.url("moved.git").toString();

            assertThatThrownBy(() -> command(c1, moved, server.url("build.git").toString()).call())
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessage("the source repository " + moved + " redirected to another host (127.0.0.1:"
                            + other.url("x").getPort() + "); gitbridge does not follow it with credentials")
                    // Only the admin can fix it: retried a few times, then dead-lettered with this reason.
                    .extracting(e -> ((SyncException) e).retryClass()).isEqualTo(RetryClass.PERMANENT);

            assertThat(other.requests()).as("the redirect is not followed at all").isEmpty();
            assertThat(other.authorizations()).isEmpty();
            assertThat(GitRepos.head(build, "main")).isEmpty();
        }
    }

    @Test
    void sync_refusesRedirectOfTheBuildRepository_whenPushing() {
        ObjectId c1 = pushSource("first");
        Path elsewhere = tmp.resolve("elsewhere");
        Path otherBuild = GitRepos.createBare(elsewhere.resolve("build.git"));
        try (GitHttpServer other = GitHttpServer.start(elsewhere)) {
            server.redirectRepository("moved-build.git", other.url("build.git"));
            String moved = server.url("moved-build.git").toString();

            assertThatThrownBy(() -> command(c1, server.url("source.git").toString(), moved).call())
                    .isInstanceOf(BuildRepositoryUnavailableException.class)
                    .hasMessage("the build repository " + moved + " redirected to another host (127.0.0.1:"
                            + other.url("x").getPort() + "); gitbridge does not follow it with credentials");
            assertThat(other.authorizations()).isEmpty();
            assertThat(GitRepos.head(otherBuild, "main")).isEmpty();
        }
    }

    @Test
    void sync_followsRedirectWithinTheSameOrigin() {
        ObjectId c1 = pushSource("first");
        server.redirectRepository("old-name.git", server.url("source.git"));

        SyncResult result = command(c1, server.url("old-name.git").toString(), server.url("build.git").toString())
                .call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(GitRepos.head(build, "main")).contains(c1);
        assertThat(server.requests()).anyMatch(r -> r.startsWith("GET /old-name.git/info/refs"))
                .anyMatch(r -> r.startsWith("GET /source.git/info/refs"));
    }

    @Test
    void sync_recordsNoEncodingOfEitherToken_whenTheServerEchoesTheCredentials() {
        ObjectId c1 = pushSource("first");
        server.echoAuthorization();
        InMemoryHookRepository hooks = new InMemoryHookRepository();
        InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();
        Hook hook = io.gitbridge.sync.TestHooks.hook(HOOK_ID, server.url("source.git").toString(), TOKEN,
                server.url("build.git").toString(), TOKEN);
        hooks.create(hook);
        deliveries.recordQueued(Delivery.queued(HOOK_ID, "d-1", "p-1", CLOCK.instant(), "push", c1.name(),
                "refs/heads/main"));
        SyncService service = new SyncService(hooks, deliveries,
                new GitHookSyncer(Providers.standard(), tmp.resolve("work"), true, CLOCK), CLOCK);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        SyncService.Outcome outcome;
        try {
            outcome = service.sync(new SyncRequest(HOOK_ID, "d-1", c1.name(), "refs/heads/main"));
        } finally {
            System.setErr(stderr);
        }

        assertThat(outcome).isEqualTo(SyncService.Outcome.FAILED);
        assertThat(server.authorizations()).as("the server did get (and echo) the credentials").isNotEmpty();
        String error = hooks.find(HOOK_ID).orElseThrow().lastSync().error();
        LastSync recorded = deliveries.find(HOOK_ID, "d-1").orElseThrow().sync();
        assertThat(error).startsWith("cannot fetch refs/heads/main from the source repository "
                + server.url("source.git") + ": ").contains("invalid credentials: Authorization: Basic ***");
        assertThat(recorded.error()).isEqualTo(error);
        for (String text : List.of(error, recorded.error(), log.toString(StandardCharsets.UTF_8))) {
            assertThat(text).isNotEmpty();
            for (String encoding : encodings(USER, TOKEN)) {
                assertThat(text).doesNotContain(encoding);
            }
        }
    }

    @Test
    void sync_connectsToTheAddressThePolicyResolved_notTheSystemResolver() {
        ObjectId c1 = pushSource("first");
        HostResolver dns = host -> {
            if (host.equals("git.internal.test")) {
                return List.of(InetAddress.getByName("127.0.0.1"));
            }
            throw new UnknownHostException(host);
        };
        int port = server.url("x").getPort();

        SyncResult result = command(c1, "http://git.internal.test:" + port + "/source.git",
                "http://git.internal.test:" + port + "/build.git")
                .setUrlPolicy(UrlPolicy.local(dns))
                .call();

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(GitRepos.head(build, "main")).contains(c1);
    }

    @Test
    void sync_refusesANameThatResolvesToLoopback_underTheDeployedRules_beforeConnecting() throws Exception {
        ObjectId c1 = pushSource("first");
        HostResolver dns = host -> List.of(InetAddress.getByName("127.0.0.1"));

        assertThatThrownBy(() -> command(c1, "https://git.example.com/source.git", "https://git.example.com/build.git")
                .setUrlPolicy(UrlPolicy.deployed(AllowedNetworks.NONE, dns))
                .call())
                .isInstanceOf(UrlNotAllowedException.class)
                .hasMessage("the source repository URL https://git.example.com/source.git has a host that resolves to"
                        + " 127.0.0.1, a loopback address; gitbridge connects only to public addresses (an operator"
                        + " can allow a private network with the AllowedPrivateNetworks parameter)");
    }

    @Test
    void sync_failsWithoutSendingAnything_whenTheAnswerChangesBetweenValidationAndConnect() throws Exception {
        ObjectId c1 = pushSource("first");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(200);
            AtomicInteger lookups = new AtomicInteger();
            // The first answer (when the URLs are checked) is public; every later one is where the listener waits.
            HostResolver rebinding = host -> List.of(InetAddress.getByName(
                    lookups.getAndIncrement() < 2 ? "93.184.216.34" : "127.0.0.1"));
            String url = "https://rebind.example.com:" + listener.getLocalPort();

            assertThatThrownBy(() -> command(c1, url + "/source.git", url + "/build.git")
                    .setUrlPolicy(UrlPolicy.deployed(AllowedNetworks.NONE, rebinding))
                    .call())
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessage("the source repository " + url + "/source.git was not contacted: its host"
                            + " rebind.example.com resolves to 127.0.0.1, a loopback address; gitbridge connects only"
                            + " to public addresses (an operator can allow a private network with the"
                            + " AllowedPrivateNetworks parameter)");
            assertThat(lookups.get()).as("checked at validation and again at connect").isGreaterThanOrEqualTo(3);
            assertThatThrownBy(listener::accept).as("nothing connected to the internal address")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    private ObjectId pushSource(String message) {
        ObjectId commit = developer.commit(Map.of("README.md", message + "\n"), message);
        developer.push("main");
        return commit;
    }

    private SyncCommand command(ObjectId commit, String sourceUrl, String buildUrl) {
        UsernamePasswordCredentialsProvider credentials = new UsernamePasswordCredentialsProvider(USER, TOKEN);
        return new SyncCommand(tmp.resolve("work").resolve(HOOK_ID))
                .setSource(sourceUrl, credentials)
                .setCommit(commit.name())
                .setSourceRef("refs/heads/main")
                .setBuild(buildUrl, credentials)
                .setBuildBranch("main")
                .setAllowFileUrls(true);
    }

    /** The token raw, URL-encoded (form and path style), and base64 of it and of user:token (a Basic header). */
    private static List<String> encodings(String user, String token) {
        String form = URLEncoder.encode(token, StandardCharsets.UTF_8);
        return List.of(token, form, form.replace("+", "%20"), form.toLowerCase(java.util.Locale.ROOT),
                Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }
}
