package io.gitbridge.aws;

import io.gitbridge.provider.Signatures;
import io.gitbridge.sync.QueueUnavailableException;
import io.gitbridge.sync.SyncQueue;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncRequestCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The FIFO sync queue: one message group per hook keeps each hook's syncs in order, and the deduplication id
 * (hook, delivery and attempt) drops a request sent twice within SQS's five-minute window.
 */
public final class SqsSyncQueue implements SyncQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSyncQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(SyncRequest request, String attempt) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl)
                    .messageBody(SyncRequestCodec.encode(request))
                    .messageGroupId(request.hookId())
                    .messageDeduplicationId(deduplicationId(request, attempt)));
        } catch (SdkException e) {
            throw new QueueUnavailableException("the sync queue did not accept the request", e);
        }
    }

    /** At most 128 characters, whatever the provider's delivery ids look like. */
    private static String deduplicationId(SyncRequest request, String attempt) {
        String key = request.hookId() + "\n" + request.deliveryId() + (attempt == null ? "" : "\n" + attempt);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Signatures.hex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
