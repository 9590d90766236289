package io.gitbridge.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads verified delivery bodies: JSON, or a form whose {@code payload} field holds the JSON. */
public final class Payloads {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PAYLOAD_FIELD = "payload";

    private Payloads() {
    }

    /**
     * The delivery's JSON object, read from {@link #jsonBytes}.
     *
     * @throws MalformedPayloadException when there is no JSON object to read
     */
    public static JsonNode json(WebhookRequest request) {
        String json = new String(jsonBytes(request), StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedPayloadException("body could not be read", e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPayloadException("body is not a JSON object");
        }
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

    /** A required string field, e.g. {@code text(payload, "workflow_run", "head_sha")}. */
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

    /** An optional boolean field; false when absent. */
    public static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.asBoolean(false);
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
