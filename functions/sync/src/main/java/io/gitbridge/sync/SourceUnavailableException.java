package io.gitbridge.sync;

/** The source repository could not provide the commit: credentials refused, repository, ref or commit missing, or unreachable. */
public class SourceUnavailableException extends SyncException {

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
