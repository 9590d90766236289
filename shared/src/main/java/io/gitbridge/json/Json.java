package io.gitbridge.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper; gitbridge reads and writes JSON as trees, never by reflection on its types. */
public final class Json {

    /** Strict about duplicate keys: a payload with two values for one field is malformed, not ambiguous. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }
}
