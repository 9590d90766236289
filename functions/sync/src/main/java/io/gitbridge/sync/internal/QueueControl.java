package io.gitbridge.sync.internal;

import io.gitbridge.deadletter.DeadLetterQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What the sync handler asks of the queue beyond Lambda's partial batch response: how long a returned message
 * stays invisible, and moving a message to the dead-letter queue itself. SQS failures are logged and reported
 * as false: the queue's own visibility timeout and redrive policy then still apply.
 */
public final class QueueControl {

    /** The message attribute carrying the admin-readable reason on a dead-lettered request. */
    public static final String REASON_ATTRIBUTE = DeadLetterQueue.REASON_ATTRIBUTE;
    /** The message attribute carrying the {@code RetryClass} of a dead-lettered request. */
    public static final String RETRY_CLASS_ATTRIBUTE = DeadLetterQueue.RETRY_CLASS_ATTRIBUTE;
    /** The message attribute carrying the receive count a dead-lettered request had reached. */
    public static final String RECEIVE_COUNT_ATTRIBUTE = DeadLetterQueue.RECEIVE_COUNT_ATTRIBUTE;
    /** The longest reason kept on a dead-lettered request (SQS allows 256 KB per message in all). */
    static final int MAX_REASON = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(QueueControl.class);

    private final SqsClient sqs;
    private final Optional<String> configuredQueueUrl;
    private final ConcurrentMap<String, String> urlsByArn = new ConcurrentHashMap<>();

    /**
     * @param configuredQueueUrl the sync queue's URL when known ({@code SYNC_QUEUE_URL}); other queues' URLs are
     *        asked of SQS from their ARN
     */
    public QueueControl(SqsClient sqs, Optional<String> configuredQueueUrl) {
        this.sqs = sqs;
        this.configuredQueueUrl = configuredQueueUrl;
    }

    /** The URL of the queue an event source ARN ({@code arn:aws:sqs:<region>:<account>:<name>}) names. */
    public Optional<String> queueUrl(String arn) {
        if (arn == null) {
            return configuredQueueUrl;
        }
        String[] parts = arn.split(":", -1);
        if (parts.length != 6) {
            return configuredQueueUrl;
        }
        String account = parts[4];
        String name = parts[5];
        if (configuredQueueUrl.filter(url -> url.endsWith("/" + name)).isPresent()) {
            return configuredQueueUrl;
        }
        try {
            return Optional.of(urlsByArn.computeIfAbsent(arn, a -> sqs.getQueueUrl(
                    q -> q.queueName(name).queueOwnerAWSAccountId(account)).queueUrl()));
        } catch (SdkException e) {
            LOG.warn("cannot find the URL of queue {}: {}", name, e.toString());
            return Optional.empty();
        }
    }

    /** Makes a received message visible again after {@code delay} (zero: at once); false when SQS refused. */
    public boolean hideFor(String queueUrl, String receiptHandle, Duration delay) {
        try {
            sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout(Math.toIntExact(delay.toSeconds())));
            return true;
        } catch (SdkException e) {
            LOG.warn("cannot change the visibility of a sync message: {}", e.toString());
            return false;
        }
    }

    /**
     * Sends a copy of a message to the FIFO dead-letter queue, in its group, with its failure as attributes. The
     * deduplication id is the original message id, so a copy sent twice (the handler crashed before the original
     * was deleted) is kept once.
     *
     * @return false when SQS did not take it
     */
    public boolean deadLetter(String deadLetterQueueUrl, String messageId, String group, String body, String reason,
            String retryClass, int receiveCount, Optional<String> sentTimestamp) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>(Map.of(
                REASON_ATTRIBUTE, text(reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…"),
                RETRY_CLASS_ATTRIBUTE, text(retryClass),
                RECEIVE_COUNT_ATTRIBUTE, number(Integer.toString(receiveCount))));
        sentTimestamp.filter(t -> t.matches("[0-9]{1,19}"))
                .ifPresent(t -> attributes.put(DeadLetterQueue.SENT_TIMESTAMP_ATTRIBUTE, number(t)));
        try {
            sqs.sendMessage(m -> m.queueUrl(deadLetterQueueUrl).messageBody(body).messageGroupId(group)
                    .messageDeduplicationId(messageId)
                    .messageAttributes(attributes));
            return true;
        } catch (SdkException e) {
            LOG.warn("cannot move sync message {} to the dead-letter queue: {}", messageId, e.toString());
            return false;
        }
    }

    private static MessageAttributeValue number(String value) {
        return MessageAttributeValue.builder().dataType("Number").stringValue(value).build();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value.isEmpty() ? "-" : value).build();
    }
}
