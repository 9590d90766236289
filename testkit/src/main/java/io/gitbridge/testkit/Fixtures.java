package io.gitbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fixture files under the repository's {@code events/} directory, the same ones {@code sam local invoke} uses. */
public final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    /** The {@code events/} directory, found from the working directory of any module. */
    public static Path eventsDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("events")) && Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("events");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no events/ directory above " + Path.of("").toAbsolutePath());
    }

    /** The exact bytes of {@code events/<relative>}. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(eventsDir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of {@code events/<relative>}. */
    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    /**
     * The delivery inside the API Gateway HTTP API (payload 2.0) envelope {@code events/<relativePath>}: its headers
     * and the exact body bytes, base64-decoded when the envelope says {@code isBase64Encoded}, as the receiver does.
     */
    public static TestDelivery envelope(String relativePath) {
        JsonNode event;
        try {
            event = MAPPER.readTree(bytes(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException("events/" + relativePath + " is not JSON", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String body = event.path("body").asText("");
        return new TestDelivery(headers, event.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8));
    }
}
