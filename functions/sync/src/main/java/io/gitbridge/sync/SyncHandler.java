package io.gitbridge.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.provider.Providers;
import io.gitbridge.logging.LogContext;
import io.gitbridge.metrics.Metrics;
import io.gitbridge.sync.internal.QueueControl;
import io.gitbridge.sync.internal.RecordBudget;
import io.gitbridge.sync.store.WorkRepositoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The sync function: takes a batch of sync requests from the FIFO queue and syncs each into its hook's build
 * branch. Only failed records are reported back (partial batch response), so only they are retried:
 * <ul>
 * <li>a record is started only while the invocation has time for it ({@link RetrySettings#recordBudget()});
 *     the rest are handed back visible at once, so the function timeout never cuts a batch;</li>
 * <li>a failed record stays invisible for the backoff its receive count selects, then comes back;</li>
 * <li>on its last receive (fewer for causes only the admin can fix) a failed record is moved to the dead-letter
 *     queue with its reason, and one ERROR line says so;</li>
 * <li>after a record of a message group fails, the later records of that group in the batch are handed back
 *     unprocessed with the same delay, so a hook's syncs never overtake each other.</li>
 * </ul>
 */
public final class SyncHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The SQS system attribute that orders a FIFO queue's messages. */
    static final String MESSAGE_GROUP_ID = "MessageGroupId";
    /** The SQS system attribute counting a message's receives, this one included. */
    static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    private static final Logger LOG = LoggerFactory.getLogger(SyncHandler.class);
    private static final int MAX_LOGGED_REASON = 500;

    private final HookRepository hooks;
    private final DeliveryLog deliveries;
    private final HookSyncer syncer;
    private final Clock clock;
    private final RetrySettings retries;
    private final Optional<QueueControl> queue;
    private final RecordBudget budget;

    /** The Lambda runtime's constructor: AWS stores and settings from the environment, work repositories in /tmp. */
    public SyncHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    private SyncHandler(AwsRuntime runtime) {
        this(runtime.hooks(), runtime.deliveries(), withGitHubApp(
                new GitHookSyncer(Providers.standard(), Path.of(System.getProperty("java.io.tmpdir"), "gitbridge"),
                        runtime.config().urlPolicy(), Clock.systemUTC())
                        .withStore(WorkRepositoryStore.fromEnvironment(System.getenv())), runtime),
                Clock.systemUTC(), RetrySettings.fromEnvironment(System.getenv()), AwsClients.sqs(runtime.config()),
                runtime.config().syncQueueUrl());
    }

    /** The syncer reading hooks in GitHub App mode with the app's installation tokens, when the stack has its table. */
    private static GitHookSyncer withGitHubApp(GitHookSyncer syncer, AwsRuntime runtime) {
        return runtime.gitHubApp().map(store -> syncer.withGitHubApp(InstallationTokens.fromStore(store,
                Clock.systemUTC()))).orElse(syncer);
    }

    /** Syncs with Git, keeping each hook's work repository in {@code workRoot/<hook id>}; no backoff of its own. */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, Providers providers, Path workRoot,
            boolean allowFileUrls, Clock clock) {
        this(hooks, deliveries, new GitHookSyncer(providers, workRoot, allowFileUrls, clock), clock);
    }

    /** Syncs with Git under {@code urlPolicy}, keeping each hook's work repository in {@code workRoot/<hook id>}. */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, Providers providers, Path workRoot,
            UrlPolicy urlPolicy, Clock clock) {
        this(hooks, deliveries, new GitHookSyncer(providers, workRoot, urlPolicy, clock), clock);
    }

    /**
     * Syncs with Git in {@code workRoot} and spaces retries as {@code retries} says through {@code sqs}: the local
     * runner's constructor.
     */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, Providers providers, Path workRoot,
            UrlPolicy urlPolicy, Clock clock, RetrySettings retries, SqsClient sqs, String queueUrl) {
        this(hooks, deliveries, new GitHookSyncer(providers, workRoot, urlPolicy, clock), clock, retries, sqs,
                queueUrl);
    }

    /** Syncs with {@code syncer}, leaving retries to the queue's visibility timeout and redrive policy. */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, HookSyncer syncer, Clock clock) {
        this(hooks, deliveries, syncer, clock, RetrySettings.defaults(), Optional.empty());
    }

    /** Syncs with {@code syncer} under {@code retries}' time budget, leaving the spacing of retries to the queue. */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, HookSyncer syncer, Clock clock,
            RetrySettings retries) {
        this(hooks, deliveries, syncer, clock, retries, Optional.empty());
    }

    /**
     * Syncs with {@code syncer} and spaces retries as {@code retries} says through {@code sqs}, the client of the
     * queue the records come from.
     *
     * @param queueUrl the sync queue's URL (the records name their queue by ARN; its URL is asked of SQS when
     *        this one does not match)
     */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, HookSyncer syncer, Clock clock,
            RetrySettings retries, SqsClient sqs, String queueUrl) {
        this(hooks, deliveries, syncer, clock, retries,
                Optional.of(new QueueControl(sqs, Optional.ofNullable(queueUrl).filter(u -> !u.isBlank()))));
    }

    private SyncHandler(HookRepository hooks, DeliveryLog deliveries, HookSyncer syncer, Clock clock,
            RetrySettings retries, Optional<QueueControl> queue) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.syncer = syncer;
        this.clock = clock;
        this.retries = retries;
        this.queue = queue;
        this.budget = new RecordBudget(retries.recordBudget());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LogContext.begin(context);
        List<BatchItemFailure> failures = new ArrayList<>();
        Map<String, Duration> failedGroups = new HashMap<>();
        int outOfTime = 0;
        for (SQSMessage message : records(event)) {
            LogContext.newRecord();
            Optional<String> group = messageGroup(message);
            Duration delay;
            if (context != null && !budget.allows(context.getRemainingTimeInMillis())) {
                outOfTime++;
                delay = Duration.ZERO;
            } else if (group.isPresent() && failedGroups.containsKey(group.get())) {
                LOG.warn("message {} not processed: an earlier message of its group failed in this batch",
                        message.getMessageId());
                delay = failedGroups.get(group.get());
            } else {
                long started = System.nanoTime();
                Optional<Duration> retryAfter = process(message);
                budget.observe(Duration.ofNanos(System.nanoTime() - started));
                if (retryAfter.isEmpty()) {
                    continue;
                }
                delay = retryAfter.get();
                group.ifPresent(g -> failedGroups.put(g, retryAfter.get()));
            }
            hide(message, delay);
            failures.add(new BatchItemFailure(message.getMessageId()));
        }
        if (outOfTime > 0) {
            LOG.info("{} message(s) handed back unprocessed: less than {} s of the invocation left", outOfTime,
                    budget.perRecord().toSeconds());
        }
        return new SQSBatchResponse(failures);
    }

    /** Decodes and syncs one message; empty when it is done, else how long it should wait before coming back. */
    private Optional<Duration> process(SQSMessage message) {
        SyncRequest request;
        try {
            request = SyncRequestCodec.decode(message.getBody());
        } catch (IllegalArgumentException e) {
            LOG.warn("message {} is not a sync request: {}", message.getMessageId(), cut(e.getMessage()));
            return failed(message, null, RetryClass.PERMANENT, "the message is not a sync request: " + e.getMessage());
        }
        Failure failure = new Failure();
        SyncService.Outcome outcome;
        try {
            outcome = new SyncService(hooks, deliveries, syncer, clock, failure::set).sync(request);
        } catch (RuntimeException e) {
            LOG.warn("message {} for hook {} delivery {} failed before its outcome was recorded: {}",
                    message.getMessageId(), request.hookId(), request.deliveryId(), e.toString());
            return failed(message, request, RetryClass.TRANSIENT,
                    "the hook store failed: " + e.getClass().getSimpleName());
        }
        if (!outcome.retry()) {
            return Optional.empty();
        }
        return failed(message, request, failure.retryClass, failure.reason);
    }

    /**
     * A failed record: its backoff, or, on its last receive for its cause, dead-lettered (moved by the handler when
     * it has a dead-letter queue, else left for the queue's redrive policy).
     */
    private Optional<Duration> failed(SQSMessage message, SyncRequest request, RetryClass cause, String reason) {
        int receives = receiveCount(message);
        if (receives < retries.maxReceives(cause)) {
            return Optional.of(retries.delayAfter(receives));
        }
        boolean moved = moveToDeadLetters(message, request, cause, reason, receives);
        if (moved || receives >= retries.maxReceives()) {
            LOG.error("sync dead-lettered: hook {} delivery {} commit {} after {} receive(s), {} failure: {}",
                    request == null ? "-" : request.hookId(), request == null ? "-" : request.deliveryId(),
                    request == null ? "-" : request.commitIfSet().orElse("head of " + request.ref()), receives,
                    cause.name().toLowerCase(java.util.Locale.ROOT), cut(reason));
            Metrics.get().deadLettered(request == null ? "-" : request.hookId(), cut(reason));
        }
        // Not moved: visible again at once, so the queue's redrive policy moves it on its next receive.
        return moved ? Optional.empty() : Optional.of(receives >= retries.maxReceives() ? Duration.ZERO
                : retries.delayAfter(receives));
    }

    private boolean moveToDeadLetters(SQSMessage message, SyncRequest request, RetryClass cause, String reason,
            int receives) {
        if (queue.isEmpty() || retries.deadLetterQueueUrl().isEmpty()) {
            return false;
        }
        String group = messageGroup(message).orElse(request == null ? "undecodable" : request.hookId());
        return queue.get().deadLetter(retries.deadLetterQueueUrl().get(), message.getMessageId(), group,
                message.getBody(), reason, cause.name(), receives,
                Optional.ofNullable(message.getAttributes()).map(a -> a.get("SentTimestamp")));
    }

    /** Sets how long a handed-back record stays invisible; without SQS access the queue's timeout applies. */
    private void hide(SQSMessage message, Duration delay) {
        if (queue.isEmpty() || message.getReceiptHandle() == null) {
            return;
        }
        queue.get().queueUrl(message.getEventSourceArn())
                .ifPresent(url -> queue.get().hideFor(url, message.getReceiptHandle(), delay));
    }

    private static int receiveCount(SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get(RECEIVE_COUNT);
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String cut(String reason) {
        String text = reason == null ? "" : reason.replaceAll("[\\r\\n]+", " ");
        return text.length() <= MAX_LOGGED_REASON ? text : text.substring(0, MAX_LOGGED_REASON) + "…";
    }

    private static List<SQSMessage> records(SQSEvent event) {
        return event == null || event.getRecords() == null ? List.of() : event.getRecords();
    }

    private static Optional<String> messageGroup(SQSMessage message) {
        return Optional.ofNullable(message.getAttributes()).map(a -> a.get(MESSAGE_GROUP_ID));
    }

    /** The cause of the one failure a record's sync reported; transient and internal until told otherwise. */
    private static final class Failure {
        private RetryClass retryClass = RetryClass.TRANSIENT;
        private String reason = SyncService.INTERNAL_ERROR;

        void set(RetryClass retryClass, String reason) {
            this.retryClass = retryClass;
            this.reason = reason;
        }
    }
}
