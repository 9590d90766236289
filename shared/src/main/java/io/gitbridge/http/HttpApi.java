package io.gitbridge.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
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
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON_HEADERS)
                .withBody(body.toString())
                .build();
    }

    /** A response with no body. */
    public static APIGatewayV2HTTPResponse empty(int status) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).build();
    }

    /** The error body every function uses: {@code {"error": code, "message": message}}. */
    public static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("error", code).put("message", message);
        return json(status, body);
    }

    private static PayloadTooLargeException tooLarge(int maxBytes) {
        return new PayloadTooLargeException("body is larger than " + maxBytes / (1024 * 1024) + " MB");
    }
}
