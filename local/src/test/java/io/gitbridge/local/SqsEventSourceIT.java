package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The event source stand-in against ElasticMQ: it keeps the visibility the handler chose for a failed record. */
class SqsEventSourceIT {

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final SqsClient sqs = aws.sqs();

    @Test
    void failedRecord_comesBackAfterTheDelayTheHandlerSet_andASucceededOneIsDeleted() throws Exception {
        String queueUrl = Provisioning.createSyncQueue(sqs, aws.uniqueName("events") + ".fifo", 5, 30);
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody("retry-me").messageGroupId("g")
                .messageDeduplicationId("1"));
        List<Long> receivedAt = new CopyOnWriteArrayList<>();
        List<Integer> remaining = new CopyOnWriteArrayList<>();
        // Fails the first two receives, hiding the record for 1 s and then 2 s as the sync handler's backoff does.
        RequestHandler<SQSEvent, SQSBatchResponse> handler = (SQSEvent event, Context context) -> {
            SQSEvent.SQSMessage record = event.getRecords().get(0);
            receivedAt.add(System.nanoTime());
            remaining.add(context.getRemainingTimeInMillis());
            int receives = Integer.parseInt(record.getAttributes().get("ApproximateReceiveCount"));
            if (receives > 2) {
                return new SQSBatchResponse(List.of());
            }
            sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(record.getReceiptHandle())
                    .visibilityTimeout(receives));
            return new SQSBatchResponse(List.of(new BatchItemFailure(record.getMessageId())));
        };

        try (SqsEventSource source = new SqsEventSource(sqs, queueUrl, "us-east-1", handler)) {
            source.start();
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (receivedAt.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            while (messages(queueUrl) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        assertThat(receivedAt).hasSize(3);
        assertThat((receivedAt.get(1) - receivedAt.get(0)) / 1_000_000).isBetween(900L, 4_000L);
        assertThat((receivedAt.get(2) - receivedAt.get(1)) / 1_000_000).isBetween(1_900L, 5_000L);
        assertThat(remaining).allSatisfy(ms -> assertThat(ms).isGreaterThan(SqsEventSource.FUNCTION_TIMEOUT_MILLIS
                - 5_000));
        assertThat(messages(queueUrl)).isZero();
    }

    private int messages(String url) {
        var attributes = sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
