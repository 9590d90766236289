package io.gitbridge.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a flat JSON object of string fields with jackson-core's generator alone, for the paths that must not load
 * Jackson databind (the receiver's answers and queued sync requests: issue 11, cold start). The text is what
 * {@link Json#MAPPER} writes for the same object: compact, fields in the order given, null values written as null.
 */
public final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonText() {
    }

    /**
     * The object {@code {"name": value, …}} of {@code namesAndValues}, given as name, value, name, value…; a null
     * value is written as JSON null.
     *
     * @throws IllegalArgumentException when an odd number of strings is given
     */
    public static String object(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                generator.writeStringField(namesAndValues[i], namesAndValues[i + 1]);
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return out.toString();
    }
}
