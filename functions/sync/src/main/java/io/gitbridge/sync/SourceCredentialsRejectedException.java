package io.gitbridge.sync;

/**
 * The source repository turned the credentials down (HTTP 401 after they were sent): a token that is wrong, expired or
 * revoked. For a hook in GitHub App mode it means the cached installation token was revoked, and a new one may work.
 */
public class SourceCredentialsRejectedException extends SourceUnavailableException {

    public SourceCredentialsRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
