package io.gitbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * GitHub push bodies of a chosen size: {@code events/github/push.json}, its {@code commits} array padded with
 * copies of its commit (each with its own id and message) until the compact JSON reaches the size asked for.
 * {@code ref} and {@code after} stay the fixture's, so the push still classifies as a sync of the same commit.
 */
final class PaddedPushPayloads {

    /** The fixture, unchanged. */
    static final String FIXTURE = "fixture";

    private static final String PUSH = "github/push.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PaddedPushPayloads() {
    }

    /**
     * The body for a size name: {@value #FIXTURE}, or {@code <n>KB} / {@code <n>MB} for at least n × 1,000 /
     * n × 1,000,000 bytes.
     */
    static byte[] body(String size) {
        if (FIXTURE.equals(size)) {
            return Fixtures.bytes(PUSH);
        }
        if (!size.endsWith("MB") && !size.endsWith("KB")) {
            throw new IllegalArgumentException("size is 'fixture', '<n>KB' or '<n>MB': " + size);
        }
        long unit = size.endsWith("MB") ? 1_000_000L : 1_000L;
        return padded(Long.parseLong(size.substring(0, size.length() - 2)) * unit);
    }

    /** The fixture with its commits array padded until the compact body has at least {@code minBytes} bytes. */
    static byte[] padded(long minBytes) {
        try {
            ObjectNode push = (ObjectNode) MAPPER.readTree(Fixtures.bytes(PUSH));
            ArrayNode commits = (ArrayNode) push.get("commits");
            ObjectNode template = (ObjectNode) commits.get(0);
            long templateBytes = MAPPER.writeValueAsBytes(template).length + 1L;
            long fixed = MAPPER.writeValueAsBytes(push).length;
            long copies = Math.max(0, (minBytes - fixed + templateBytes - 1) / templateBytes);
            for (long i = 0; i < copies; i++) {
                ObjectNode copy = template.deepCopy();
                copy.put("id", String.format("%040x", i + 1));
                copy.put("message", template.get("message").asText() + " (" + (i + 1) + ")");
                commits.insert(0, copy);
            }
            byte[] body = MAPPER.writeValueAsBytes(push);
            while (body.length < minBytes) {
                commits.insert(0, template.deepCopy());
                body = MAPPER.writeValueAsBytes(push);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many entries a body's commits array has, to report alongside its size. */
    static int commitCount(byte[] body) {
        try {
            JsonNode commits = MAPPER.readTree(body).get("commits");
            return commits == null ? 0 : commits.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
