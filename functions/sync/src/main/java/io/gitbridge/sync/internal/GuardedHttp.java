package io.gitbridge.sync.internal;

import io.gitbridge.net.PinnedHttp;
import io.gitbridge.net.UrlPolicy;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.http.impl.client.CloseableHttpClient;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.apache.HttpClientConnection;

/**
 * The HTTP connections of one git transport: each goes through a {@link PinnedHttp} client, so it connects only to
 * addresses the {@link UrlPolicy} checked right before, and when the transport carries credentials, a redirect to
 * another origin (scheme, host and port) is refused before JGit could follow it and offer the credentials there.
 * A same-origin redirect is left to JGit, which follows it on the first request of a connection.
 */
public final class GuardedHttp implements HttpConnectionFactory, AutoCloseable {

    private final UrlPolicy policy;
    private final Duration timeout;
    private final List<CloseableHttpClient> clients = new CopyOnWriteArrayList<>();
    private final String origin;
    private final String display;
    private final boolean credentials;

    private GuardedHttp(UrlPolicy policy, URL repository, String display, boolean credentials, Duration timeout) {
        this.policy = policy;
        this.timeout = timeout;
        this.origin = origin(repository);
        this.display = display;
        this.credentials = credentials;
    }

    /**
     * Makes {@code transport} use guarded connections when it speaks HTTP; returns what to close after it, or null for
     * other transports (file URLs of the local runner).
     *
     * @param credentials whether the transport may send credentials
     */
    public static GuardedHttp install(Transport transport, UrlPolicy policy, RepositoryUrl url,
            boolean credentials, Duration timeout) throws TransportException {
        if (!(transport instanceof TransportHttp http)) {
            return null;
        }
        URL repository;
        try {
            repository = new URL(url.uri().toString());
        } catch (MalformedURLException e) {
            throw new TransportException(url.uri(), "not an http URL", e);
        }
        GuardedHttp guarded = new GuardedHttp(policy, repository, url.display(), credentials, timeout);
        http.setHttpConnectionFactory(guarded);
        return guarded;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, Proxy.NO_PROXY);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        if (credentials && !origin(url).equals(origin)) {
            // JGit followed a redirect itself; it never should get here with credentials.
            throw new RedirectRefusedException(display, hostOf(url));
        }
        // One client per connection, as JGit's own Apache connections have: a response JGit leaves unread
        // then holds only its own client's connection.
        CloseableHttpClient client = PinnedHttp.client(policy, timeout);
        clients.add(client);
        return new Connection(url, client);
    }

    /** Closes every client this factory made, and with them their connections. */
    @Override
    public void close() {
        for (CloseableHttpClient client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                // The transport is done with it; a socket that fails to close is the OS's to reap.
            }
        }
        clients.clear();
    }

    /** {@code scheme://host:port} of a URL, with the scheme's default port made explicit. */
    private static String origin(URL url) {
        int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
        return url.getProtocol().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** How a refusal names the other host: {@code host} or {@code host:port}, never user info, path or query. */
    private static String hostOf(URL url) {
        return url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    /** A JGit connection over the pinned client that checks every redirect it receives. */
    private final class Connection extends HttpClientConnection {

        Connection(URL url, CloseableHttpClient client) throws MalformedURLException {
            super(url.toString(), Proxy.NO_PROXY, client);
        }

        @Override
        public int getResponseCode() throws IOException {
            int status = super.getResponseCode();
            if (credentials && isRedirect(status)) {
                String location = getHeaderField("Location");
                URL target = target(location);
                if (target == null || !origin(target).equals(origin)) {
                    throw new RedirectRefusedException(display, target == null ? "an unreadable location"
                            : hostOf(target));
                }
            }
            return status;
        }

        private URL target(String location) {
            if (location == null || location.isBlank()) {
                return null;
            }
            try {
                return getURL().toURI().resolve(location.trim()).toURL();
            } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
                return null;
            }
        }

        private boolean isRedirect(int status) {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }
    }

    /** A redirect to another origin that the transport refused to follow with credentials. */
    public static final class RedirectRefusedException extends TransportException {

        private static final long serialVersionUID = 1L;

        private final String target;

        RedirectRefusedException(String repository, String target) {
            super("the repository " + repository + " redirected to another host (" + target
                    + "); gitbridge does not follow it with credentials");
            this.target = target;
        }

        /** The other host as {@code host} or {@code host:port}. */
        public String target() {
            return target;
        }
    }
}
