package io.gitbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Plays Lambda's SQS event source mapping: long-polls the queue, hands each batch to the handler as a
 * real {@link SQSEvent} with a context that has the template's timeout, deletes what succeeded and leaves the
 * reported failures alone: the sync handler has already set, on the same ElasticMQ, when each comes back
 * (its backoff, or at once for records it had no time for) or moved it to the dead-letter queue.
 */
final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SqsEventSource.class.getName());
    /** As the template's event source: BatchSize 3, function Timeout 660 s. */
    static final int BATCH_SIZE = 3;
    static final int FUNCTION_TIMEOUT_MILLIS = 660_000;
    /** Received messages stay hidden while the handler may still run, as Lambda's visibility timeout does. */
    private static final int RECEIVE_VISIBILITY_SECONDS = FUNCTION_TIMEOUT_MILLIS / 1000 + 60;
    /** When the handler fails a whole batch, its messages come back after this long. */
    private static final int FAILED_BATCH_RETRY_SECONDS = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Thread thread;
    private volatile boolean running = true;

    SqsEventSource(SqsClient sqs, String queueUrl, String region, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.region = region;
        this.handler = handler;
        this.queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.thread = new Thread(this::run, "gitbridge-sqs-event-source");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }

    private void run() {
        while (running) {
            try {
                pollOnce();
            } catch (SdkException e) {
                if (running) {
                    LOG.log(Level.WARNING, "polling the sync queue failed; retrying: " + e.getMessage());
                    sleep();
                }
            } catch (BatchFailed e) {
                LOG.log(Level.ERROR, "the sync handler failed a whole batch", e.getCause());
                retryLater(e.messages);
                sleep();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "the sync queue poller failed", e);
                sleep();
            }
        }
    }

    private void pollOnce() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(BATCH_SIZE)
                .visibilityTimeout(RECEIVE_VISIBILITY_SECONDS)
                .waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(this::record).toList());
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, LocalContext.of("sync", FUNCTION_TIMEOUT_MILLIS));
        } catch (RuntimeException e) {
            throw new BatchFailed(messages, e);
        }
        Set<String> failed = response == null || response.getBatchItemFailures() == null ? Set.of()
                : response.getBatchItemFailures().stream()
                        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        List<Message> done = new ArrayList<>();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                done.add(message);
            }
        }
        for (Message message : done) {
            sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
    }

    private void retryLater(List<Message> messages) {
        for (Message message : messages) {
            try {
                sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(FAILED_BATCH_RETRY_SECONDS));
            } catch (SdkException e) {
                LOG.log(Level.WARNING, "cannot schedule the retry of a failed batch: " + e.getMessage());
            }
        }
    }

    /** The handler threw instead of answering: every message of the batch is retried. */
    private static final class BatchFailed extends RuntimeException {
        private final transient List<Message> messages;

        BatchFailed(List<Message> messages, RuntimeException cause) {
            super(cause);
            this.messages = messages;
        }
    }

    private SQSEvent.SQSMessage record(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        Map<String, String> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.setAttributes(attributes);
        record.setMessageAttributes(Map.of());
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(region);
        return record;
    }

    private void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
