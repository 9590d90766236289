package io.gitbridge.embedded;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;

/**
 * ElasticMQ's SQS-compatible REST server inside this JVM, listening on 127.0.0.1, speaking both
 * SQS protocols (JSON, as the AWS SDK v2 uses, and query), with FIFO queues and dead-letter queues
 * set by a {@code RedrivePolicy} attribute. Queue ARNs use region us-east-1 and account
 * 000000000000; queue URLs carry the real host and port.
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** The region that queue ARNs name. */
    public static final String REGION = "us-east-1";
    /** The account id that queue ARNs and URLs name. */
    public static final String ACCOUNT_ID = "000000000000";
    private static final String LOOPBACK = "127.0.0.1";

    private final SQSRestServer server;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * Starts ElasticMQ on 127.0.0.1 and returns once it accepts requests.
     *
     * @param port the TCP port, or 0 for a free one (see {@link #endpoint()})
     * @throws EmbeddedServiceException if the server cannot start (for example, the port is taken)
     */
    public static EmbeddedSqs start(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
        }
        QuietLogging.apply();

        TheSQSRestServerBuilder builder = SQSRestServerBuilder
                .withInterface(LOOPBACK)
                .withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT_ID);
        // With a dynamic port ElasticMQ derives queue URLs from the bound address itself.
        builder = port == 0
                ? builder.withDynamicPort()
                : builder.withPort(port).withServerAddress(new NodeAddress("http", LOOPBACK, port, ""));
        SQSRestServer server = builder.start();
        Http.ServerBinding binding;
        try {
            binding = server.waitUntilStarted();
        } catch (RuntimeException e) {
            stopAfterFailedStart(server, e);
            throw new EmbeddedServiceException("ElasticMQ failed to start on " + LOOPBACK + ":" + port, e);
        }
        return new EmbeddedSqs(server, URI.create("http://" + LOOPBACK + ":" + binding.localAddress().getPort()));
    }

    /** Returns the endpoint to give an SDK client's {@code endpointOverride}, with the real port. */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops the server, dropping every queue and message; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            throw new EmbeddedServiceException("ElasticMQ failed to stop cleanly", e);
        }
    }

    private static void stopAfterFailedStart(SQSRestServer server, RuntimeException failure) {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
    }
}
