package io.gitbridge.net;

import java.net.UnknownHostException;

/**
 * A connection the URL policy refused before anything was sent: the host resolved to an address gitbridge does not
 * connect to. It is an {@link UnknownHostException} so that HTTP clients treat it as a failed name lookup, never
 * retry it, and pass it up as the cause of their own failure.
 */
public final class HostRefusedException extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final String reason;

    /**
     * @param host the host name or literal that was refused
     * @param reason why, completing "host …", e.g. {@code resolves to 127.0.0.1, a loopback address}
     */
    public HostRefusedException(String host, String reason) {
        super(host + " " + reason);
        this.host = host;
        this.reason = reason;
    }

    /** The host name or literal that was refused. */
    public String host() {
        return host;
    }

    /** Why, completing "host …". */
    public String reason() {
        return reason;
    }
}
