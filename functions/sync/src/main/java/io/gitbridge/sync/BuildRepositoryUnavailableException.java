package io.gitbridge.sync;

/** The build repository could not be read: credentials refused, repository missing, or unreachable. */
public class BuildRepositoryUnavailableException extends SyncException {

    public BuildRepositoryUnavailableException(String message) {
        super(message);
    }

    public BuildRepositoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
