package io.gitbridge.bench.coldstart;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * A reference target: a TLS context initialised with the JDK's default trust store, as the SDK's URL connection
 * client does in its constructor, and nothing else. Shows what that part of a handler's construction costs alone.
 */
public final class TlsContext implements Runnable {

    private final SSLContext context;

    public TlsContext() throws GeneralSecurityException {
        context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
    }

    @Override
    public void run() {
        context.getSocketFactory();
    }
}
