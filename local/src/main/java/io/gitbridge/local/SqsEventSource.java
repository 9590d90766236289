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
 * real {@link SQSEvent}, deletes what succeeded and leaves the reported failures to come back after the
 * visibility timeout, until the queue's redrive policy moves them to the dead-letter queue.
 */
final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SqsEventSource.class.getName());
    private static final int BATCH_SIZE = 10;

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
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "the sync handler failed a whole batch", e);
                sleep();
            }
        }
    }

    private void pollOnce() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(BATCH_SIZE)
                .waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(this::record).toList());
        SQSBatchResponse response = handler.handleRequest(event, LocalContext.of("sync", 120_000));
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
