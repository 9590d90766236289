package io.gitbridge.hook;

import java.util.Map;
import java.util.TreeMap;

/** Input that cannot be accepted, with one entry per bad field saying what is wrong with it. */
public class ValidationException extends RuntimeException {

    private final Map<String, String> fields;

    public ValidationException(Map<String, String> fields) {
        super("invalid fields: " + String.join(", ", new TreeMap<>(fields).keySet()));
        this.fields = Map.copyOf(fields);
    }

    /** The bad fields, each with a sentence saying what is wrong. */
    public Map<String, String> fields() {
        return fields;
    }
}
