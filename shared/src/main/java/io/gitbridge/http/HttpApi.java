package io.gitbridge.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads API Gateway HTTP API events and writes their JSON responses. */
public final class HttpApi {

    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");

    private HttpApi() {
    }

    /**
     * The exact body bytes, decoding API Gateway's base64 when it used it.
     *
     * @throws PayloadTooLargeException when the decoded body exceeds {@code maxBytes}
     * @throws BadRequestException when a base64 body does not decode
     */
    public static byte[] body(APIGatewayV2HTTPEvent event, int maxBytes) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            // Check the encoded length first so an oversized body is never decoded.
            if ((long) body.length() / 4 * 3 > maxBytes + 3L) {
                throw tooLarge(maxBytes);
            }
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("body is marked base64 but is not valid base64", e);
            }
        } else {
            if (body.length() > maxBytes) {
                throw tooLarge(maxBytes);
            }
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return bytes;
    }

    /** The request headers with lower-case names. */
    public static Map<String, String> headers(APIGatewayV2HTTPEvent event) {
        return event.getHeaders() == null ? Map.of() : event.getHeaders();
    }

    /** A path parameter, when present. */
    public static Optional<String> pathParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getPathParameters()).map(p -> p.get(name));
    }

    /** A query string parameter, when present. */
    public static Optional<String> queryParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getQueryStringParameters()).map(p -> p.get(name));
    }

    /** The request method, upper case. */
    public static String method(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        return http == null || http.getMethod() == null ? "" : http.getMethod().toUpperCase(Locale.ROOT);
    }

    /** A JSON response. */
    public static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return json(status, body.toString());
    }

    /** A JSON response whose body is already JSON text, e.g. from {@link JsonText}; databind is not loaded. */
    public static APIGatewayV2HTTPResponse json(int status, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON_HEADERS)
                .withBody(body)
                .build();
    }

    /** {@code response} with one more header (name in lower case, as the others). */
    public static APIGatewayV2HTTPResponse withHeader(APIGatewayV2HTTPResponse response, String name, String value) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (response.getHeaders() != null) {
            headers.putAll(response.getHeaders());
        }
        headers.put(name, value);
        response.setHeaders(headers);
        return response;
    }

    /** A response with no body. */
    public static APIGatewayV2HTTPResponse empty(int status) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).build();
    }

    /** The error body every function uses: {@code {"error": code, "message": message}}. */
    public static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        return json(status, JsonText.object("error", code, "message", message));
    }

    /**
     * Requires a JSON media type on a non-empty body: {@code application/json}, optionally with a UTF-8
     * {@code charset} parameter (RFC 8259 JSON is UTF-8).
     *
     * @throws UnsupportedMediaTypeException naming the type that was sent
     */
    public static void requireJson(APIGatewayV2HTTPEvent event) {
        requireMediaType(event, "application/json");
    }

    /**
     * Requires {@code mediaType} on a non-empty body, optionally with a UTF-8 {@code charset} parameter; e.g.
     * {@code application/merge-patch+json} for a JSON Merge Patch (RFC 7396).
     *
     * @throws UnsupportedMediaTypeException naming the type that was sent
     */
    public static void requireMediaType(APIGatewayV2HTTPEvent event, String mediaType) {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            return;
        }
        String value = headers(event).entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        String[] parts = value.split(";");
        boolean json = parts[0].trim().equalsIgnoreCase(mediaType);
        for (int i = 1; i < parts.length && json; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            json = parameter.isEmpty() || parameter.equals("charset=utf-8");
        }
        if (!json) {
            throw new UnsupportedMediaTypeException("body must be sent as Content-Type: " + mediaType + ", got "
                    + (value.isBlank() ? "none" : Bounds.cut(value)));
        }
    }

    /** {@code 64 KB}, {@code 10 MB}, or bytes when the limit is not a whole number of either. */
    public static String describeSize(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    private static PayloadTooLargeException tooLarge(int maxBytes) {
        return new PayloadTooLargeException("body is larger than " + describeSize(maxBytes) + " ("
                + maxBytes + " bytes), the most this route accepts");
    }
}
