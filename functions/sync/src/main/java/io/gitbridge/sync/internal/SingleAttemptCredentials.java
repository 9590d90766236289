package io.gitbridge.sync.internal;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Credentials for one transport that are offered once more after nothing: when the server rejects them, JGit
 * would send the same token up to three times, and providers count every failed attempt against the caller.
 * JGit calls {@link #reset} exactly when a previous answer was rejected. They are also offered only to the repository's
 * own origin (scheme, host and port): asked for another, they answer nothing.
 */
public final class SingleAttemptCredentials extends CredentialsProvider {

    private final CredentialsProvider delegate;
    private final URIish origin;
    private boolean rejected;

    private SingleAttemptCredentials(CredentialsProvider delegate, URIish origin) {
        this.delegate = delegate;
        this.origin = origin;
    }

    /** A fresh single-attempt view of {@code credentials}; null stays null. Use one per transport. */
    public static CredentialsProvider of(CredentialsProvider credentials) {
        return credentials == null ? null : new SingleAttemptCredentials(credentials, null);
    }

    /** Like {@link #of(CredentialsProvider)}, answering only for URIs of {@code repository}'s origin. */
    public static CredentialsProvider of(CredentialsProvider credentials, URIish repository) {
        return credentials == null ? null : new SingleAttemptCredentials(credentials, repository);
    }

    @Override
    public boolean isInteractive() {
        return delegate.isInteractive();
    }

    @Override
    public boolean supports(CredentialItem... items) {
        return delegate.supports(items);
    }

    @Override
    public synchronized boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        return !rejected && sameOrigin(uri) && delegate.get(uri, items);
    }

    @Override
    public synchronized void reset(URIish uri) {
        rejected = true;
    }

    private boolean sameOrigin(URIish uri) {
        if (origin == null) {
            return true;
        }
        return uri != null && equalsIgnoreCase(origin.getScheme(), uri.getScheme())
                && equalsIgnoreCase(origin.getHost(), uri.getHost()) && origin.getPort() == uri.getPort();
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
