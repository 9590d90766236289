package io.gitbridge.sync.internal;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Credentials for one transport that are offered once more after nothing: when the server rejects them, JGit
 * would send the same token up to three times, and providers count every failed attempt against the caller.
 * JGit calls {@link #reset} exactly when a previous answer was rejected.
 */
public final class SingleAttemptCredentials extends CredentialsProvider {

    private final CredentialsProvider delegate;
    private boolean rejected;

    private SingleAttemptCredentials(CredentialsProvider delegate) {
        this.delegate = delegate;
    }

    /** A fresh single-attempt view of {@code credentials}; null stays null. Use one per transport. */
    public static CredentialsProvider of(CredentialsProvider credentials) {
        return credentials == null ? null : new SingleAttemptCredentials(credentials);
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
        return !rejected && delegate.get(uri, items);
    }

    @Override
    public synchronized void reset(URIish uri) {
        rejected = true;
    }
}
