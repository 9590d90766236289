package io.gitbridge.sync.internal;

import io.gitbridge.net.UrlPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;

/**
 * One fetch connection to a remote: first read what it advertises for a few refs, then fetch at most once.
 * Unlike JGit's {@code FetchCommand}, a ref the remote lacks is an answer ({@link Optional#empty()}), not an
 * error, objects the local repository already has are not fetched at all, and the negotiation offers the remote only
 * the commits the caller names as common ({@link NegotiationView}).
 */
public final class FetchSession implements AutoCloseable {

    private final Repository local;
    private final Repository view;
    private final Set<ObjectId> common;
    private final Transport transport;
    private final FetchConnection connection;
    private final GuardedHttp guard;

    private FetchSession(Repository local, Repository view, Set<ObjectId> common, Transport transport,
            FetchConnection connection, GuardedHttp guard) {
        this.local = local;
        this.view = view;
        this.common = common;
        this.transport = transport;
        this.connection = connection;
        this.guard = guard;
    }

    /**
     * Connects and reads the remote's advertisement of {@code refNames}. HTTP connections go only where
     * {@code policy} allows, checked right before each ({@link GuardedHttp}); with credentials, no redirect to another
     * origin is followed. A {@link #fetch} offers the remote {@code common} (the commits of them that {@code local}
     * has) as what both sides have, and nothing else; empty: nothing, as for a first clone.
     *
     * @throws TransportException when the remote cannot be reached, refuses the credentials or does not exist, or
     *     gitbridge refused the connection ({@link GuardedHttp.RedirectRefusedException}, or a cause that is an
     *     {@link io.gitbridge.net.HostRefusedException})
     */
    public static FetchSession open(Repository local, RepositoryUrl url, UrlPolicy policy,
            CredentialsProvider credentials, Duration timeout, List<String> refNames, Set<ObjectId> common)
            throws IOException {
        Transport transport = null;
        GuardedHttp guard = null;
        Repository view = NegotiationView.of(local, common);
        try {
            transport = Transport.open(view, url.uri());
            guard = GuardedHttp.install(transport, policy, url, credentials != null, timeout);
            transport.setCredentialsProvider(SingleAttemptCredentials.of(credentials, url.uri()));
            transport.setTimeout(Math.toIntExact(timeout.toSeconds()));
            transport.setTagOpt(TagOpt.NO_TAGS);
            List<RefSpec> specs = refNames.stream().map(RefSpec::new).toList();
            return new FetchSession(local, view, Set.copyOf(common), transport, transport.openFetch(specs), guard);
        } catch (NotSupportedException e) {
            closeQuietly(transport, guard, view);
            throw new TransportException(url.uri(), "transport not supported", e);
        } catch (TransportException | RuntimeException e) {
            closeQuietly(transport, guard, view);
            throw e;
        }
    }

    /** The object the remote's {@code refName} points to (peeled past annotated tags), if it has that ref. */
    public Optional<ObjectId> advertised(String refName) {
        Ref ref = connection.getRef(refName);
        if (ref == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId());
    }

    /**
     * Fetches {@code id} and everything reachable from it that the local repository lacks; does nothing when
     * it already has {@code id}. The id need not be advertised: the remote decides whether it may be fetched.
     * A session fetches at most once.
     *
     * @return true when objects were transferred
     * @throws TransportException when the transfer fails or the remote refuses to send {@code id}
     * @throws IOException when the local repository cannot be read
     */
    public boolean fetch(ObjectId id) throws IOException {
        if (has(id)) {
            return false;
        }
        Ref want = new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, id.name(), id.copy());
        try {
            connection.fetch(NullProgressMonitor.INSTANCE, List.of(want), common);
        } finally {
            for (PackLock lock : connection.getPackLocks()) {
                try {
                    lock.unlock();
                } catch (IOException e) {
                    // A leftover .keep file only stops a future gc from repacking; the fetch itself is complete.
                }
            }
        }
        return true;
    }

    private boolean has(ObjectId id) throws IOException {
        return local.getObjectDatabase().has(id);
    }

    @Override
    public void close() {
        connection.close();
        transport.close();
        if (guard != null) {
            guard.close();
        }
        view.close();
    }

    private static void closeQuietly(Transport transport, GuardedHttp guard, Repository view) {
        if (transport != null) {
            transport.close();
        }
        if (guard != null) {
            guard.close();
        }
        view.close();
    }
}
