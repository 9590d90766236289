package io.gitbridge.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.QueueData;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.msg.CreateQueue;
import org.elasticmq.msg.RestoreMessages;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.QueueSorter;
import org.elasticmq.persistence.sql.DB;
import org.elasticmq.persistence.sql.MessageRepository;
import org.elasticmq.persistence.sql.QueueRepository;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;
import scalikejdbc.ConnectionPool;

/**
 * ElasticMQ's queues and messages in an H2 database file, written before ElasticMQ answers the request that
 * changed them, and read back into a fresh ElasticMQ at start.
 *
 * <p>It reuses ElasticMQ's own SQL tables ({@code elasticmq-persistence-sql}) but not its restore:
 * ElasticMQ 1.7.1 restores every message with {@code isFifo = false} and {@code orderIndex = 0}, which orders a
 * FIFO message group by next delivery time instead of by sending order, so a message still in flight at the
 * crash no longer blocks the ones sent after it. Here restored messages get their queue's FIFO flag back and an
 * order index from their sending time and sequence number.
 *
 * <p>scalikejdbc keeps one default connection pool per JVM, which ElasticMQ's repositories use; so only one
 * durable ElasticMQ may be open in a JVM at a time.
 */
final class DurableQueues implements AutoCloseable {

    private static final AtomicBoolean OPEN = new AtomicBoolean();
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final DB db;
    private final QueueRepository queues;
    private final Map<String, MessageRepository> messages = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DurableQueues(DB db) {
        this.db = db;
        this.queues = new QueueRepository(db);
    }

    /**
     * Opens (or creates) the database {@code queues} in {@code directory}.
     *
     * @throws EmbeddedServiceException if another durable ElasticMQ is open in this JVM, or H2 cannot open the file
     */
    static DurableQueues open(Path directory) {
        if (!OPEN.compareAndSet(false, true)) {
            throw new EmbeddedServiceException("another durable ElasticMQ is open in this JVM; ElasticMQ's SQL "
                    + "persistence keeps one connection pool per JVM");
        }
        try {
            // FILE_LOCK=FS: the operating system drops the lock when the process dies, so a restart after
            // kill -9 opens the file at once. WRITE_DELAY=0: each commit reaches the file before ElasticMQ answers.
            // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM the runner's shutdown stops the poller and ElasticMQ first and
            // closes the database last (close()); H2's own shutdown hook would close it under ElasticMQ's feet.
            String uri = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("queues")
                    + ";FILE_LOCK=FS;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
            SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
            DB db = new DB(config);
            // DB sets the JVM-wide pool only the first time; a later start in the same JVM may name another file.
            ConnectionPool.singleton(uri, "", "", ConnectionPool.singleton$default$4(),
                    ConnectionPool.singleton$default$5(uri, "", "", ConnectionPool.singleton$default$4()));
            return new DurableQueues(db);
        } catch (Exception e) {
            // Scala code throws JDBC's checked SQLException undeclared: "Database may be already in use" when
            // another runner has this data directory open.
            OPEN.set(false);
            throw new EmbeddedServiceException("cannot open ElasticMQ's message database in " + directory
                    + " (is another gitbridge runner using this data directory?): " + e.getMessage(), e);
        }
    }

    /** SQS's default visibility timeout, for a stored queue that names none. */
    private static final long DEFAULT_VISIBILITY_SECONDS = 30;

    /**
     * Creates every stored queue in {@code queueManager} (dead-letter queues first) and puts their stored messages
     * back, each with its receive count, receipt handles, next delivery time and FIFO position. A message that was
     * received before the stop (in flight, or waiting out a retry delay) becomes visible again at the latest one
     * visibility timeout of its queue after the restart: whoever received it is gone with the process, and the sync
     * it stood for should not wait for a long receive timeout that only protected a consumer still running.
     */
    void restore(ActorRef queueManager) {
        List<CreateQueueMetadata> stored = CollectionConverters.asJava(QueueSorter.sortCreateQueues(queues.findAll()));
        for (CreateQueueMetadata queue : stored) {
            ActorRef queueActor = createQueue(queueManager, queue);
            long visibilityMillis = 1000L * (queue.defaultVisibilityTimeoutSeconds().isDefined()
                    ? ((Number) queue.defaultVisibilityTimeoutSeconds().get()).longValue() : DEFAULT_VISIBILITY_SECONDS);
            List<InternalMessage> restored = inSendingOrder(
                    CollectionConverters.asJava(repository(queue.name()).findAll()), queue.isFifo(),
                    System.currentTimeMillis() + visibilityMillis);
            ask(queueActor, new RestoreMessages(CollectionConverters.asScala(restored).toList()));
        }
    }

