package io.gitbridge.sync;

/** A repository URL this deployment does not fetch from or push to: only http(s), and file URLs when allowed. */
public class UrlNotAllowedException extends SyncException {

    public UrlNotAllowedException(String message) {
        super(message);
        permanent(this);
    }
}
