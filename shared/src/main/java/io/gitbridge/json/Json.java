package io.gitbridge.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper; gitbridge reads and writes JSON as trees, never by reflection on its types. */
public final class Json {

    /** Strict about duplicate keys: a payload with two values for one field is malformed, not ambiguous. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Reads a document that must be one JSON value and nothing else: like {@link #MAPPER} (duplicate keys refused),
     * and content after the value (a second value, garbage) is an error too. For input from outside, e.g. signed
     * webhook deliveries.
     */
    public static final ObjectReader STRICT_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }
}
