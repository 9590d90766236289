package io.gitbridge.aws;

import io.gitbridge.deadletter.DeadLetterQueue;
import io.gitbridge.deadletter.DeadLetters;
import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sync queue's FIFO dead-letter queue on SQS (or ElasticMQ).
 *
 * <p>Listing receives messages with a short visibility timeout and makes them visible again at once; being a FIFO
 * queue, it shows at most the first 10 messages of each hook (a message group), the rest waiting behind them.
 * Moving everything starts an SQS message move task ({@code StartMessageMoveTask}, which SQS supports for FIFO
 * dead-letter queues) when {@code moveTasks} is set; otherwise, and always for one hook's messages, each message is
 * sent to the sync queue with its hook as message group and a fresh deduplication id (the original one may still be
 * inside the queue's five-minute deduplication window, which would drop the copy), and then deleted.
 */
public final class SqsDeadLetterQueue implements DeadLetterQueue {

    /** Long enough to list or move a batch; the messages are released or deleted right after. */
    private static final int HOLD_SECONDS = 30;
    private static final int RECEIVES_PER_CALL = 50;

    private final SqsClient sqs;
    private final String deadLetterQueueUrl;
    private final String syncQueueUrl;
    private final boolean moveTasks;

    /**
     * @param moveTasks whether {@link #moveAll()} starts an SQS message move task (AWS) or moves the messages one by
     *        one (ElasticMQ: its move task keeps the original deduplication id, which the sync queue may still drop)
     */
    public SqsDeadLetterQueue(SqsClient sqs, String deadLetterQueueUrl, String syncQueueUrl, boolean moveTasks) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.deadLetterQueueUrl = Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        this.syncQueueUrl = Objects.requireNonNull(syncQueueUrl, "syncQueueUrl");
        this.moveTasks = moveTasks;
    }

    @Override
    public List<DeadLetterQueue.Entry> peek(int max) {
        if (max < 1 || max > DeadLetters.MAX_LISTED) {
            throw new IllegalArgumentException("max must be 1 to " + DeadLetters.MAX_LISTED + ", was " + max);
        }
        try {
            List<Message> held = receive(max);
            release(held);
            return held.stream().map(SqsDeadLetterQueue::toMessage).toList();
        } catch (SdkException e) {
            throw new QueueUnavailableException("the dead-letter queue could not be read", e);
        }
    }

    @Override
    public Redrive moveAll() {
        if (!moveTasks) {
            return moveMatching(request -> true);
        }
        try {
            String source = arn(deadLetterQueueUrl);
            String destination = arn(syncQueueUrl);
            return Redrive.moveTask(sqs.startMessageMoveTask(t -> t.sourceArn(source).destinationArn(destination))
                    .taskHandle());
        } catch (SdkException e) {
            throw new QueueUnavailableException("the dead-letter queue's move task could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public Redrive move(String hookId) {
        Objects.requireNonNull(hookId, "hookId");
        return moveMatching(request -> request.hookId().equals(hookId));
    }

    /** Sends every matching message to the sync queue and deletes it; releases the others. */
    private Redrive moveMatching(Predicate<SyncRequest> matching) {
        int moved = 0;
        try {
            // Each round holds what it saw, so a FIFO group's later messages show up in the next round.
            for (int round = 0; round < RECEIVES_PER_CALL; round++) {
                List<Message> held = receive(DeadLetters.MAX_LISTED);
                if (held.isEmpty()) {
                    break;
                }
                List<Message> others = new ArrayList<>();
                int movedThisRound = 0;
                for (Message message : held) {
                    Optional<SyncRequest> request = decode(message);
                    if (request.isPresent() && matching.test(request.get())) {
                        sendBack(message, request.get());
                        movedThisRound++;
                    } else {
                        others.add(message);
                    }
                }
                release(others);
                moved += movedThisRound;
                if (movedThisRound == 0) {
                    break;
                }
            }
            return Redrive.moved(moved);
        } catch (SdkException e) {
            throw new QueueUnavailableException("moving dead letters failed after " + moved + " moved", e);
        }
    }

    private void sendBack(Message message, SyncRequest request) {
        sqs.sendMessage(m -> m.queueUrl(syncQueueUrl)
                .messageBody(message.body())
                .messageGroupId(request.hookId())
                .messageDeduplicationId("redrive-" + UUID.randomUUID()));
        sqs.deleteMessage(d -> d.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
    }

    /** Receives up to {@code max} messages, hiding them for {@value #HOLD_SECONDS} s. */
    private List<Message> receive(int max) {
        List<Message> held = new ArrayList<>();
        for (int call = 0; call < RECEIVES_PER_CALL && held.size() < max; call++) {
            int batch = Math.min(10, max - held.size());
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(deadLetterQueueUrl)
                    .maxNumberOfMessages(batch)
                    .visibilityTimeout(HOLD_SECONDS)
                    .waitTimeSeconds(0)
                    .messageAttributeNames(DeadLetterQueue.RECEIVE_COUNT_ATTRIBUTE,
                            DeadLetterQueue.SENT_TIMESTAMP_ATTRIBUTE)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                            MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
            if (messages.isEmpty()) {
                break;
            }
            held.addAll(messages);
        }
        return held;
    }

    /** Makes held messages visible again at once. */
    private void release(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + 10));
            sqs.changeMessageVisibilityBatch(c -> c.queueUrl(deadLetterQueueUrl).entries(batch.stream()
                    .map(message -> ChangeMessageVisibilityBatchRequestEntry
                            .builder().id(message.messageId().replaceAll("[^A-Za-z0-9_-]", "_"))
                            .receiptHandle(message.receiptHandle()).visibilityTimeout(0).build())
                    .toList()));
        }
    }

    private String arn(String queueUrl) {
        return sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static DeadLetterQueue.Entry toMessage(Message message) {
        int receiveCount = parseInt(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        MessageAttributeValue firstSent = message.messageAttributes().get(DeadLetterQueue.SENT_TIMESTAMP_ATTRIBUTE);
        Optional<Instant> sentAt = Optional.ofNullable(firstSent != null ? firstSent.stringValue()
                : message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
                .flatMap(SqsDeadLetterQueue::epochMillis);
        // Less one: the receive that listed it. A request the sync function moved itself starts afresh on the
        // dead-letter queue; the count it reached on the sync queue travels in a message attribute.
        MessageAttributeValue moved = message.messageAttributes().get(DeadLetterQueue.RECEIVE_COUNT_ATTRIBUTE);
        int before = moved == null ? 0 : Math.max(0, parseInt(moved.stringValue()));
        return new DeadLetterQueue.Entry(message.messageId(), decode(message), before + Math.max(0, receiveCount - 1),
                sentAt);
    }

    private static Optional<SyncRequest> decode(Message message) {
        try {
            return Optional.of(SyncRequestCodec.decode(message.body()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Instant> epochMillis(String value) {
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
