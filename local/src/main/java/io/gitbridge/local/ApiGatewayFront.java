package io.gitbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays API Gateway's HTTP API on 127.0.0.1: turns each request into a payload-format-2.0 event for the
 * same handler the route has on AWS. Webhook routes are open; admin routes need the bearer token, as IAM
 * guards them on AWS.
 */
final class ApiGatewayFront implements AutoCloseable {

    /** API Gateway's own limit on request bodies. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private static final Pattern WEBHOOK = Pattern.compile("/webhooks/([^/]+)");
    /** A hook's own path, or one below it ({@code /sync}, {@code /deliveries}, …). */
    private static final Pattern HOOK = Pattern.compile("/hooks/([^/]+)(/.*)?");
    private static final Pattern REDELIVER = Pattern.compile("/deliveries/([^/]+)/redeliver");
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "text/plain");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> hooks;
    private final byte[] adminToken;

    ApiGatewayFront(int port, String adminToken,
                    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver,
                    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> hooks) throws IOException {
        this.receiver = receiver;
        this.hooks = hooks;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Matcher webhook = WEBHOOK.matcher(path);
            if (webhook.matches()) {
                if (!method.equals("POST")) {
                    send(exchange, error(405, "method_not_allowed", "webhooks are delivered with POST"));
                    return;
                }
                invoke(exchange, receiver, "POST /webhooks/{hookId}", Map.of("hookId", decode(webhook.group(1))));
            } else if (path.equals("/hooks") || path.equals("/hooks/") || HOOK.matcher(path).matches()
                    || path.equals("/dead-letters") || path.equals("/dead-letters/redrive")) {
                if (!authorized(exchange)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"gitbridge\"");
                    send(exchange, error(401, "unauthorized", "the admin API needs Authorization: Bearer <admin token>"));
                    return;
                }
                Matcher hook = HOOK.matcher(path);
                if (!hook.matches()) {
                    invoke(exchange, hooks, method + (path.startsWith("/dead-letters") ? " " + path : " /hooks"), Map.of());
                    return;
                }
                // The route key and path parameters API Gateway would give, from the template the path fits.
                Map<String, String> parameters = new LinkedHashMap<>();
                parameters.put("id", decode(hook.group(1)));
                String below = hook.group(2) == null ? "" : hook.group(2);
                Matcher redeliver = REDELIVER.matcher(below);
                if (redeliver.matches()) {
                    parameters.put("deliveryId", decode(redeliver.group(1)));
                    below = "/deliveries/{deliveryId}/redeliver";
                }
                invoke(exchange, hooks, method + " /hooks/{id}" + below, parameters);
            } else {
                send(exchange, error(404, "not_found", "no route " + method + " " + path));
            }
        } catch (RuntimeException e) {
            System.getLogger(ApiGatewayFront.class.getName()).log(System.Logger.Level.ERROR, "request failed", e);
            send(exchange, error(500, "internal", "the request failed; see the runner's log"));
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.length() <= "Bearer ".length() || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, adminToken);
    }

    private void invoke(HttpExchange exchange, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                        String routeKey, Map<String, String> pathParameters) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            send(exchange, error(413, "payload_too_large", "body is larger than 10 MB"));
            return;
        }
        send(exchange, handler.handleRequest(event(exchange, routeKey, pathParameters, body),
                LocalContext.of(routeKey, 30_000)));
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, String routeKey, Map<String, String> pathParameters,
                                        byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        // As API Gateway does, tell the function how the client reached it.
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", Integer.toString(port()));
        String host = headers.getOrDefault("host", "127.0.0.1:" + port());
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String contentType = headers.getOrDefault("content-type", "").split(";")[0].trim().toLowerCase(Locale.ROOT);
        // API Gateway passes text bodies as they are and base64-encodes everything else.
        boolean text = TEXT_TYPES.contains(contentType) || contentType.startsWith("text/");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query(rawQuery))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withDomainName(host)
                        .withRequestId(UUID.randomUUID().toString())
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(exchange.getRequestURI().getRawPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** The body, or null when it is larger than API Gateway accepts. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        return io.gitbridge.http.HttpApi.error(status, code, message);
    }

    private static void send(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        int status = response.getStatusCode();
        boolean noBody = status == 204 || status == 304 || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
