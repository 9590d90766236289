package io.gitbridge.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A provider API stand-in on {@code 127.0.0.1} and a free port: answers are scripted per method and raw path, every
 * request is recorded (method, raw path and query, headers, body). A request nothing was scripted for gets
 * {@code 501}, so a test fails on the exact request it did not expect.
 */
public final class StandInServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new LinkedHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private StandInServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a stand-in on a free port of {@code 127.0.0.1}. */
    public static StandInServer start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the stand-in server", e);
        }
        StandInServer standIn = new StandInServer(server);
        server.createContext("/", standIn::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return standIn;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Scripts the answer to {@code method} on {@code rawPath} (without the query). Scripting the same request again
     * queues a further answer; the last one is repeated.
     */
    public StandInServer on(String method, String rawPath, int status, String body) {
        return on(method, rawPath, status, body, Map.of());
    }

    /**
     * Scripts an answer with response headers. {@code rawPath} may end in {@code ?query} (raw, as sent): such an
     * answer is for that exact query only, and is preferred over one scripted for the path alone.
     */
    public StandInServer on(String method, String rawPath, int status, String body, Map<String, String> headers) {
        synchronized (answers) {
            answers.computeIfAbsent(method + " " + rawPath, key -> new ArrayDeque<>())
                    .add(new Answer(status, body, Map.copyOf(headers)));
        }
        return this;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received with this method, oldest first. */
    public List<RecordedRequest> requests(String method) {
        return requests.stream().filter(request -> request.method().equals(method)).toList();
    }

    /** The method and path of every request, e.g. {@code ["POST /repos/acme/app/hooks"]}, for compact assertions. */
    public List<String> calls() {
        List<String> calls = new ArrayList<>();
        requests.forEach(request -> calls.add(request.method() + " " + request.pathAndQuery()));
        return calls;
    }

    /** Forgets the requests received so far; scripted answers stay. */
    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /**
     * A request's headers with lower-case names (HTTP header names are case-insensitive, RFC 9110 section 5.1), sorted,
     * repeated ones joined with commas as RFC 9110 section 5.3 allows: what every stand-in records.
     */
    public static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return headers;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = headers(exchange);
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            requests.add(new RecordedRequest(method, rawPath + (rawQuery == null ? "" : "?" + rawQuery), headers,
                    new String(body, StandardCharsets.UTF_8)));
            Answer answer = next(method + " " + rawPath, rawQuery == null ? null : method + " " + rawPath + "?" + rawQuery);
            byte[] response = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private Answer next(String key, String keyWithQuery) {
        synchronized (answers) {
            Deque<Answer> queue = keyWithQuery == null ? null : answers.get(keyWithQuery);
            if (queue == null || queue.isEmpty()) {
                queue = answers.get(key);
            }
            if (queue == null || queue.isEmpty()) {
                return new Answer(501, "{\"message\":\"the stand-in has no answer for "
                        + (keyWithQuery == null ? key : keyWithQuery) + "\"}", Map.of());
            }
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    /**
     * One request as the stand-in received it.
     *
     * @param method the HTTP method
     * @param pathAndQuery the raw (still percent-encoded) path, and {@code ?query} when there was one
     * @param headers the headers, names in lower case, repeated values joined by commas
     * @param body the body as UTF-8 text, empty when there was none
     */
    public record RecordedRequest(String method, String pathAndQuery, Map<String, String> headers, String body) {

        /** A header by its name in any case, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("the request body is not JSON: " + body, e);
            }
        }
    }
}
