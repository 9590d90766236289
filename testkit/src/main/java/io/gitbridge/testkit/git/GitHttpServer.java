package io.gitbridge.testkit.git;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * A Git smart-HTTP server (JGit's {@link GitServlet} on embedded Jetty) bound to {@code 127.0.0.1} on a free
 * port, serving the bare repositories under one base directory by name, with fetch and push enabled.
 *
 * <p>When started with {@link #startWithBasicAuth}, every request needs HTTP Basic credentials that match
 * exactly; anything else gets {@code 401} with a Basic challenge, as GitHub does for a private repository.
 * When started with {@link #startWithInstallationTokens}, it accepts only user {@code x-access-token} with the
 * current installation token of a {@link GitHubAppStandIn} that covers the repository ({@code <owner>/<repo>.git}
 * serves {@code owner/repo}), so an expired or revoked token is refused as GitHub refuses it.
 * The server records who authenticated and who was refused, so tests can assert which user name a client
 * presented, and every {@code Authorization} header it received. It can also behave like a hostile or moved server:
 * {@link #redirectRepository} answers a repository's requests with a redirect, and {@link #echoAuthorization} puts
 * the credentials it received into its error message, in the encodings a careless server might use.
 */
public final class GitHttpServer implements AutoCloseable {

    private static final String REALM = "gitbridge-test";
    private static final String RECEIVE_PACK = "/git-receive-pack";
    private static final String UPLOAD_PACK = "/git-upload-pack";

    private final Server server;
    private final int port;
    private final List<String> authenticatedUsers = new CopyOnWriteArrayList<>();
    private final List<String> rejectedUsers = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> beforeNextReceivePack = new AtomicReference<>();
    private final AtomicReference<String> pushRefusal = new AtomicReference<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, URI> redirects = new ConcurrentHashMap<>();
    private volatile boolean echoAuthorization;
    private final AtomicReference<Stall> nextUploadPackStall = new AtomicReference<>();
    private final Map<String, ByteCounter> uploadPackBytes = new ConcurrentHashMap<>();

    /** Decides whether a user name and password may use a repository (its path from the base directory). */
    @FunctionalInterface
    private interface Authenticator {
        boolean accepts(String user, String password, String repositoryPath);
    }

    private GitHttpServer(Path baseDir, String username, String password) {
        this(baseDir, username == null ? null : constantTime(username, password));
    }

    private GitHttpServer(Path baseDir, Authenticator authenticator) {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        GitServlet git = new GitServlet();
        git.setRepositoryResolver(new FileResolver<>(baseDir.toFile(), true));
        git.setReceivePackFactory((request, repository) -> {
            ReceivePack receivePack = new ReceivePack(repository);
            String user = request.getRemoteUser() == null ? "anonymous" : request.getRemoteUser();
            receivePack.setRefLogIdent(new PersonIdent(user, user + "@127.0.0.1"));
            receivePack.setPreReceiveHook((pack, commands) -> {
                String refusal = pushRefusal.get();
                if (refusal != null) {
                    commands.forEach(command -> command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, refusal));
                }
            });
            return receivePack;
        });

        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new Recorder(authenticator)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(git), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start git HTTP server", e);
        }
        port = connector.getLocalPort();
    }

    /** Starts a server that anyone may fetch from and push to. */
    public static GitHttpServer start(Path baseDir) {
        return new GitHttpServer(baseDir, null, null);
    }

    /** Starts a server that requires HTTP Basic auth with exactly this user name and password. */
    public static GitHttpServer startWithBasicAuth(Path baseDir, String username, String password) {
        if (username == null || password == null) {
            throw new IllegalArgumentException("username and password are required");
        }
        return new GitHttpServer(baseDir, username, password);
    }

    /**
     * Starts a server that accepts only what GitHub accepts from a GitHub App installation: user
     * {@code x-access-token} with the installation token that {@code app}
     * {@link GitHubAppStandIn#acceptsToken accepts} for the repository at the moment of the request. Repositories
     * live at {@code baseDir/<owner>/<repo>.git} and stand for GitHub's {@code owner/repo}.
     */
    public static GitHttpServer startWithInstallationTokens(Path baseDir, GitHubAppStandIn app) {
        return new GitHttpServer(baseDir, (user, password, repositoryPath) -> {
            String[] segments = repositoryPath.replaceFirst("^/", "").split("/");
            if (segments.length < 2) {
                return false;
            }
            String fullName = segments[0] + "/" + segments[1].replaceFirst("\\.git$", "");
            return MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), INSTALLATION_USER)
                    & app.acceptsToken(password, fullName);
        });
    }

    private static final byte[] INSTALLATION_USER = "x-access-token".getBytes(StandardCharsets.UTF_8);

    private static Authenticator constantTime(String username, String password) {
        byte[] expectedUser = username.getBytes(StandardCharsets.UTF_8);
        byte[] expectedPassword = password.getBytes(StandardCharsets.UTF_8);
        return (user, given, repositoryPath) -> MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                expectedUser) & MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expectedPassword);
    }

    /** The clone URL of the repository {@code baseDir/repoName}. */
    public URI url(String repoName) {
        return URI.create("http://127.0.0.1:" + port + "/" + repoName);
    }

    /** The user name of every request that authenticated, in arrival order. */
    public List<String> authenticatedUsers() {
        return List.copyOf(authenticatedUsers);
    }

    /** The user name of every request whose credentials were wrong, in arrival order. */
    public List<String> rejectedUsers() {
        return List.copyOf(rejectedUsers);
    }

    /** Every request, as {@code METHOD /path?query}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many pushes delivered a pack (each a {@code POST .../git-receive-pack}), accepted or not. */
    public long pushes() {
        return requests.stream().filter(r -> r.startsWith("POST ") && r.endsWith(RECEIVE_PACK)).count();
    }

    /**
     * How many bytes the server has answered fetches of repository {@code repoName} with so far ({@code git-upload-pack}
     * response bodies: negotiation and pack); 0 before the first.
     */
    public long uploadPackBytes(String repoName) {
        ByteCounter counter = uploadPackBytes.get("/" + repoName + UPLOAD_PACK);
        return counter == null ? 0 : counter.total();
    }

    /** The value of every {@code Authorization} header received, in arrival order (requests without one are left out). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /**
     * From now on answers every request for {@code repoName} with {@code 302 Found} to the same path under
     * {@code target} (a repository URL, possibly of another server), before any authentication, as a host does for a
     * moved repository.
     */
    public void redirectRepository(String repoName, URI target) {
        redirects.put("/" + repoName, target);
    }

    /**
     * From now on answers every authenticated fetch advertisement with a git {@code ERR} line that repeats the
     * {@code Authorization} header it received, and the password in it raw and URL-encoded, as a careless server's
     * error page might.
     */
    public void echoAuthorization() {
        echoAuthorization = true;
    }

    /**
     * Runs {@code action} once, when the next push has sent its pack and before the server applies it: the
     * moment a concurrent writer would win a race against that push.
     */
    public void beforeNextReceivePack(Runnable action) {
        beforeNextReceivePack.set(action);
    }

    /**
     * Holds the next fetch's pack response after its first {@code afterBytes} bytes, until the returned stall is
     * released: the client sits mid-fetch, with part of the pack written to its disk. Later fetches run normally.
     */
    public Stall stallNextUploadPack(long afterBytes) {
        Stall stall = new Stall(afterBytes);
        nextUploadPackStall.set(stall);
        return stall;
    }

    /**
     * From now on, refuses every ref update a push asks for with {@code message}, as a server-side rule (a protected
     * branch, a pre-receive hook) does; fetches still work.
     */
    public void refusePushes(String message) {
        pushRefusal.set(message);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop git HTTP server", e);
        }
    }

    /** Logs each request, enforces Basic auth when configured, and runs the pending receive-pack action. */
    private final class Recorder implements Filter {

        private final Authenticator authenticator;

        Recorder(Authenticator authenticator) {
            this.authenticator = authenticator;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
            requests.add(request.getMethod() + " " + request.getRequestURI() + query);
            String authorization = request.getHeader("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            for (Map.Entry<String, URI> redirect : redirects.entrySet()) {
                String path = request.getRequestURI();
                if (path.startsWith(redirect.getKey() + "/")) {
                    response.setStatus(HttpServletResponse.SC_FOUND);
                    response.setHeader("Location", redirect.getValue() + path.substring(redirect.getKey().length())
                            + query);
                    return;
                }
            }

            HttpServletRequest authenticated = request;
            if (authenticator != null) {
                String user = authenticate(request.getHeader("Authorization"), request.getRequestURI());
                if (user == null) {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                    return;
                }
                authenticatedUsers.add(user);
                authenticated = new HttpServletRequestWrapper(request) {
                    @Override
                    public String getRemoteUser() {
                        return user;
                    }
                };
            }
            if (echoAuthorization && authorization != null && request.getRequestURI().endsWith("/info/refs")) {
                echo(response, authorization);
                return;
            }
            if ("POST".equals(request.getMethod()) && request.getRequestURI().endsWith(RECEIVE_PACK)) {
                Runnable action = beforeNextReceivePack.getAndSet(null);
                if (action != null) {
                    action.run();
                }
            }
            if ("POST".equals(request.getMethod()) && request.getRequestURI().endsWith(UPLOAD_PACK)) {
                Stall stall = nextUploadPackStall.get();
                if (stall != null) {
                    response = stall.wrap(response);
                }
                response = uploadPackBytes.computeIfAbsent(request.getRequestURI(), uri -> new ByteCounter())
                        .wrap(response);
            }
            chain.doFilter(authenticated, response);
        }

        /** A smart-HTTP advertisement whose first line is an {@code ERR} repeating the credentials received. */
        private void echo(HttpServletResponse response, String authorization) throws IOException {
            String password = "";
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).trim()),
                        StandardCharsets.UTF_8);
                password = decoded.substring(decoded.indexOf(':') + 1);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                // Echo the header alone.
            }
            String message = "ERR invalid credentials: Authorization: " + authorization + " (token " + password
                    + ", " + URLEncoder.encode(password, StandardCharsets.UTF_8) + ")\n";
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/x-git-upload-pack-advertisement");
            response.getOutputStream().write((pktLine("# service=git-upload-pack\n") + "0000" + pktLine(message))
                    .getBytes(StandardCharsets.UTF_8));
        }

        private static String pktLine(String line) {
            return String.format("%04x", line.getBytes(StandardCharsets.UTF_8).length + 4) + line;
        }

        /** The user name when the header carries the right Basic credentials; null otherwise. */
        private String authenticate(String header, String path) {
            String prefix = "Basic ";
            if (header == null || header.length() <= prefix.length()
                    || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(prefix.length()).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                rejectedUsers.add("");
                return null;
            }
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            String given = colon < 0 ? "" : decoded.substring(colon + 1);
            if (authenticator.accepts(user, given, path)) {
                return user;
            }
            rejectedUsers.add(user);
            return null;
        }
    }
}
