package io.gitbridge.provider;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One value of a delivery's JSON as {@link Payloads#json} keeps it: an object, an array, a string, a number, a
 * boolean, null, or a missing value (what {@link #path} gives for an absent field). It answers the questions Jackson's
 * {@code JsonNode} answers, the same way, so that classification reads the few fields it needs without Jackson
 * databind, which the receiver's path does not load (issue 11).
 *
 * <p>An array named {@code commits} (the commit list of a push, which no decision reads and which is most of a large
 * delivery) is read strictly but not kept: it is an array here with no elements. Immutable.
 */
public final class PayloadNode implements Iterable<PayloadNode> {

    /** The kind of a value. */
    enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, MISSING }

    static final PayloadNode MISSING = new PayloadNode(Kind.MISSING, null, Map.of(), List.of());
    static final PayloadNode NULL = new PayloadNode(Kind.NULL, null, Map.of(), List.of());
    static final PayloadNode TRUE = new PayloadNode(Kind.BOOLEAN, "true", Map.of(), List.of());
    static final PayloadNode FALSE = new PayloadNode(Kind.BOOLEAN, "false", Map.of(), List.of());

    private final Kind kind;
    /** A string's value, a number's text as sent, or {@code true}/{@code false}; null otherwise. */
    private final String text;
    private final Map<String, PayloadNode> fields;
    private final List<PayloadNode> elements;

    private PayloadNode(Kind kind, String text, Map<String, PayloadNode> fields, List<PayloadNode> elements) {
        this.kind = kind;
        this.text = text;
        this.fields = fields;
        this.elements = elements;
    }

    static PayloadNode object(Map<String, PayloadNode> fields) {
        return new PayloadNode(Kind.OBJECT, null, Collections.unmodifiableMap(fields), List.of());
    }

    static PayloadNode array(List<PayloadNode> elements) {
        return new PayloadNode(Kind.ARRAY, null, Map.of(), Collections.unmodifiableList(elements));
    }

    static PayloadNode string(String value) {
        return new PayloadNode(Kind.STRING, value, Map.of(), List.of());
    }

    static PayloadNode number(String text) {
        return new PayloadNode(Kind.NUMBER, text, Map.of(), List.of());
    }

    /** The field's value, or null when this is not an object or has no such field. */
    public PayloadNode get(String field) {
        return fields.get(field);
    }

    /** The field's value, or a missing value when this is not an object or has no such field; never null. */
    public PayloadNode path(String field) {
        return fields.getOrDefault(field, MISSING);
    }

    /** An object's fields in the order sent; none for other values. */
    public Set<Map.Entry<String, PayloadNode>> properties() {
        return fields.entrySet();
    }

    /** True when the field is present with a value other than null. */
    public boolean hasNonNull(String field) {
        PayloadNode value = fields.get(field);
        return value != null && !value.isNull();
    }

    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    /** True for a string. */
    public boolean isTextual() {
        return kind == Kind.STRING;
    }

    public boolean isBoolean() {
        return kind == Kind.BOOLEAN;
    }

    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** True for JSON's {@code null}. */
    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** True for the value {@link #path} gives for an absent field. */
    public boolean isMissingNode() {
        return kind == Kind.MISSING;
    }

    /** A boolean's value; false for anything else. */
    public boolean booleanValue() {
        return this == TRUE;
    }

    /**
     * A string's value, a number's text as sent, {@code true}/{@code false}, {@code null} for null, and an empty string
     * for an object, an array or a missing value.
     */
    public String asText() {
        return switch (kind) {
            case STRING, NUMBER, BOOLEAN -> text;
            case NULL -> "null";
            default -> "";
        };
    }

    /** As {@link #asText()}, but {@code fallback} for null and for a missing value. */
    public String asText(String fallback) {
        return kind == Kind.NULL || kind == Kind.MISSING ? fallback : asText();
    }

    /** An array's elements, or an object's values, in the order sent; nothing for other values. */
    @Override
    public Iterator<PayloadNode> iterator() {
        return kind == Kind.OBJECT ? fields.values().iterator() : elements.iterator();
    }

    @Override
    public String toString() {
        return "PayloadNode[" + kind + "]";
    }
}
