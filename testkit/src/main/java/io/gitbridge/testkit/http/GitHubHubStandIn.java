package io.gitbridge.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gitbridge.testkit.deliveries.Hmac;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's PubSubHubbub hub, stood in on {@code 127.0.0.1} and a free port, as GitHub documents it (REST "Repository
 * webhooks", section PubSubHubbub): {@code POST <apiBase>/hub}, a form body ({@code application/x-www-form-urlencoded})
 * with {@code hub.mode} ({@code subscribe}|{@code unsubscribe}), {@code hub.topic}
 * ({@code <web origin>/:owner/:repo/events/:event}), {@code hub.callback} and, to subscribe, {@code hub.secret};
 * 204 when taken. Every request is checked — method, path, {@code Authorization: Bearer <token>}, content type and
 * every form field (no unknown or repeated field, no secret when unsubscribing) — and answered with a GitHub-style
 * JSON {@code message} when it is wrong (405, 404, 401, 415, 422), so a test fails on the exact mistake. A subscription
 * is kept per topic and callback, with its secret: subscribing again replaces it, as GitHub's hub does.
 * {@link #delivery} then builds the form-encoded delivery the hub would send, signed with the subscription's secret.
 */
public final class GitHubHubStandIn implements AutoCloseable {

    /** The events whose topics the stand-in accepts. */
    public static final Set<String> EVENTS = Set.of("push", "workflow_run");
    private static final Pattern TOPIC = Pattern.compile("(https?://[^/]+)/([^/]+)/([^/]+)/events/([a-z_]+)");
    private static final Set<String> FIELDS = Set.of("hub.mode", "hub.topic", "hub.callback", "hub.secret");

    private final HttpServer server;
    private final String basePath;
    private final String token;
    private final String topicOrigin;
    private final List<HubRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<Subscription, String> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

    private GitHubHubStandIn(HttpServer server, String basePath, String token, String topicOrigin) {
        this.server = server;
        this.basePath = basePath;
        this.token = token;
        this.topicOrigin = topicOrigin;
    }

    /**
     * Starts a hub at {@code http://127.0.0.1:<port><basePath>/hub}.
     *
     * @param basePath the API base's path, {@code ""} (github.com) or {@code /api/v3} (GitHub Enterprise Server)
     * @param token the only token accepted
     * @param topicOrigin the web origin every topic must start with, e.g. {@code https://github.com}
     */
    public static GitHubHubStandIn start(String basePath, String token, String topicOrigin) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the hub stand-in", e);
        }
        GitHubHubStandIn hub = new GitHubHubStandIn(server, basePath, token, topicOrigin);
        server.createContext("/", hub::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return hub;
    }

    /** The API base to give a hook as its {@code apiUrl}: {@code http://127.0.0.1:<port><basePath>}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    /** The topic for an event of {@code owner/repo}, as the hub expects it. */
    public String topic(String owner, String repo, String event) {
        return topicOrigin + "/" + owner + "/" + repo + "/events/" + event;
    }

    /** Refuses subscribing to {@code topic} with {@code status} and {@code message}, until {@link #accept} is called. */
    public GitHubHubStandIn refuse(String topic, int status, String message) {
        refusals.put(topic, new Refusal(status, message));
        return this;
    }

    /** Takes requests for {@code topic} again. */
    public GitHubHubStandIn accept(String topic) {
        refusals.remove(topic);
        return this;
    }

    /** The secret of the subscription of {@code callback} to {@code topic}; empty when there is none. */
    public Optional<String> secret(String topic, String callback) {
        return Optional.ofNullable(subscriptions.get(new Subscription(topic, callback)));
    }

    /** Every subscription now held, as {@code topic -> callback}, in no particular order. */
    public List<Map.Entry<String, String>> subscriptions() {
        return subscriptions.keySet().stream().map(s -> Map.entry(s.topic(), s.callback())).toList();
    }

    /** Every request received, oldest first, also the refused ones. */
    public List<HubRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests received so far; subscriptions stay. */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * The delivery the hub sends to {@code callback} for {@code topic}: the JSON form-encoded in {@code payload},
     * {@code X-GitHub-Event} the topic's event, and signed as older GitHub Enterprise Server versions do, only with
     * {@code X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw form body>}, keyed with the subscription's secret.
     *
     * @throws IllegalStateException when {@code callback} is not subscribed to {@code topic}
     */
    public TestDelivery delivery(String topic, String callback, String json, String deliveryId) {
        String secret = secret(topic, callback).orElseThrow(() -> new IllegalStateException(callback
                + " is not subscribed to " + topic + "; subscriptions: " + subscriptions()));
        byte[] body = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return new TestDelivery(Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "User-Agent", "GitHub-Hookshot/stand-in",
                "X-GitHub-Event", topic.substring(topic.lastIndexOf('/') + 1),
                "X-GitHub-Delivery", deliveryId,
                "X-Hub-Signature", "sha1=" + Hmac.sha1Hex(secret, body)), body);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = StandInServer.headers(exchange);
            HubRequest request = new HubRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    headers, new String(body, StandardCharsets.UTF_8), new LinkedHashMap<>());
            requests.add(request);
            Answer answer = answer(request, body);
            byte[] response = answer.message() == null ? new byte[0]
                    : ("{\"message\":\"" + answer.message().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(answer.status(), response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private Answer answer(HubRequest request, byte[] body) {
        if (!request.path().equals(basePath + "/hub")) {
            return new Answer(404, "Not Found: the hub is " + basePath + "/hub, not " + request.path());
        }
        if (!request.method().equals("POST")) {
            return new Answer(405, "the hub takes POST, not " + request.method());
        }
        if (!("Bearer " + token).equals(request.header("authorization"))) {
            return new Answer(401, "Bad credentials");
        }
        String type = Optional.ofNullable(request.header("content-type")).orElse("");
        if (!type.split(";")[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            return new Answer(415, "the hub takes application/x-www-form-urlencoded, not " + type);
        }
        Map<String, String> form;
        try {
            form = parseForm(body);
        } catch (IllegalArgumentException e) {
            return new Answer(422, e.getMessage());
        }
        request.form().putAll(form);
        String mode = form.get("hub.mode");
        String topic = form.get("hub.topic");
        String callback = form.get("hub.callback");
        if (!"subscribe".equals(mode) && !"unsubscribe".equals(mode)) {
            return new Answer(422, "hub.mode must be subscribe or unsubscribe");
        }
        Matcher matcher = topic == null ? null : TOPIC.matcher(topic);
        if (matcher == null || !matcher.matches() || !matcher.group(1).equals(topicOrigin)
                || !EVENTS.contains(matcher.group(4))) {
            return new Answer(422, "Invalid topic: must be " + topicOrigin + "/:owner/:repo/events/:event with an"
                    + " event of " + EVENTS);
        }
        if (callback == null || !absoluteHttp(callback)) {
            return new Answer(422, "hub.callback must be an absolute http(s) URL");
        }
        String secret = form.get("hub.secret");
        if (mode.equals("subscribe") && (secret == null || secret.isEmpty())) {
            return new Answer(422, "hub.secret is required (gitbridge always signs)");
        }
        if (mode.equals("unsubscribe") && secret != null) {
            return new Answer(422, "hub.secret has no place in an unsubscribe request");
        }
        Refusal refusal = refusals.get(topic);
        if (refusal != null) {
            return new Answer(refusal.status(), refusal.message());
        }
        Subscription subscription = new Subscription(topic, callback);
        if (mode.equals("subscribe")) {
            subscriptions.put(subscription, secret);
        } else {
            subscriptions.remove(subscription);
        }
        return new Answer(204, null);
    }

    private static boolean absoluteHttp(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A strict form: known fields only, each once, every escape complete, UTF-8. */
    private static Map<String, String> parseForm(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.US_ASCII);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the form is empty");
        }
        for (String pair : text.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("form field '" + pair + "' has no '='");
            }
            String name = decode(pair.substring(0, eq));
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown form field " + name);
            }
            if (form.put(name, decode(pair.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("form field " + name + " is repeated");
            }
        }
        return form;
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("bad percent-encoding in the form");
                }
                out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                throw new IllegalArgumentException("the form has an unencoded byte");
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the form is not UTF-8", e);
        }
    }

    private record Subscription(String topic, String callback) {
    }

    private record Refusal(int status, String message) {
    }

    private record Answer(int status, String message) {
    }

    /**
     * One request as the hub received it.
     *
     * @param method the HTTP method
     * @param path the raw path
     * @param headers the headers, names in lower case
     * @param body the raw body as text
     * @param form the decoded form fields, in order, when the request got that far (else empty)
     */
    public record HubRequest(String method, String path, Map<String, String> headers, String body,
            Map<String, String> form) {

        /** A header by its name in any case, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** {@code hub.mode} and {@code hub.topic}, e.g. {@code subscribe https://github.com/acme/app/events/push}. */
        public String call() {
            return form.get("hub.mode") + " " + form.get("hub.topic");
        }
    }

    /** The requests' {@link HubRequest#call()}s, oldest first. */
    public List<String> calls() {
        List<String> calls = new ArrayList<>();
        requests.forEach(request -> calls.add(request.call()));
        return calls;
    }
}
