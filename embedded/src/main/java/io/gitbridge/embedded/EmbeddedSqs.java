package io.gitbridge.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.util.NowProvider;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import scala.Option;

/**
 * ElasticMQ's SQS-compatible REST server inside this JVM, listening on 127.0.0.1, speaking both
 * SQS protocols (JSON, as the AWS SDK v2 uses, and query), with FIFO queues and dead-letter queues
 * set by a {@code RedrivePolicy} attribute. Queue ARNs use region us-east-1 and account
 * 000000000000; queue URLs carry the real host and port.
 *
 * <p>Started with a data directory, it is durable: every queue and every message it accepted and has not deleted
 * is in an H2 database there (see {@link DurableQueues}), written before ElasticMQ answers, and a start on the same
 * directory, after a clean stop or a kill -9, brings them all back with their receive counts, their FIFO order
 * per message group, their dead-letter redrive policy and their visibility: a message that was in flight becomes
 * visible again when its visibility timeout runs out, as on SQS (so a retry delayed on purpose keeps its delay).
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** The region that queue ARNs name. */
    public static final String REGION = "us-east-1";
    /** The account id that queue ARNs and URLs name. */
    public static final String ACCOUNT_ID = "000000000000";
    private static final String LOOPBACK = "127.0.0.1";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final SQSRestServer server;
    private final URI endpoint;
    private final ActorSystem durableSystem;
    private final DurableQueues durable;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedSqs(SQSRestServer server, URI endpoint, ActorSystem durableSystem, DurableQueues durable) {
        this.server = server;
        this.endpoint = endpoint;
        this.durableSystem = durableSystem;
        this.durable = durable;
    }

    /**
     * Starts ElasticMQ on 127.0.0.1 with everything in memory and returns once it accepts requests.
     *
     * @param port the TCP port, or 0 for a free one (see {@link #endpoint()})
     * @throws EmbeddedServiceException if the server cannot start (for example, the port is taken)
     */
    public static EmbeddedSqs start(int port) {
        return start(port, null);
    }

    /**
     * Starts ElasticMQ on 127.0.0.1 and returns once it accepts requests, after restoring the queues and
     * messages kept in {@code dataDir}.
     *
     * @param port the TCP port, or 0 for a free one (see {@link #endpoint()})
     * @param dataDir the directory holding the message database ({@code queues.mv.db}), created if missing;
     *     {@code null} keeps everything in memory. Only one durable instance may be open per JVM.
     * @throws EmbeddedServiceException if the server cannot start (for example, the port is taken, or the
     *     database cannot be opened)
     */
    public static EmbeddedSqs start(int port, Path dataDir) {
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
        DurableQueues durable = null;
        ActorSystem system = null;
        if (dataDir != null) {
            durable = DurableQueues.open(createDirectories(dataDir));
            try {
                system = ActorSystem.create("elasticmq");
                ActorRef manager = durableQueueManager(system, durable, builder);
                durable.restore(manager);
                builder = builder.withActorSystem(system).withQueueManagerActor(manager);
            } catch (Exception e) {
                // Also JDBC's checked SQLException, which ElasticMQ's Scala repositories throw undeclared.
                stopDurable(system, durable, e);
                throw e instanceof EmbeddedServiceException ese ? ese
                        : new EmbeddedServiceException("ElasticMQ could not restore its queues from " + dataDir, e);
            }
        }
        SQSRestServer server = builder.start();
        Http.ServerBinding binding;
        try {
            binding = server.waitUntilStarted();
        } catch (RuntimeException e) {
            stopAfterFailedStart(server, e);
            stopDurable(system, durable, e);
            throw new EmbeddedServiceException("ElasticMQ failed to start on " + LOOPBACK + ":" + port, e);
        }
        return new EmbeddedSqs(server, URI.create("http://" + LOOPBACK + ":" + binding.localAddress().getPort()),
                system, durable);
    }

    /** A queue manager that tells {@link DurableQueueStore} every change before it is answered. */
    private static ActorRef durableQueueManager(ActorSystem system, DurableQueues durable,
                                                TheSQSRestServerBuilder builder) {
        ActorRef store = system.actorOf(Props.create(DurableQueueStore.class, () -> new DurableQueueStore(durable)),
                "gitbridge-queue-store");
        return system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), builder.sqsLimits(), Option.apply(store))));
    }

    private static Path createDirectories(Path dataDir) {
        try {
            return Files.createDirectories(dataDir.toAbsolutePath());
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot create ElasticMQ's data directory " + dataDir, e);
        }
    }

    /** Returns the endpoint to give an SDK client's {@code endpointOverride}, with the real port. */
    public URI endpoint() {
        return endpoint;
    }

    /** Whether queues and messages are kept in a data directory. */
    public boolean durable() {
        return durable != null;
    }

    /**
     * Stops the server; in memory, every queue and message is dropped, while a durable instance keeps them for
     * the next start. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            failure = new EmbeddedServiceException("ElasticMQ failed to stop cleanly", e);
        }
        try {
            stopDurable(durableSystem, durable, failure);
        } catch (RuntimeException e) {
            failure = failure == null ? new EmbeddedServiceException("ElasticMQ failed to stop cleanly", e) : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Terminates the actor system (so no more writes) and then closes the database; adds failures to {@code cause}. */
    private static void stopDurable(ActorSystem system, DurableQueues durable, Throwable cause) {
        try {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            addSuppressed(cause, e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            addSuppressed(cause, e);
        } finally {
            if (durable != null) {
                durable.close();
            }
        }
    }

    private static void addSuppressed(Throwable cause, Exception e) {
        if (cause != null) {
            cause.addSuppressed(e);
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
