package io.gitbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import io.gitbridge.receiver.ReceiverHandler;
import java.io.IOException;
import java.net.BindException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Plays API Gateway's HTTP API on 127.0.0.1: turns each request into a payload-format-2.0 event for the
 * same handler the route has on AWS. Webhook routes are open; admin routes need the bearer token, as IAM
 * guards them on AWS; project routes ({@code /projects/...}) need a JWT, checked by {@link JwtAuthorizer} as the
 * template's JWT authorizer does, whose claims reach the function in {@code requestContext.authorizer.jwt}. Served
 * by Jetty, whose parser answers malformed HTTP (bad request line, bad header, bad chunked encoding, oversized
 * headers) through {@link JsonErrors}, so every answer is JSON and no connection is dropped without one.
 */
final class ApiGatewayFront implements AutoCloseable {

    /** API Gateway's own limit on request bodies. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** API Gateway's limit on the request line and headers together (10 KB). */
    static final int MAX_HEADER_BYTES = 10 * 1024;

    private static final System.Logger LOG = System.getLogger(ApiGatewayFront.class.getName());
    private static final Pattern WEBHOOK = Pattern.compile("/webhooks/([^/]+)");
    /** The GitHub App's webhook, {@link ReceiverHandler#APP_ROUTE_KEY}. */
    private static final String APP_WEBHOOK = "/webhooks/github-app";
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");
    /** The routes project administrators call with a JWT; the admin token does not open them. */
    private static final String PROJECT_ROUTES = "/projects/";
    /** Hooks-function routes without an authorizer on AWS either: the GitHub App's setup page, where GitHub sends people. */
    private static final Set<String> PUBLIC_ROUTES = Set.of("GET /github-app/setup");
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "text/plain");

    private final Server server;
    private final ServerConnector connector;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> hooks;
    private final byte[] adminToken;
    /** Checks project administrators' JWTs; empty when the runner was started without --jwt-* options. */
    private final Optional<JwtAuthorizer> jwt;
    /** The admin routes, as API Gateway's route table has them: template and the pattern its path fits. */
    private final List<AdminRoute> adminRoutes;

    /**
     * @param hookRouteKeys the admin routes the hooks function serves, as {@code METHOD /template} (the
     *        template's {@code {name}} segments become path parameters), as the template declares them on AWS
     */
    ApiGatewayFront(int port, String adminToken,
                    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver,
                    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> hooks,
                    List<String> hookRouteKeys) throws IOException {
        this(port, adminToken, receiver, hooks, hookRouteKeys, Optional.empty());
    }

    /** @param jwt checks the JWTs of the project routes ({@code /projects/...}); empty: they answer 401 */
    ApiGatewayFront(int port, String adminToken,
                    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver,
                    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> hooks,
                    List<String> hookRouteKeys, Optional<JwtAuthorizer> jwt) throws IOException {
        this.jwt = jwt;
        this.receiver = receiver;
        this.hooks = hooks;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.adminRoutes = hookRouteKeys.stream().map(AdminRoute::of).toList();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("gitbridge-front");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrors());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ApiGatewayFront.this.handle(request, response, callback);
                return true;
            }
        });
        server.setStopTimeout(1000);
    }

    void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            if (causedBy(e, BindException.class)) {
                throw portInUse(connector.getPort(), e);
            }
            throw e;
        } catch (Exception e) {
            throw new IOException("the HTTP front could not start: " + e.getMessage(), e);
        }
    }

    /** The answer to a port another program holds, naming the option that chooses another. */
    static IOException portInUse(int port, Exception cause) {
        return new IOException("port " + port + " on 127.0.0.1 is already in use (another gitbridge, or another"
                + " program): stop it, or start with --port N (0 picks a free port)", cause);
    }

    /**
     * Fails fast, before the embedded services start, when {@code port} is taken; 0 (any free port) always passes.
     * The front binds it for real later, and says the same if another program took it meanwhile.
     */
    static void checkPortFree(int port) throws IOException {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (BindException e) {
            throw portInUse(port, e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the HTTP front failed: " + e.getMessage());
        }
    }

    private void handle(Request request, Response response, Callback callback) {
        APIGatewayV2HTTPResponse answer;
        try {
            answer = route(request);
        } catch (BodyUnreadableException e) {
            answer = error(400, "bad_request", "the request body could not be read: " + Bounds.cut(e.getMessage()));
        } catch (QueryUnreadableException e) {
            answer = error(400, "bad_request", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request failed", e);
            answer = error(500, "internal", "the request failed; see the runner's log");
        }
        drainUnread(request);
        // Written in full before the exchange completes: the client always gets the answer, a 500 included.
        send(response, answer, callback);
    }

    /**
     * Reads and discards what is left of a body the answer did not need (a 401, a 404), up to API Gateway's limit, so
     * that the connection stays usable and a client still sending its body gets the answer instead of a reset. A client
     * that asked {@code Expect: 100-continue} has sent nothing yet and is not waited for.
     */
    private static void drainUnread(Request request) {
        if (request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
            return;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[16 * 1024];
            long left = MAX_BODY_BYTES;
            for (int read; left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
                left -= read;
            }
        } catch (IOException | RuntimeException e) {
            // The body was unreadable or the client went away: the answer is still sent, Jetty closes if it must.
        }
    }

    private APIGatewayV2HTTPResponse route(Request request) {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath() == null ? "" : uri.getPath();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Matcher webhook = WEBHOOK.matcher(path);
        if (webhook.matches()) {
            if (!method.equals("POST")) {
                return error(405, "method_not_allowed", "webhooks are delivered with POST");
            }
            // As API Gateway selects routes: the static path wins over the one with a parameter.
            if (path.equals(APP_WEBHOOK)) {
                return invoke(request, receiver, ReceiverHandler.APP_ROUTE_KEY, Map.of());
            }
            return invoke(request, receiver, "POST /webhooks/{hookId}", Map.of("hookId", decode(webhook.group(1))));
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Optional<AdminMatch> admin = matchAdmin(method, trimmed);
        if (admin.isPresent() && admin.get().route().template().startsWith(PROJECT_ROUTES)) {
            return invokeWithJwt(request, method + " " + admin.get().route().template(), admin.get().parameters());
        }
        // By the route the path fits, whatever the method: another method on a public page is the function's 405
        // (API Gateway answers 404 there), never a demand for the admin token.
        if (admin.isPresent() && PUBLIC_ROUTES.contains(admin.get().route().method() + " "
                + admin.get().route().template())) {
            return invoke(request, hooks, method + " " + admin.get().route().template(), admin.get().parameters());
        }
        if (admin.isPresent()) {
            if (!authorized(request)) {
                APIGatewayV2HTTPResponse refused = error(401, "unauthorized",
                        "the admin API needs Authorization: Bearer <admin token>");
                refused.setHeaders(Map.of("content-type", "application/json",
                        "www-authenticate", "Bearer realm=\"gitbridge\""));
                return refused;
            }
            return invoke(request, hooks, method + " " + admin.get().route().template(), admin.get().parameters());
        }
        return error(404, "not_found", "no route " + Bounds.cut(method) + " " + Bounds.cut(path));
    }

    /**
     * The admin route a path fits: the one for this method when there is one, else the first whose template fits
     * (the function then answers 405 for the method, as it lists the route).
     */
    private Optional<AdminMatch> matchAdmin(String method, String path) {
        AdminMatch fallback = null;
        for (AdminRoute route : adminRoutes) {
            Matcher matcher = route.path().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                parameters.put(route.names().get(i), decode(matcher.group(i + 1)));
            }
            AdminMatch match = new AdminMatch(route, parameters);
            if (route.method().equals(method)) {
                return Optional.of(match);
            }
            if (fallback == null) {
                fallback = match;
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** One admin route of the hooks function: {@code GET /hooks/{id}} and the pattern its paths fit. */
    private record AdminRoute(String method, String template, Pattern path, List<String> names) {
        static AdminRoute of(String routeKey) {
            int space = routeKey.indexOf(' ');
            String template = routeKey.substring(space + 1);
            List<String> names = new ArrayList<>();
            StringBuilder regex = new StringBuilder();
            Matcher parameter = PARAMETER.matcher(template);
            int literal = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(template.substring(literal, parameter.start()))).append("([^/]+)");
                names.add(parameter.group(1));
                literal = parameter.end();
            }
            regex.append(Pattern.quote(template.substring(literal)));
            return new AdminRoute(routeKey.substring(0, space), template, Pattern.compile(regex.toString()),
                    List.copyOf(names));
        }
    }

    private record AdminMatch(AdminRoute route, Map<String, String> parameters) {
    }

    /**
     * A project route: the JWT checked as API Gateway's JWT authorizer would, then the function called with the
     * token's claims in {@code requestContext.authorizer.jwt}; refused with 401 and {@code WWW-Authenticate: Bearer}
     * otherwise, before the body is read.
     */
    private APIGatewayV2HTTPResponse invokeWithJwt(Request request, String routeKey, Map<String, String> parameters) {
        Map<String, String> claims;
        try {
            if (jwt.isEmpty()) {
                throw new JwtAuthorizer.Rejected("JWT auth is not configured: start the runner with --jwt-jwks,"
                        + " --jwt-issuer and --jwt-audience to open the project routes", false);
            }
            claims = jwt.get().claims(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        } catch (JwtAuthorizer.Rejected e) {
            APIGatewayV2HTTPResponse refused = error(401, "unauthorized", e.getMessage());
            refused.setHeaders(Map.of("content-type", "application/json", "www-authenticate", e.challenge()));
            return refused;
        }
        return invoke(request, hooks, routeKey, parameters, claims);
    }

    /** Compares the bearer token in constant time. */
    private boolean authorized(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || header.length() <= "Bearer ".length() || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, adminToken);
    }

    private APIGatewayV2HTTPResponse invoke(Request request,
                                            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                            String routeKey, Map<String, String> pathParameters) {
        return invoke(request, handler, routeKey, pathParameters, null);
    }

    /** @param jwtClaims the claims of the caller's validated JWT, as API Gateway passes them; null for none */
    private APIGatewayV2HTTPResponse invoke(Request request,
                                            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                            String routeKey, Map<String, String> pathParameters,
                                            Map<String, String> jwtClaims) {
        // Refused before the body is read: with Expect: 100-continue the client never sends it.
        if (request.getLength() > MAX_BODY_BYTES) {
            return tooLarge();
        }
        byte[] body = readBody(request);
        if (body == null) {
            return tooLarge();
        }
        APIGatewayV2HTTPEvent event = event(request, routeKey, pathParameters, body);
        if (jwtClaims != null) {
            event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(jwtClaims)
                            .build())
                    .build());
        }
        return handler.handleRequest(event, LocalContext.of(routeKey, 30_000));
    }

    private static APIGatewayV2HTTPResponse tooLarge() {
        return error(413, "payload_too_large", "body is larger than " + HttpApi.describeSize(MAX_BODY_BYTES) + " ("
                + MAX_BODY_BYTES + " bytes), the most API Gateway accepts");
    }

    private APIGatewayV2HTTPEvent event(Request request, String routeKey, Map<String, String> pathParameters,
                                        byte[] body) {
        // API Gateway's payload format 2.0: names lower case, a repeated header's values joined with commas.
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getName().toLowerCase(Locale.ROOT), field.getValue() == null ? "" : field.getValue(),
                    (a, b) -> a + "," + b);
        }
        // As API Gateway does, tell the function how the client reached it.
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", Integer.toString(port()));
        String host = headers.getOrDefault("host", "127.0.0.1:" + port());
        HttpURI uri = request.getHttpURI();
        String rawPath = uri.getPath();
        String rawQuery = uri.getQuery();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String contentType = headers.getOrDefault("content-type", "").split(";")[0].trim().toLowerCase(Locale.ROOT);
        // API Gateway passes text bodies as they are and base64-encodes everything else; a "text" body that is not
        // UTF-8 is passed base64 too, so that the function sees (and can refuse) the exact bytes.
        boolean text = (TEXT_TYPES.contains(contentType) || contentType.startsWith("text/")) && utf8(body);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
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
                                .withPath(rawPath)
                                .withProtocol(request.getConnectionMetaData().getProtocol())
                                .withSourceIp(Request.getRemoteAddr(request))
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    private static boolean utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /**
     * A query name or value, {@code +} and {@code %XX} decoded as UTF-8. A broken escape ({@code %zz}, a cut {@code %2})
     * or escapes that are not UTF-8 ({@code %FF}) refuse the request: taken literally or as U+FFFD, the function would
     * act on a value the client did not send.
     *
     * @throws QueryUnreadableException naming the part (shortened) that does not decode
     */
    private static String decodeQuery(String raw) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hexDigit(raw.charAt(i + 2));
                if (high < 0 || low < 0) {
                    throw new QueryUnreadableException("the query string has a broken percent escape in "
                            + Bounds.cut(raw) + " (% must be followed by two hex digits; send a literal % as %25)");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(Character.toString(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new QueryUnreadableException("the query string has percent escapes that are not UTF-8 in "
                    + Bounds.cut(raw));
        }
    }

    /** An ASCII hex digit's value, -1 for any other character (Character.digit takes other scripts' digits). */
    private static int hexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /**
     * The body, or null when it is larger than API Gateway accepts.
     *
     * @throws BodyUnreadableException when the client sent a body that does not parse (bad chunked encoding) or
     *         stopped sending it
     */
    private static byte[] readBody(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        } catch (IOException | RuntimeException e) {
            throw new BodyUnreadableException(e);
        }
    }

    private static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        return HttpApi.error(status, code, message);
    }

    private static void send(Response response, APIGatewayV2HTTPResponse answer, Callback callback) {
        byte[] body = answer.getBody() == null ? new byte[0]
                : answer.getIsBase64Encoded() ? Base64.getDecoder().decode(answer.getBody())
                : answer.getBody().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.getStatusCode());
        HttpFields.Mutable headers = response.getHeaders();
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach(headers::put);
        }
        int status = answer.getStatusCode();
        if (status == 204 || status == 304 || body.length == 0) {
            response.write(true, null, callback);
            return;
        }
        headers.put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A request body the client did not send correctly. */
    /** A query string that does not decode; its message is the 400's. */
    private static final class QueryUnreadableException extends RuntimeException {
        QueryUnreadableException(String message) {
            super(message);
        }
    }

    private static final class BodyUnreadableException extends RuntimeException {
        BodyUnreadableException(Throwable cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }

    /**
     * Jetty's answers for what never reaches a handler (malformed request lines and headers, URIs and headers
     * over the limit, bad chunked encoding, failures in a handler) as the functions' JSON error body instead of
     * an HTML page.
     */
    static final class JsonErrors extends ErrorHandler {

        /** Every method gets a body: Jetty writes none for PUT or DELETE by default. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            int status = code;
            if (code == 505) {
                // A request line in a version we do not speak (HTTP/0.9, HTTP/9.9) is bad input: 4xx, never 5xx.
                status = 400;
                response.setStatus(status);
            }
            byte[] body = json(status, message);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(json(status, reason));
        }

        private static byte[] json(int code, String message) {
            String error = switch (code) {
                case 400 -> "bad_request";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 408 -> "request_timeout";
                case 413 -> "payload_too_large";
                case 414 -> "uri_too_long";
                case 415 -> "unsupported_media_type";
                case 431 -> "headers_too_large";
                case 501 -> "not_implemented";
                case 505 -> "http_version_not_supported";
                default -> code >= 500 ? "internal" : "bad_request";
            };
            String text = message == null || message.isBlank() ? "the request is not valid HTTP/1.1" : message;
            return HttpApi.error(code, error, Bounds.reason(text)).getBody().getBytes(StandardCharsets.UTF_8);
        }
    }
}
