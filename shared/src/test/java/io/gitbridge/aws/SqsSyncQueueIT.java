package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsSyncQueueIT {

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final SqsClient sqs = aws.sqs();

    @Test
    void send_queuesTheRequestInTheHooksGroup_andDropsAResend() {
        String url = Provisioning.createSyncQueue(sqs, aws.uniqueName("sync") + ".fifo", 3, 30);
        SqsSyncQueue queue = new SqsSyncQueue(sqs, url);
        SyncRequest request = new SyncRequest("hk_a", "d1", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "refs/heads/main");

        queue.send(request);
        queue.send(request);

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
        assertThat(messages).hasSize(1);
        assertThat(SyncRequestCodec.decode(messages.get(0).body())).isEqualTo(request);
        assertThat(messages.get(0).attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "hk_a");
    }

    @Test
    void send_withANewAttempt_isQueuedAgain_withinTheDeduplicationWindow() {
        String url = Provisioning.createSyncQueue(sqs, aws.uniqueName("sync") + ".fifo", 3, 30);
        SqsSyncQueue queue = new SqsSyncQueue(sqs, url);
        SyncRequest request = new SyncRequest("hk_a", "d1", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "refs/heads/main");

        queue.send(request);
        queue.send(request, "attempt-1");
        queue.send(request, "attempt-1");
        queue.send(request, "attempt-2");

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        assertThat(messages).hasSize(3);
        assertThat(messages).allSatisfy(m -> assertThat(SyncRequestCodec.decode(m.body())).isEqualTo(request));
    }

    @Test
    void send_carriesAHeadOfBranchRequest_withoutACommit() {
        String url = Provisioning.createSyncQueue(sqs, aws.uniqueName("sync") + ".fifo", 3, 30);

        new SqsSyncQueue(sqs, url).send(SyncRequest.headOf("hk_a", "sync_1", "refs/heads/main"));

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        assertThat(messages).hasSize(1);
        assertThat(SyncRequestCodec.decode(messages.get(0).body()))
                .isEqualTo(SyncRequest.headOf("hk_a", "sync_1", "refs/heads/main"));
    }

    @Test
    void send_throwsQueueUnavailable_whenTheQueueDoesNotExist() {
        SqsSyncQueue queue = new SqsSyncQueue(sqs, aws.sqsEndpoint() + "/000000000000/missing.fifo");

        assertThatThrownBy(() -> queue.send(new SyncRequest("hk_a", "d1", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                "refs/heads/main"))).isInstanceOf(QueueUnavailableException.class);
    }
}
