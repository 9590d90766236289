package io.gitbridge.sync;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hooks and SQS events for the sync tests. */
final class TestHooks {

    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    private TestHooks() {
    }

    /** A GitHub hook from {@code sourceRepo} branch main to {@code buildRepo} branch main. */
    static Hook hook(String id, String sourceRepo, String token, String buildRepo, String buildToken) {
        return Hook.builder().id(id).project("project-" + id).provider("github").sourceRepo(sourceRepo)
                .branch("main").events(new HookEvents(true, false)).secret("webhook-secret").token(token)
                .buildRepo(buildRepo).buildBranch("main").buildToken(buildToken).createdAt(CREATED).updatedAt(CREATED)
                .build();
    }

    /** A FIFO queue record with this id, group and body. */
    static SQSMessage message(String messageId, String group, String body) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(messageId);
        message.setBody(body);
        message.setEventSource("aws:sqs");
        Map<String, String> attributes = new HashMap<>();
        attributes.put("ApproximateReceiveCount", "1");
        if (group != null) {
            attributes.put(SyncHandler.MESSAGE_GROUP_ID, group);
        }
        message.setAttributes(attributes);
        return message;
    }

    /** A record carrying {@code request}, in the group of its hook as the receiver sends it. */
    static SQSMessage message(String messageId, SyncRequest request) {
        return message(messageId, request.hookId(), SyncRequestCodec.encode(request));
    }

    static SQSEvent event(SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(List.of(messages)));
        return event;
    }

    /** An SQS event in Lambda's JSON form (as in {@code events/sqs/*.json}), read into the Java event type. */
    static SQSEvent eventFromJson(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SQSMessage> messages = new ArrayList<>();
        for (JsonNode record : root.get("Records")) {
            SQSMessage message = new SQSMessage();
            message.setMessageId(record.get("messageId").asText());
            message.setReceiptHandle(record.get("receiptHandle").asText());
            message.setBody(record.get("body").asText());
            message.setEventSource(record.get("eventSource").asText());
            message.setEventSourceArn(record.get("eventSourceARN").asText());
            message.setAwsRegion(record.get("awsRegion").asText());
            Map<String, String> attributes = new HashMap<>();
            record.get("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            message.setAttributes(attributes);
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }
}
