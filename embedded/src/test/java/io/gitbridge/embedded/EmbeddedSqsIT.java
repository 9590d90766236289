package io.gitbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedSqsIT {

    @Test
    void start_movesAFifoMessageToItsDeadLetterQueue_afterMaxReceiveCount() {
        try (EmbeddedSqs sqs = EmbeddedSqs.start(0); SqsClient client = client(sqs.endpoint())) {
            String dlqUrl = client.createQueue(b -> b.queueName("sync-dlq.fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            assertThat(dlqArn).isEqualTo("arn:aws:sqs:us-east-1:000000000000:sync-dlq.fifo");

            String redrivePolicy = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}";
            String queueUrl = client.createQueue(b -> b.queueName("sync.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true",
                    QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                    QueueAttributeName.REDRIVE_POLICY, redrivePolicy))).queueUrl();
            assertThat(URI.create(queueUrl).getPort()).isEqualTo(sqs.endpoint().getPort());
            assertThat(client.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes()
                    .get(QueueAttributeName.REDRIVE_POLICY))
                    .contains(dlqArn)
                    .containsPattern("\"maxReceiveCount\":\"?2\"?");

            client.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"project\":\"acme/site\"}")
                    .messageGroupId("acme/site"));

            assertThat(receiveCounts(client, queueUrl)).containsExactly("1");
            assertThat(receiveCounts(client, queueUrl)).containsExactly("2");
            assertThat(receiveCounts(client, queueUrl)).isEmpty();

            List<Message> deadLetters = client.receiveMessage(b -> b.queueUrl(dlqUrl)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            assertThat(deadLetters).singleElement().satisfies(message -> {
                assertThat(message.body()).isEqualTo("{\"project\":\"acme/site\"}");
                assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "acme/site");
            });
        }
    }

    @Test
    void start_deliversAFifoGroupInOrder() {
        try (EmbeddedSqs sqs = EmbeddedSqs.start(0); SqsClient client = client(sqs.endpoint())) {
            String queueUrl = client.createQueue(b -> b.queueName("ordered.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true",
                    QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
            for (String body : List.of("first", "second", "third")) {
                client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageGroupId("acme/site"));
            }

            List<Message> received = client.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10))
                    .messages();

            assertThat(received).extracting(Message::body).containsExactly("first", "second", "third");
        }
    }

    @Test
    void start_listensOnTheRequestedPort_andNamesItInQueueUrls() throws IOException {
        int port = EmbeddedDynamoDbIT.freePort();
        try (EmbeddedSqs sqs = EmbeddedSqs.start(port); SqsClient client = client(sqs.endpoint())) {
            assertThat(sqs.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + port));
            assertThat(client.createQueue(b -> b.queueName("plain")).queueUrl())
                    .isEqualTo("http://127.0.0.1:" + port + "/000000000000/plain");
        }
    }

    @Test
    void close_releasesThePort() throws IOException {
        EmbeddedSqs sqs = EmbeddedSqs.start(0);
        int port = sqs.endpoint().getPort();

        sqs.close();
        sqs.close();

        assertThat(EmbeddedDynamoDbIT.accepts(port)).isFalse();
    }

    @Test
    void start_throwsEmbeddedServiceException_whenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedSqs.start(taken.getLocalPort()))
                    .isInstanceOf(EmbeddedServiceException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasCauseInstanceOf(RuntimeException.class);
        }
    }

    /** Receives with a zero visibility timeout so the next receive sees the message again at once. */
    private static List<String> receiveCounts(SqsClient client, String queueUrl) {
        return client.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages().stream()
                .map(message -> message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .toList();
    }

    static SqsClient client(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
