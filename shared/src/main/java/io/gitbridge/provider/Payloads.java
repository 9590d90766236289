package io.gitbridge.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads verified delivery bodies: JSON, or a form whose {@code payload} field holds the JSON. */
public final class Payloads {

    private Payloads() {
    }

    /**
     * The delivery's JSON object, from a JSON body or from the {@code payload} field of a form body.
     *
     * @throws MalformedPayloadException when there is no JSON object to read
     */
    public static JsonNode json(WebhookRequest request) {
        byte[] body = request.body();
        String json = "application/x-www-form-urlencoded".equals(request.mediaType())
                ? formField(new String(body, StandardCharsets.UTF_8), "payload")
                : new String(body, StandardCharsets.UTF_8);
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
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(URLDecoder.decode(key, StandardCharsets.UTF_8))) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new MalformedPayloadException("form field " + name + " is not URL-encoded", e);
                }
            }
        }
        throw new MalformedPayloadException("form body has no " + name + " field");
    }
}
