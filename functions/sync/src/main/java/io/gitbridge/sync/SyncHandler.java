package io.gitbridge.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.delivery.DeliveryLog;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.provider.Providers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync function: takes a batch of sync requests from the FIFO queue and syncs each into its hook's build
 * branch. Only failed records are reported back (partial batch response), so only they are retried; after a
 * record of a message group fails, the later records of that group in the batch are reported failed without
 * being processed, so a hook's syncs never overtake each other.
 */
public final class SyncHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The SQS system attribute that orders a FIFO queue's messages. */
    static final String MESSAGE_GROUP_ID = "MessageGroupId";

    private static final Logger LOG = LoggerFactory.getLogger(SyncHandler.class);

    private final SyncService syncs;

    /** The Lambda runtime's constructor: AWS stores from the environment, work repositories under the temp dir. */
    public SyncHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    private SyncHandler(AwsRuntime runtime) {
        this(runtime.hooks(), runtime.deliveries(), Providers.standard(),
                Path.of(System.getProperty("java.io.tmpdir"), "gitbridge"), runtime.config().urlPolicy(),
                Clock.systemUTC());
    }

    /** Syncs with Git, keeping each hook's work repository in {@code workRoot/<hook id>}. */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, Providers providers, Path workRoot,
            boolean allowFileUrls, Clock clock) {
        this(hooks, deliveries, new GitHookSyncer(providers, workRoot, allowFileUrls, clock), clock);
    }

    /** Syncs with Git under {@code urlPolicy}, keeping each hook's work repository in {@code workRoot/<hook id>}. */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, Providers providers, Path workRoot,
            UrlPolicy urlPolicy, Clock clock) {
        this(hooks, deliveries, new GitHookSyncer(providers, workRoot, urlPolicy, clock), clock);
    }

    /** Syncs with {@code syncer}. */
    public SyncHandler(HookRepository hooks, DeliveryLog deliveries, HookSyncer syncer, Clock clock) {
        this.syncs = new SyncService(hooks, deliveries, syncer, clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<BatchItemFailure> failures = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        for (SQSMessage message : records(event)) {
            Optional<String> group = messageGroup(message);
            boolean blocked = group.isPresent() && failedGroups.contains(group.get());
            if (blocked) {
                LOG.warn("message {} not processed: an earlier message of its group failed in this batch",
                        message.getMessageId());
            }
            if (blocked || !process(message)) {
                failures.add(new BatchItemFailure(message.getMessageId()));
                group.ifPresent(failedGroups::add);
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Decodes and syncs one message; false when it should be delivered again. */
    private boolean process(SQSMessage message) {
        SyncRequest request;
        try {
            request = SyncRequestCodec.decode(message.getBody());
        } catch (IllegalArgumentException e) {
            LOG.error("message {} is not a sync request ({}); it goes to the dead-letter queue after its retries",
                    message.getMessageId(), e.getMessage());
            return false;
        }
        try {
            return !syncs.sync(request).retry();
        } catch (RuntimeException e) {
            LOG.error("message {} for hook {} failed", message.getMessageId(), request.hookId(), e);
            return false;
        }
    }

    private static List<SQSMessage> records(SQSEvent event) {
        return event == null || event.getRecords() == null ? List.of() : event.getRecords();
    }

    private static Optional<String> messageGroup(SQSMessage message) {
        return Optional.ofNullable(message.getAttributes()).map(a -> a.get(MESSAGE_GROUP_ID));
    }
}