    /** Stores a queue's attributes, created or changed. */
    void saveQueue(QueueData queue) {
        CreateQueueMetadata metadata = CreateQueueMetadata.from(queue);
        repository(queue.name());
        if (queues.update(metadata) == 0) {
            queues.add(metadata);
        }
    }

    /** Forgets a deleted queue and its messages. */
    void deleteQueue(String name) {
        queues.remove(name);
        MessageRepository repository = messages.remove(name);
        if (repository != null) {
            repository.drop();
        }
    }

    void addMessage(String queue, InternalMessage message) {
        repository(queue).add(message);
    }

    void updateMessage(String queue, InternalMessage message) {
        repository(queue).update(message);
    }

    void removeMessage(String queue, String messageId) {
        repository(queue).remove(messageId);
    }

    /** Closes the connection pool, which closes the H2 database; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                ConnectionPool.closeAll();
            } finally {
                OPEN.set(false);
            }
        }
    }

    private MessageRepository repository(String queue) {
        return messages.computeIfAbsent(queue, name -> new MessageRepository(name, db));
    }

    /**
     * The messages with their queue's FIFO flag and an order index that follows the order they were sent in:
     * stored sending times have millisecond precision, and messages sent within one millisecond come from one
     * ElasticMQ run, whose sequence numbers grow.
     */
    static List<InternalMessage> inSendingOrder(List<InternalMessage> stored, boolean fifo) {
        return inSendingOrder(stored, fifo, Long.MAX_VALUE);
    }

    /** As {@link #inSendingOrder(List, boolean)}, with received messages visible again at {@code latestNextDelivery}. */
    static List<InternalMessage> inSendingOrder(List<InternalMessage> stored, boolean fifo, long latestNextDelivery) {
        List<InternalMessage> sorted = new ArrayList<>(stored);
        sorted.sort(Comparator.comparing(InternalMessage::created)
                .thenComparingLong(DurableQueues::sequenceNumber));
        List<InternalMessage> restored = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            InternalMessage m = sorted.get(i);
            long nextDelivery = m.receiveCount() > 0 ? Math.min(m.nextDelivery(), latestNextDelivery) : m.nextDelivery();
            restored.add(new InternalMessage(m.id(), m.deliveryReceipts(), nextDelivery, m.content(),
                    m.messageAttributes(), m.created(), i, m.firstReceive(), m.receiveCount(), fifo,
                    m.messageGroupId(), m.messageDeduplicationId(), m.tracingId(), m.sequenceNumber(),
                    m.deadLetterSourceQueueName()));
        }
        return restored;
    }

    private static long sequenceNumber(InternalMessage message) {
        if (message.sequenceNumber().isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(message.sequenceNumber().get());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static ActorRef createQueue(ActorRef queueManager, CreateQueueMetadata queue) {
        Object answer = ask(queueManager, new CreateQueue(queue.toCreateQueueData()));
        if (answer instanceof Either<?, ?> either && either.isRight() && either.toOption().get() instanceof ActorRef ref) {
            return ref;
        }
        throw new EmbeddedServiceException("ElasticMQ did not restore queue " + queue.name() + ": " + answer);
    }

    private static Object ask(ActorRef actor, Object message) {
        try {
            return Patterns.ask(actor, message, ASK_TIMEOUT).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new EmbeddedServiceException("ElasticMQ did not answer " + message.getClass().getSimpleName(),
                    e.getCause());
        }
    }
}
