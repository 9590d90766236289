package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.deadletter.DeadLetterQueue;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsDeadLetterQueueIT {

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final SqsClient sqs = aws.sqs();

    @Test
    void peek_listsSyncRequestsAndUnreadableMessages_andLeavesThemInTheQueue() {
        Queues queues = queues();
        SyncRequest request = new SyncRequest("hk_a", "delivery-1", "0123456789012345678901234567890123456789",
                "refs/heads/main");
        deadLetter(queues, SyncRequestCodec.encode(request), "hk_a", "d1");
        deadLetter(queues, "not a sync request", "hk_b", "d2");
        DeadLetterQueue queue = new SqsDeadLetterQueue(sqs, queues.dlq(), queues.sync(), false);

        List<DeadLetterQueue.Entry> first = queue.peek(10);
        List<DeadLetterQueue.Entry> second = queue.peek(10);

        assertThat(first).hasSize(2);
        assertThat(first).filteredOn(e -> e.request().isPresent()).singleElement().satisfies(e -> {
            assertThat(e.request()).contains(request);
            assertThat(e.receiveCount()).isZero();
            assertThat(e.sentAt()).isPresent();
        });
        assertThat(first).filteredOn(e -> e.request().isEmpty()).hasSize(1);
        assertThat(second).hasSize(2);
        assertThat(second).extracting(DeadLetterQueue.Entry::receiveCount).containsOnly(1);
    }

    @Test
    void move_sendsOneHooksDeadLettersToTheSyncQueue_andLeavesTheOthers() {
        Queues queues = queues();
        for (String hook : List.of("hk_a", "hk_b")) {
            for (int i = 1; i <= 12; i++) {
                deadLetter(queues, SyncRequestCodec.encode(new SyncRequest(hook, hook + "-d" + i, null,
                        "refs/heads/main")), hook, hook + "-d" + i);
            }
        }
        DeadLetterQueue queue = new SqsDeadLetterQueue(sqs, queues.dlq(), queues.sync(), false);

        DeadLetterQueue.Redrive redrive = queue.move("hk_a");

        assertThat(redrive.method()).isEqualTo("moved");
        assertThat(redrive.moved()).contains(12);
        List<String> moved = drain(queues.sync());
        assertThat(moved).hasSize(12).allSatisfy(body -> assertThat(SyncRequestCodec.decode(body).hookId())
                .isEqualTo("hk_a"));
        // In sending order: the FIFO group's order survives the move.
        assertThat(moved).extracting(body -> SyncRequestCodec.decode(body).deliveryId())
                .containsExactly("hk_a-d1", "hk_a-d2", "hk_a-d3", "hk_a-d4", "hk_a-d5", "hk_a-d6", "hk_a-d7",
                        "hk_a-d8", "hk_a-d9", "hk_a-d10", "hk_a-d11", "hk_a-d12");
        assertThat(queue.moveAll().moved()).contains(12);
        assertThat(drain(queues.sync())).hasSize(12);
        assertThat(queue.peek(10)).isEmpty();
    }

    @Test
    void createSyncQueue_onAnExistingQueueWithAnotherVisibilityTimeout_keepsItAndItsMessages() {
        String name = aws.uniqueName("sync") + ".fifo";
        String url = Provisioning.createSyncQueue(sqs, name, 3, 30);
        sqs.sendMessage(m -> m.queueUrl(url).messageBody("kept").messageGroupId("g").messageDeduplicationId("k"));

        String again = Provisioning.createSyncQueue(sqs, name, 4, 2);

        assertThat(again).isEqualTo(url);
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(a -> a.queueUrl(url)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY)).attributes();
        assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "2");
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).containsPattern("\"maxReceiveCount\":\"?4\"?");
        assertThat(drain(url)).containsExactly("kept");
    }

    private record Queues(String sync, String dlq) {
    }

    private Queues queues() {
        String name = aws.uniqueName("sync") + ".fifo";
        String sync = Provisioning.createSyncQueue(sqs, name, 3, 30);
        String dlq = sqs.getQueueUrl(q -> q.queueName(Provisioning.deadLetterQueueName(name))).queueUrl();
        return new Queues(sync, dlq);
    }

    private void deadLetter(Queues queues, String body, String group, String dedupe) {
        sqs.sendMessage(m -> m.queueUrl(queues.dlq()).messageBody(body).messageGroupId(group)
                .messageDeduplicationId(dedupe));
    }

    /** Receives and deletes everything in the queue, in the order received. */
    private List<String> drain(String url) {
        List<String> bodies = new java.util.ArrayList<>();
        for (int round = 0; round < 20; round++) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                bodies.add(message.body());
                sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
        return bodies;
    }
}
