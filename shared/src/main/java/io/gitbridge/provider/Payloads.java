package io.gitbridge.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads verified delivery bodies, strictly: JSON, or a form whose {@code payload} field holds the JSON. A body must be
 * valid UTF-8 (a leading byte-order mark is skipped, as RFC 8259 allows) holding exactly one JSON object, without
 * duplicate keys, trailing content or numbers too large for a double; fields the decision reads must have the type it
 * expects. Every refusal is a {@link MalformedPayloadException} whose message repeats at most a short cut prefix of
 * the input.
 */
public final class Payloads {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PAYLOAD_FIELD = "payload";
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** The one array name whose values are read but not kept: a push's commit list. */
    private static final String NOT_KEPT = "commits";
    private static final int UTF8_CHUNK = 8192;
    /** Strict about duplicate keys: a payload with two values for one field is malformed, not ambiguous. */
    private static final JsonFactory STREAMING = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Payloads() {
    }

    /**
     * The delivery's JSON object, read from {@link #jsonBytes} with jackson-core's streaming parser, without Jackson
     * databind: the whole body is read (duplicate keys, trailing content and numbers too large for a double are found
     * anywhere in it), but an array named {@code commits} is not kept ({@link PayloadNode}).
     *
     * @throws MalformedPayloadException when there is no JSON object to read, or the body is not strictly one
     */
    public static PayloadNode json(WebhookRequest request) {
        byte[] json = jsonBytes(request);
        requireUtf8(json);
        int start = startsWithByteOrderMark(json, 0) ? BYTE_ORDER_MARK.length : 0;
        // The parser would take a second mark, or UTF-16 or UTF-32 (which it detects by NUL bytes), as encodings.
        if (startsWithByteOrderMark(json, start) || hasNul(json, start, start + 4)) {
            throw new MalformedPayloadException("body is not valid JSON: it is not UTF-8 JSON text");
        }
        PayloadNode node;
        boolean finite;
        try (JsonParser parser = STREAMING.createParser(json, start, json.length - start)) {
            StrictTree tree = new StrictTree(parser);
            JsonToken first = parser.nextToken();
            node = first == null ? null : tree.value(first);
            JsonToken trailing = first == null ? null : parser.nextToken();
            if (trailing != null) {
                throw new MalformedPayloadException("body is not valid JSON: content after the JSON value ("
                        + trailing.asString() + ")");
            }
            finite = tree.finite;
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("body is not valid JSON: " + Reasons.cut(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new MalformedPayloadException("body could not be read", e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPayloadException("body is not a JSON object");
        }
        if (!finite) {
            throw new MalformedPayloadException("body holds a number too large for a double");
        }
        return node;
    }

    /**
     * The exact bytes of the JSON a delivery carries: the body, or for a form body the URL-decoded value of the first
     * field whose decoded name is {@code payload}. Signature checks and {@link #json} both read it, so the bytes
     * verified are always the bytes classified, whatever a forged form repeats or escapes.
     *
     * @throws MalformedPayloadException when a form body is not URL-encoded (a broken escape in any field) or has no
     *     {@code payload} field
     */
    public static byte[] jsonBytes(WebhookRequest request) {
        byte[] body = request.body();
        if (!FORM.equals(request.mediaType())) {
            return body;
        }
        return formField(body, PAYLOAD_FIELD);
    }

    /**
     * A required string field, e.g. {@code text(payload, "workflow_run", "head_sha")}.
     *
     * @throws MalformedPayloadException when it is missing, null or not a string
     */
    public static String text(PayloadNode node, String... path) {
        PayloadNode current = node;
        for (String field : path) {
            current = current == null ? null : current.get(field);
        }
        if (current == null || !current.isTextual()) {
            throw new MalformedPayloadException("payload lacks the string field " + String.join(".", path));
        }
        return current.asText();
    }

    /**
     * An optional string field: {@code fallback} when the field is absent or null.
     *
     * @throws MalformedPayloadException when it is present with another type than string
     */
    public static String optionalText(PayloadNode node, String field, String fallback) {
        PayloadNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new MalformedPayloadException("payload field " + field + " is not a string");
        }
        return value.asText();
    }

    /**
     * An optional boolean field; false when absent or null.
     *
     * @throws MalformedPayloadException when it is present with another type than boolean ({@code "yes"}, {@code 1})
     */
    public static boolean flag(PayloadNode node, String field) {
        PayloadNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new MalformedPayloadException("payload field " + field + " is not a boolean");
        }
        return value.booleanValue();
    }

    /** Checks that the bytes are UTF-8, a chunk at a time, without keeping the decoded text. */
    private static void requireUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length + 1, UTF8_CHUNK));
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (result.isError()) {
            throw new MalformedPayloadException("body is not valid UTF-8",
                    new MalformedInputException(result.length()));
        }
    }

    private static boolean startsWithByteOrderMark(byte[] bytes, int from) {
        return bytes.length - from >= BYTE_ORDER_MARK.length && bytes[from] == BYTE_ORDER_MARK[0]
                && bytes[from + 1] == BYTE_ORDER_MARK[1] && bytes[from + 2] == BYTE_ORDER_MARK[2];
    }

    private static boolean hasNul(byte[] bytes, int from, int to) {
        for (int i = from; i < Math.min(to, bytes.length); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds the {@link PayloadNode} tree from a parser, reading every token; notes a number too large for a double
     * (such as {@code 1e999999}) wherever it is, also in the arrays it does not keep.
     */
    private static final class StrictTree {

        private final JsonParser parser;
        private boolean finite = true;

        StrictTree(JsonParser parser) {
            this.parser = parser;
        }

        PayloadNode value(JsonToken token) throws IOException {
            return switch (token) {
                case START_OBJECT -> object();
                case START_ARRAY -> array();
                case VALUE_STRING -> PayloadNode.string(parser.getText());
                case VALUE_NUMBER_INT -> PayloadNode.number(parser.getText());
                case VALUE_NUMBER_FLOAT -> {
                    checkFinite();
                    yield PayloadNode.number(parser.getText());
                }
                case VALUE_TRUE -> PayloadNode.TRUE;
                case VALUE_FALSE -> PayloadNode.FALSE;
                case VALUE_NULL -> PayloadNode.NULL;
                default -> throw new MalformedPayloadException("body is not valid JSON: unexpected " + token);
            };
        }

        private PayloadNode object() throws IOException {
            Map<String, PayloadNode> fields = new LinkedHashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY && NOT_KEPT.equals(name)) {
                    skip();
                    fields.put(name, PayloadNode.array(List.of()));
                } else {
                    fields.put(name, value(value));
                }
            }
            requireEnd(token, JsonToken.END_OBJECT);
            return PayloadNode.object(fields);
        }

        private PayloadNode array() throws IOException {
            List<PayloadNode> elements = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                elements.add(value(token));
            }
            requireEnd(token, JsonToken.END_ARRAY);
            return PayloadNode.array(elements);
        }

        /** Reads to the end of the array just started, keeping nothing of it. */
        private void skip() throws IOException {
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw new MalformedPayloadException("body is not valid JSON: it ends inside an array");
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    checkFinite();
                }
            }
        }

        private void checkFinite() throws IOException {
            if (!Double.isFinite(parser.getDoubleValue())) {
                finite = false;
            }
        }

        private static void requireEnd(JsonToken token, JsonToken end) {
            if (token != end) {
                throw new MalformedPayloadException("body is not valid JSON: unexpected "
                        + (token == null ? "end of input" : token.toString()));
            }
        }
    }

    /**
     * The percent-decoded bytes of the first field whose decoded name is {@code name}. Every field of the form is
     * decoded, so a broken escape anywhere in it is refused, also after that field or in another field's value.
     * Decoding works on bytes, so an escape that is not UTF-8 ({@code %FF}) stays the byte it names and is refused by
     * {@link #json}'s UTF-8 check instead of silently becoming U+FFFD.
     */
    private static byte[] formField(byte[] form, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        byte[] found = null;
        int start = 0;
        while (start <= form.length) {
            int end = indexOf(form, (byte) '&', start, form.length);
            int eq = indexOf(form, (byte) '=', start, end);
            byte[] fieldName = urlDecode(form, start, eq);
            byte[] value = eq == end ? new byte[0] : urlDecode(form, eq + 1, end);
            if (found == null && java.util.Arrays.equals(fieldName, wanted)) {
                found = value;
            }
            start = end + 1;
        }
        if (found == null) {
            throw new MalformedPayloadException("form body has no " + name + " field");
        }
        return found;
    }

    /** The index of {@code b} in {@code bytes[from, to)}, or {@code to}. */
    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** {@code bytes[from, to)} with {@code +} as a space and each {@code %XX} as the byte it names. */
    private static byte[] urlDecode(byte[] bytes, int from, int to) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int high = i + 2 < to ? Character.digit(bytes[i + 1], 16) : -1;
                int low = i + 2 < to ? Character.digit(bytes[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    throw new MalformedPayloadException("form body is not URL-encoded", new IllegalArgumentException(
                            "'%' at byte " + i + " is not followed by two hexadecimal digits"));
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
