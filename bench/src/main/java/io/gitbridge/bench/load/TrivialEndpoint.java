package io.gitbridge.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The baseline for {@link LoadGenerator}: a Jetty server on 127.0.0.1, in a process of its own like the runner,
 * that reads each request body and answers {@code 202} with a small JSON body, doing nothing else. Prints
 * {@code gitbridge listening on http://127.0.0.1:PORT} as the runner does, so both are started the same way.
 */
public final class TrivialEndpoint {

    private static final byte[] ANSWER = "{\"status\":\"queued\"}".getBytes(StandardCharsets.UTF_8);

    private TrivialEndpoint() {
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.asByteBuffer(request);
                response.setStatus(202);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(ANSWER), callback);
                return true;
            }
        });
        server.start();
        System.out.println("gitbridge listening on http://127.0.0.1:" + connector.getLocalPort());
        server.join();
    }
}
