package io.gitbridge.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads verified delivery bodies, strictly: JSON, or a form whose {@code payload} field holds the JSON. A body must be
 * valid UTF-8 (a leading byte-order mark is skipped, as RFC 8259 allows) holding exactly one JSON object, without
 * duplicate keys, trailing content or numbers too large for a double; fields the decision reads must have the type it
 * expects. Every refusal is a {@link MalformedPayloadException} whose message repeats at most a short cut prefix of
 * the input.
 */
public final class Payloads {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PAYLOAD_FIELD = "payload";
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Payloads() {
    }

    /**
     * The delivery's JSON object, read from {@link #jsonBytes}.
     *
     * @throws MalformedPayloadException when there is no JSON object to read, or the body is not strictly one
     */
    public static JsonNode json(WebhookRequest request) {
        String json = utf8(jsonBytes(request));
        if (!json.isEmpty() && json.charAt(0) == BYTE_ORDER_MARK) {
            json = json.substring(1);
        }
        JsonNode node;
        try {
            node = Json.STRICT_READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("body is not valid JSON: " + Reasons.cut(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new MalformedPayloadException("body could not be read", e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPayloadException("body is not a JSON object");
        }
        requireFiniteNumbers(node);
        return node;
    }

    /**
     * The exact bytes of the JSON a delivery carries: the body, or for a form body the URL-decoded value of the first
     * field whose decoded name is {@code payload}. Signature checks and {@link #json} both read it, so the bytes
     * verified are always the bytes classified, whatever a forged form repeats or escapes.
     *
     * @throws MalformedPayloadException when a form body is not URL-encoded or has no {@code payload} field
     */
    public static byte[] jsonBytes(WebhookRequest request) {
        byte[] body = request.body();
        if (!FORM.equals(request.mediaType())) {
            return body;
        }
        return formField(new String(body, StandardCharsets.UTF_8), PAYLOAD_FIELD).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A required string field, e.g. {@code text(payload, "workflow_run", "head_sha")}.
     *
     * @throws MalformedPayloadException when it is missing, null or not a string
     */
    public static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            current = current == null ? null : current.get(field);
        }
        if (current == null || !current.isTextual()) {
            throw new MalformedPayloadException("payload lacks the string field " + String.join(".", path));
        }
        return current.asText();
    }

    /**
     * An optional string field: {@code fallback} when the field is absent or null.
     *
     * @throws MalformedPayloadException when it is present with another type than string
     */
    public static String optionalText(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new MalformedPayloadException("payload field " + field + " is not a string");
        }
        return value.asText();
    }

    /**
     * An optional boolean field; false when absent or null.
     *
     * @throws MalformedPayloadException when it is present with another type than boolean ({@code "yes"}, {@code 1})
     */
    public static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new MalformedPayloadException("payload field " + field + " is not a boolean");
        }
        return value.booleanValue();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPayloadException("body is not valid UTF-8", e);
        }
    }

    /** Refuses numbers JSON can write but a double cannot hold, such as {@code 1e999999}, anywhere in the tree. */
    private static void requireFiniteNumbers(JsonNode root) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw new MalformedPayloadException("body holds a number too large for a double");
            }
            if (node.isContainerNode()) {
                node.forEach(pending::push);
            }
        }
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (name.equals(urlDecode(eq < 0 ? pair : pair.substring(0, eq)))) {
                return eq < 0 ? "" : urlDecode(pair.substring(eq + 1));
            }
        }
        throw new MalformedPayloadException("form body has no " + name + " field");
    }

    private static String urlDecode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException("form body is not URL-encoded", e);
        }
    }
}
