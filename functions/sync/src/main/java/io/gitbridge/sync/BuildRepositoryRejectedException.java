package io.gitbridge.sync;

/**
 * The build repository refused the push: the branch changed since it was read (a concurrent writer; the
 * retry reads it again), the token may not push, or a server-side rule declined the update.
 */
public class BuildRepositoryRejectedException extends SyncException {

    public BuildRepositoryRejectedException(String message) {
        super(message);
    }

    public BuildRepositoryRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
