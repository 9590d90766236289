package io.gitbridge.testkit.deliveries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Fixture payloads changed for a test: read {@code events/<fixture>}, apply a change, write compact bytes. */
public final class Payloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Payloads() {
    }

    /** The fixture as a mutable JSON object. */
    public static ObjectNode read(String fixture) {
        try {
            return (ObjectNode) MAPPER.readTree(Fixtures.bytes(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with {@code change} applied, as UTF-8 bytes. */
    public static byte[] changed(String fixture, Consumer<ObjectNode> change) {
        ObjectNode payload = read(fixture);
        change.accept(payload);
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The object at {@code path} below {@code node}, e.g. {@code at(payload, "workflow_run")}. */
    public static ObjectNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.get(field);
        }
        return (ObjectNode) current;
    }
}
