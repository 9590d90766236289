package io.gitbridge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import io.gitbridge.json.JsonText;

/** Writes and reads the JSON body of a queued {@link SyncRequest}. */
public final class SyncRequestCodec {

    private SyncRequestCodec() {
    }

    /** The message body for this request; a request for the head of its ref has no {@code commit}. */
    public static String encode(SyncRequest request) {
        // jackson-core only: the receiver, which queues requests, does not load databind.
        return request.commitIfSet()
                .map(commit -> JsonText.object("hookId", request.hookId(), "deliveryId", request.deliveryId(),
                        "commit", commit, "ref", request.ref()))
                .orElseGet(() -> JsonText.object("hookId", request.hookId(), "deliveryId", request.deliveryId(),
                        "ref", request.ref()));
    }

    /**
     * Reads a message body.
     *
     * @throws IllegalArgumentException when the body is not a sync request
     */
    public static SyncRequest decode(String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("sync request is not JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("sync request is not a JSON object");
        }
        JsonNode commit = node.get("commit");
        return new SyncRequest(text(node, "hookId"), text(node, "deliveryId"),
                commit == null || commit.isNull() ? null : text(node, "commit"), text(node, "ref"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("sync request lacks " + field);
        }
        return value.asText();
    }
}
