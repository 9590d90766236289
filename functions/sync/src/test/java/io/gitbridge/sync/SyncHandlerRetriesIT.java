package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.hook.Hook;
import io.gitbridge.sync.internal.QueueControl;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The handler's retry rules against ElasticMQ: the handler changes visibilities and moves dead letters on the
 * real queue, and the test plays Lambda's event source (receive, invoke, delete what did not fail).
 */
class SyncHandlerRetriesIT {

    private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");
    private static final String A = "hk_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "hk_bbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String C = "hk_cccccccccccccccccccccccccc";
    private static final String TRANSIENT = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    private static final String PERMANENT = "ffffffffffffffffffffffffffffffffffffffff";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final SqsClient sqs = aws.sqs();
    private final InMemoryHookRepository hooks = new InMemoryHookRepository();
    private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();
    private final ScriptedSyncer syncer = new ScriptedSyncer();
    private final String queueUrl;
    private final String deadLetterUrl;

    SyncHandlerRetriesIT() {
        String name = aws.uniqueName("retries");
        // The queue's redrive count leaves room for receives that were handed back unprocessed, as in the template.
        queueUrl = Provisioning.createSyncQueue(sqs, name + ".fifo", 12, 30);
        deadLetterUrl = sqs.getQueueUrl(q -> q.queueName(name + "-dlq.fifo")).queueUrl();
        for (String hook : List.of(A, B, C)) {
            hooks.create(TestHooks.hook(hook, "https://git.example/" + hook, null, "https://build.example/" + hook,
                    null));
        }
    }

    @Test
    void handleRequest_handsBackWhatDoesNotFitTheRemainingTime_soNoRecordRunsTwiceAndNoneIsLost() {
        List<SyncRequest> sent = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            SyncRequest request = request(List.of(A, B, C).get(i % 3), i, commit(i + 1));
            send(request);
            sent.add(request);
        }
        // Every sync takes 100 s of a 300 s invocation, and a record needs 200 s: two records per invocation.
        AtomicInteger remaining = new AtomicInteger();
        syncer.cost = () -> remaining.addAndGet(-100_000);
        SyncHandler handler = handler(settings("0s", 5, 3, Duration.ofSeconds(200)));

        int invocations = 0;
        while (approximateMessages(queueUrl) > 0 && invocations < 30) {
            remaining.set(300_000);
            Invocation invocation = invoke(handler, new RemainingTimeContext(remaining::get));
            assertThat(invocation.received.size() - invocation.failed.size()).isLessThanOrEqualTo(2);
            invocations++;
        }

