package io.gitbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ with a data directory, stopped or killed and started again on the same directory. */
class EmbeddedSqsDurabilityIT {

    private static final String QUEUE = "sync.fifo";
    private static final String DLQ = "sync-dlq.fifo";
    private static final int MAX_RECEIVES = 3;

    @TempDir
    Path dataDir;

    @Test
    void restart_keepsUndeletedMessages_withReceiveCountsFifoOrderVisibilityAndRedrivePolicy()
            throws InterruptedException {
        try (EmbeddedSqs sqs = EmbeddedSqs.start(0, dataDir); SqsClient client = EmbeddedSqsIT.client(sqs.endpoint())) {
            assertThat(sqs.durable()).isTrue();
            String queueUrl = createQueues(client);
            for (String body : List.of("a1", "a2", "a3")) {
                send(client, queueUrl, body, "a");
            }
            send(client, queueUrl, "b1", "b");
            // a1 is in flight (visibility 2 s) when the server stops.
            assertThat(receive(client, queueUrl, 1, 2)).extracting(Message::body).containsExactly("a1");
        }

        try (EmbeddedSqs sqs = EmbeddedSqs.start(0, dataDir); SqsClient client = EmbeddedSqsIT.client(sqs.endpoint())) {
            String queueUrl = client.getQueueUrl(q -> q.queueName(QUEUE)).queueUrl();
            assertThat(client.getQueueAttributes(a -> a.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY, QueueAttributeName.FIFO_QUEUE)).attributes())
                    .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                    .hasEntrySatisfying(QueueAttributeName.REDRIVE_POLICY, policy -> assertThat(policy)
                            .contains(DLQ).containsPattern("\"maxReceiveCount\":\"?" + MAX_RECEIVES + "\"?"));

            // Group a waits behind its message in flight; group b is free.
            List<Message> first = receive(client, queueUrl, 10, 30);
            assertThat(first).extracting(Message::body).containsExactly("b1");
            delete(client, queueUrl, first);

            List<Message> again = receiveWithin(client, queueUrl, Duration.ofSeconds(10), 30);
            assertThat(again).extracting(Message::body).containsExactly("a1");
            assertThat(receiveCount(again.get(0))).isEqualTo(2);
            // Released at once (as a retry with no backoff would), received a third time, and the server stops.
            client.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(again.get(0).receiptHandle())
                    .visibilityTimeout(0));
            assertThat(receive(client, queueUrl, 1, 0)).extracting(this::receiveCount).containsExactly(3);
        }

        try (EmbeddedSqs sqs = EmbeddedSqs.start(0, dataDir); SqsClient client = EmbeddedSqsIT.client(sqs.endpoint())) {
            String queueUrl = client.getQueueUrl(q -> q.queueName(QUEUE)).queueUrl();
            String dlqUrl = client.getQueueUrl(q -> q.queueName(DLQ)).queueUrl();
            // a1 has used its three receives: the restored redrive policy moves it, and a2, a3 follow in order.
            List<Message> rest = receive(client, queueUrl, 10, 30);
            assertThat(rest).extracting(Message::body).containsExactly("a2", "a3");
            assertThat(rest).extracting(this::receiveCount).containsExactly(1, 1);
            delete(client, queueUrl, rest);
            assertThat(receiveWithin(client, dlqUrl, Duration.ofSeconds(5), 0)).extracting(Message::body)
                    .containsExactly("a1");
        }

        try (EmbeddedSqs sqs = EmbeddedSqs.start(0, dataDir); SqsClient client = EmbeddedSqsIT.client(sqs.endpoint())) {
            String queueUrl = client.getQueueUrl(q -> q.queueName(QUEUE)).queueUrl();
            String dlqUrl = client.getQueueUrl(q -> q.queueName(DLQ)).queueUrl();
            assertThat(receive(client, queueUrl, 10, 30)).isEmpty();
            // The dead letter survived a restart too, with its visibility.
            assertThat(receiveWithin(client, dlqUrl, Duration.ofSeconds(5), 0)).extracting(Message::body)
                    .containsExactly("a1");
        }
    }

    @Test
    void kill9_losesNoMessageThatWasAccepted_andKeepsOrderPerGroup() throws Exception {
        Process child = startChild(dataDir);
        List<String> sent = new ArrayList<>();
        try {
            URI endpoint = URI.create(awaitEndpoint(child));
            try (SqsClient client = EmbeddedSqsIT.client(endpoint)) {
                String queueUrl = createQueues(client);
                for (int i = 0; i < 20; i++) {
                    String body = (i % 2 == 0 ? "a" : "b") + i;
                    send(client, queueUrl, body, body.substring(0, 1));
                    sent.add(body);
                }
                assertThat(receive(client, queueUrl, 1, 1)).extracting(Message::body).containsExactly("a0");
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        try (EmbeddedSqs sqs = EmbeddedSqs.start(0, dataDir); SqsClient client = EmbeddedSqsIT.client(sqs.endpoint())) {
            String queueUrl = client.getQueueUrl(q -> q.queueName(QUEUE)).queueUrl();
            List<Message> received = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(15);
            while (received.size() < sent.size() && Instant.now().isBefore(deadline)) {
                List<Message> batch = receive(client, queueUrl, 10, 30);
                received.addAll(batch);
                delete(client, queueUrl, batch);
            }
            assertThat(received).extracting(Message::body).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(received).extracting(Message::body).filteredOn(body -> body.startsWith("a"))
                    .containsExactlyElementsOf(sent.stream().filter(body -> body.startsWith("a")).toList());
            assertThat(received).extracting(Message::body).filteredOn(body -> body.startsWith("b"))
                    .containsExactlyElementsOf(sent.stream().filter(body -> body.startsWith("b")).toList());
            assertThat(received).filteredOn(m -> m.body().equals("a0")).extracting(this::receiveCount)
                    .containsExactly(2);
        }
    }

    @Test
    void start_refusesADataDirectoryAnotherProcessHasOpen_andCanStartOnceItIsGone() throws Exception {
        Process child = startChild(dataDir);
        try {
            awaitEndpoint(child);
            assertThatThrownBy(() -> EmbeddedSqs.start(0, dataDir))
                    .isInstanceOf(EmbeddedServiceException.class)
                    .hasMessageContaining("is another gitbridge runner using this data directory?");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        try (EmbeddedSqs sqs = EmbeddedSqs.start(0, dataDir)) {
            assertThat(sqs.durable()).isTrue();
        }
    }

    private static String createQueues(SqsClient client) {
        String dlqUrl = client.createQueue(b -> b.queueName(DLQ)
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return client.createQueue(b -> b.queueName(QUEUE).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}")))
                .queueUrl();
    }

    private static void send(SqsClient client, String queueUrl, String body, String group) {
        client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageGroupId(group)
                .messageDeduplicationId(body));
    }

    private static List<Message> receive(SqsClient client, String queueUrl, int max, int visibilitySeconds) {
        return client.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max)
                .visibilityTimeout(visibilitySeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    /** Polls every 100 ms until a message is visible, and receives one. */
    private static List<Message> receiveWithin(SqsClient client, String queueUrl, Duration limit,
                                               int visibilitySeconds) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            List<Message> messages = receive(client, queueUrl, 1, visibilitySeconds);
            if (!messages.isEmpty()) {
                return messages;
            }
            Thread.sleep(100);
        }
        return List.of();
    }

    private static void delete(SqsClient client, String queueUrl, List<Message> messages) {
        for (Message message : messages) {
            client.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
    }

    private int receiveCount(Message message) {
        return Integer.parseInt(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    private static Process startChild(Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial collector, as the test JVMs run: a short-lived child spends less CPU starting.
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                DurableSqsProcess.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String awaitEndpoint(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("endpoint=")) {
                return line.substring("endpoint=".length());
            }
        }
        throw new IllegalStateException("the ElasticMQ process ended before it started");
    }
}