        assertThat(syncer.deliveries).containsExactlyInAnyOrderElementsOf(
                sent.stream().map(SyncRequest::deliveryId).toList());
        assertThat(syncer.deliveries).doesNotHaveDuplicates();
        for (String hook : List.of(A, B, C)) {
            assertThat(syncer.deliveries.stream().filter(d -> d.startsWith(hook)).toList())
                    .isSortedAccordingTo((x, y) -> Integer.compare(index(x), index(y)));
        }
        assertThat(invocations).isGreaterThanOrEqualTo(5);
        assertThat(approximateMessages(deadLetterUrl)).isZero();
    }

    @Test
    void handleRequest_keepsAFailedMessageInvisibleForTheDelayItsReceiveCountSelects() throws InterruptedException {
        send(request(A, 1, TRANSIENT));
        SyncHandler handler = handler(settings("2s,30s", 5, 3, Duration.ZERO));

        Invocation first = invoke(handler, null);
        long failedAt = System.nanoTime();
        assertThat(first.failed).hasSize(1);
        assertThat(receive(0)).isEmpty();

        Message again = awaitVisible(Duration.ofSeconds(10));
        long waited = Duration.ofNanos(System.nanoTime() - failedAt).toMillis();
        assertThat(waited).isBetween(1_500L, 6_000L);
        assertThat(again.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
        sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(again.receiptHandle()).visibilityTimeout(0));

        Invocation second = invoke(handler, null);
        assertThat(second.failed).hasSize(1);
        Thread.sleep(3_000);
        assertThat(receive(0)).as("second failure waits 30 s").isEmpty();
        assertThat(syncer.deliveries).hasSize(2);
    }

    @Test
    void handleRequest_keepsAHooksLaterSyncBehindItsFailedOne_whileTheFailedOneWaits() throws InterruptedException {
        send(request(A, 1, TRANSIENT));
        SyncHandler handler = handler(settings("2s", 5, 3, Duration.ZERO));
        assertThat(invoke(handler, null).failed).hasSize(1);
        send(request(A, 2, commit(2)));
        send(request(B, 1, commit(3)));

        List<Message> meanwhile = receive(0);
        assertThat(meanwhile).extracting(m -> SyncRequestCodec.decode(m.body()).deliveryId()).containsExactly(B + "-1");
        sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(meanwhile.get(0).receiptHandle())
                .visibilityTimeout(60));

        Message next = awaitVisible(Duration.ofSeconds(10));
        assertThat(SyncRequestCodec.decode(next.body()).deliveryId()).isEqualTo(A + "-1");
    }

    @Test
    void handleRequest_deadLettersAPermanentFailureAfterFewReceives_retriesATransientOneLonger_andLogsOneErrorLine() {
        send(request(A, 1, PERMANENT));
        send(request(A, 2, commit(2)));
        send(request(B, 1, TRANSIENT));
        SyncHandler handler = handler(settings("0s", 4, 2, Duration.ZERO).withDeadLetterQueue(deadLetterUrl));

        String log = capturingStandardError(() -> {
            for (int i = 0; i < 10 && approximateMessages(queueUrl) > 0; i++) {
                invoke(handler, null);
            }
        });

        assertThat(approximateMessages(queueUrl)).isZero();
        assertThat(syncer.deliveries.stream().filter(d -> d.startsWith(A))).containsExactly(A + "-1", A + "-1", A + "-2");
        assertThat(syncer.deliveries.stream().filter(d -> d.startsWith(B))).containsExactly(B + "-1", B + "-1", B + "-1",
                B + "-1");
        Map<String, Message> dead = deadLetters();
        assertThat(dead).containsOnlyKeys(A + "-1", B + "-1");
        assertThat(dead.get(A + "-1").messageAttributes().get(QueueControl.RETRY_CLASS_ATTRIBUTE).stringValue())
                .isEqualTo("PERMANENT");
        assertThat(dead.get(A + "-1").messageAttributes().get(QueueControl.RECEIVE_COUNT_ATTRIBUTE).stringValue())
                .isEqualTo("2");
        assertThat(dead.get(A + "-1").messageAttributes().get(QueueControl.REASON_ATTRIBUTE).stringValue())
                .isEqualTo("the source repository rejected the token; check the hook's token");
        assertThat(dead.get(A + "-1").attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, A);
        assertThat(dead.get(B + "-1").messageAttributes().get(QueueControl.RETRY_CLASS_ATTRIBUTE).stringValue())
                .isEqualTo("TRANSIENT");
        assertThat(dead.get(B + "-1").messageAttributes().get(QueueControl.RECEIVE_COUNT_ATTRIBUTE).stringValue())
                .isEqualTo("4");

        List<String> errors = log.lines().filter(l -> l.contains(" ERROR ")).toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).endsWith("sync dead-lettered: hook " + A + " delivery " + A + "-1 commit " + PERMANENT
                + " after 2 receive(s), permanent failure: the source repository rejected the token; check the hook's"
                + " token");
        assertThat(errors.get(1)).endsWith("sync dead-lettered: hook " + B + " delivery " + B + "-1 commit " + TRANSIENT
                + " after 4 receive(s), transient failure: cannot fetch branch main from the build repository: "
                + "connection refused");
        assertThat(log).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void handleRequest_deadLettersAnUndecodableMessageOnItsPermanentLimit() {
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody("{\"not\":\"a request\"}").messageGroupId("odd")
                .messageDeduplicationId("odd-1"));
        SyncHandler handler = handler(settings("0s", 4, 1, Duration.ZERO).withDeadLetterQueue(deadLetterUrl));

        Invocation invocation = invoke(handler, null);

        assertThat(invocation.failed).isEmpty();
        assertThat(approximateMessages(queueUrl)).isZero();
        Message dead = deadLetters().values().iterator().next();
        assertThat(dead.body()).isEqualTo("{\"not\":\"a request\"}");
        assertThat(dead.messageAttributes().get(QueueControl.REASON_ATTRIBUTE).stringValue())
                .startsWith("the message is not a sync request: ");
    }

    private SyncHandler handler(RetrySettings settings) {
        return new SyncHandler(hooks, deliveries, syncer, Clock.fixed(NOW, ZoneOffset.UTC), settings, sqs, queueUrl);
    }

    private static RetrySettings settings(String ladder, int maxReceives, int permanentMaxReceives, Duration budget) {
        return new RetrySettings(RetrySettings.ladder(ladder), maxReceives, permanentMaxReceives, Optional.empty(),
                budget);
    }

    private void send(SyncRequest request) {
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(SyncRequestCodec.encode(request))
                .messageGroupId(request.hookId()).messageDeduplicationId(request.deliveryId()));
    }

    /** One poll of Lambda's event source: receive a batch, invoke, delete the records that did not fail. */
    private Invocation invoke(SyncHandler handler, Context context) {
        List<Message> messages = receive(1);
        if (messages.isEmpty()) {
            return new Invocation(List.of(), Set.of());
        }
        String arn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> record(m, arn)).toList());
        SQSBatchResponse response = handler.handleRequest(event, context);
        Set<String> failed = response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return new Invocation(messages, failed);
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    private Message awaitVisible(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = receive(0);
            if (!messages.isEmpty()) {
                return messages.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the message did not come back within " + atMost);
    }

    private Map<String, Message> deadLetters() {
        Map<String, Message> byDelivery = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(deadLetterUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages()) {
                String key = m.body().startsWith("{\"not\"") ? m.messageId()
                        : SyncRequestCodec.decode(m.body()).deliveryId();
                byDelivery.put(key, m);
            }
        }
        return byDelivery;
    }

    private int approximateMessages(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static SQSEvent.SQSMessage record(Message message, String arn) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        Map<String, String> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.setAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(arn);
        return record;
    }

    private static String capturingStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    private static SyncRequest request(String hook, int index, String commit) {
        return new SyncRequest(hook, hook + "-" + index, commit, "refs/heads/main");
    }

    private static int index(String deliveryId) {
        return Integer.parseInt(deliveryId.substring(deliveryId.lastIndexOf('-') + 1));
    }

    private static String commit(int n) {
        char[] hex = new char[40];
        Arrays.fill(hex, Character.forDigit(n % 16, 16));
        return new String(hex);
    }

    private record Invocation(List<Message> received, Set<String> failed) {
    }

    /** Fails the commits {@link #TRANSIENT} and {@link #PERMANENT} the way SyncCommand does; syncs the rest. */
    private static final class ScriptedSyncer implements HookSyncer {
        final List<String> deliveries = Collections.synchronizedList(new ArrayList<>());
        Runnable cost = () -> { };

        @Override
        public SyncResult sync(Hook hook, SyncRequest request) {
            deliveries.add(request.deliveryId());
            cost.run();
            if (request.commit().equals(PERMANENT)) {
                throw SyncException.permanent(new SourceUnavailableException(
                        "the source repository rejected the token; check the hook's token"));
            }
            if (request.commit().equals(TRANSIENT)) {
                throw new BuildRepositoryUnavailableException(
                        "cannot fetch branch main from the build repository: connection refused");
            }
            ObjectId commit = ObjectId.fromString(request.commit());
            return new SyncResult(SyncResult.Status.FAST_FORWARD, commit, commit, null);
        }
    }
}
