package io.gitbridge.testkit.deliverylog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gitbridge.testkit.deliveries.Hmac;
import io.gitbridge.testkit.http.StandInServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API as far as a webhook's own delivery log goes, on {@code 127.0.0.1} and a free port, built from
 * docs.github.com ("REST API endpoints for repository webhooks", "… for GitHub App webhooks"):
 * <ul>
 *   <li>{@code POST {api}/repos/{owner}/{repo}/hooks} creates a webhook and keeps its {@code config.url} and
 *       {@code config.secret}, so deliveries can really be sent ({@code PATCH} and {@code DELETE} on it answer too);</li>
 *   <li>{@code GET {api}/repos/{owner}/{repo}/hooks/{id}/deliveries?per_page=&cursor=} and
 *       {@code GET {api}/app/hook/deliveries} list attempts newest first, paged by a {@code Link: <…cursor=…>;
 *       rel="next"} header;</li>
 *   <li>{@code POST …/deliveries/{delivery_id}/attempts} answers 202 (404 for an unknown delivery), records the
 *       request and sends the event again with the same GUID, signed, adding the attempt to the log as a
 *       redelivery;</li>
 *   <li>{@code GET /app}, once {@link #app} describes the app, so that an app can be stored against it.</li>
 * </ul>
 * Every call's method, path, {@code Authorization} header and body is checked (401 for a wrong credential, 400 for a
 * body where none belongs, 501 for a request GitHub does not have) and recorded. Attempts are scriptable: sent for
 * real ({@link #deliver}), or only written into the log with any status code ({@link #logOnly}). A rate limit or a
 * failure can be scripted for the next API calls ({@link #answerNext}).
 */
public final class GitHubDeliveryLogStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPO_HOOKS = Pattern.compile("/repos/([^/]+)/([^/]+)/hooks");
    private static final Pattern REPO_HOOK = Pattern.compile("/repos/([^/]+)/([^/]+)/hooks/(\\d+)");
    private static final Pattern REPO_DELIVERIES = Pattern.compile("/repos/([^/]+)/([^/]+)/hooks/(\\d+)/deliveries");
    private static final Pattern REPO_ATTEMPTS =
            Pattern.compile("/repos/([^/]+)/([^/]+)/hooks/(\\d+)/deliveries/([^/]+)/attempts");
    private static final Pattern APP_ATTEMPTS = Pattern.compile("/app/hook/deliveries/([^/]+)/attempts");
    /** The key of the app's webhook among the webhooks. */
    private static final long APP = 0;
    /** The GitHub id of the repository a repository webhook's attempts are about, unless a test names another. */
    public static final long REPOSITORY_ID = 1296269;
    /** The installation the app's attempts name. */
    public static final long INSTALLATION_ID = 424242;

    private final HttpServer server;
    private final String apiPath;
    private final HttpClient sender = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService redeliveries = Executors.newSingleThreadExecutor();
    private final AtomicLong nextHookId = new AtomicLong(4242);
    private final AtomicLong nextDeliveryId = new AtomicLong(90_000_001);
    private final Map<Long, Webhook> webhooks = new HashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Long> attempts = new CopyOnWriteArrayList<>();
    private final AtomicLong pendingRedeliveries = new AtomicLong();
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private Scripted scriptedAttempt;
    private int attemptsBeforeScripted;
    private volatile Predicate<String> repositoryAuthorization = value -> false;
    private volatile Predicate<String> appAuthorization = value -> false;
    private volatile String appDescription;

    private GitHubDeliveryLogStandIn(HttpServer server, String apiPath) {
        this.server = server;
        this.apiPath = apiPath;
    }

    /**
     * Starts a stand-in whose API is under {@code apiPath} (e.g. {@code /api/v3}, as on GitHub Enterprise Server),
     * accepting repository calls with {@code Authorization: Bearer <token>}.
     */
    public static GitHubDeliveryLogStandIn start(String apiPath, String token) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the GitHub delivery log stand-in", e);
        }
        GitHubDeliveryLogStandIn standIn = new GitHubDeliveryLogStandIn(server, apiPath);
        standIn.repositoryAuthorization = ("Bearer " + token)::equals;
        server.createContext("/", standIn::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return standIn;
    }

    /** The API base URL, e.g. {@code http://127.0.0.1:12345/api/v3}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + apiPath;
    }

    /** Accepts the app's calls ({@code /app/hook/…}) with an {@code Authorization} header this predicate accepts. */
    public GitHubDeliveryLogStandIn appAuthorization(Predicate<String> accepted) {
        this.appAuthorization = accepted;
        return this;
    }

    /**
     * Answers {@code GET /app} ("Get the authenticated app") with this app, for calls the app authorization accepts,
     * so that gitbridge can store an app whose API is this stand-in.
     */
    public GitHubDeliveryLogStandIn app(long appId, String clientId, String slug, String name, String owner) {
        ObjectNode app = JSON.createObjectNode().put("id", appId).put("client_id", clientId).put("slug", slug)
                .put("name", name);
        app.putObject("owner").put("login", owner).put("type", "Organization");
        app.putArray("events").add("push").add("workflow_run");
        this.appDescription = app.toString();
        return this;
    }

    /** Sets where the app's webhook delivers and the secret it signs with. */
    public GitHubDeliveryLogStandIn appWebhook(String url, String secret) {
        synchronized (webhooks) {
            webhooks.put(APP, new Webhook(APP, null, url, secret));
        }
        return this;
    }

    /**
     * Creates a repository webhook as {@code POST /repos/{owner}/{repo}/hooks} would, for tests that do not register
     * one through gitbridge.
     *
     * @param repository {@code owner/repo}
     * @return its id
     */
    public long createWebhook(String repository, String url, String secret) {
        Webhook webhook = new Webhook(nextHookId.getAndIncrement(), repository, url, secret);
        synchronized (webhooks) {
            webhooks.put(webhook.id, webhook);
        }
        return webhook.id;
    }

    /** The id of the repository webhook created last; fails when none was created. */
    public long webhookId() {
        synchronized (webhooks) {
            return webhooks.keySet().stream().filter(id -> id != APP).max(Long::compare)
                    .orElseThrow(() -> new IllegalStateException("no webhook was created"));
        }
    }

    /** The URL the repository webhook {@code hookId} delivers to, as gitbridge registered it. */
    public String webhookUrl(long hookId) {
        return webhook(hookId).url;
    }

    /**
     * Sends {@code payload} as a new {@code event} to the webhook, signed with its secret ({@code X-Hub-Signature-256}),
     * with a new GUID, and logs the attempt with the status the receiver answered (0 when it did not answer).
     *
     * @param hookId a repository webhook's id, or 0 for the app's
     * @return the logged attempt
     */
    public Attempt deliver(long hookId, String event, byte[] payload) {
        return deliver(hookId, event, payload, REPOSITORY_ID);
    }

    /** {@link #deliver(long, String, byte[])} about the repository with GitHub id {@code repositoryId} (or null). */
    public Attempt deliver(long hookId, String event, byte[] payload, Long repositoryId) {
        return send(webhook(hookId), UUID.randomUUID().toString(), event, payload, false, repositoryId);
    }

    /**
     * Logs an attempt without sending anything, as GitHub's log shows one that never reached the receiver (a DNS
     * error, an outage) or was answered by something else.
     *
     * @param statusCode what GitHub's log says the receiver answered (0: no answer)
     * @param deliveredAt when GitHub says it attempted it
     */
    public Attempt logOnly(long hookId, String event, byte[] payload, int statusCode, Instant deliveredAt) {
        return logOnly(hookId, event, payload, statusCode, deliveredAt, REPOSITORY_ID);
    }

    /** {@link #logOnly(long, String, byte[], int, Instant)} about the repository with GitHub id {@code repositoryId}. */
    public Attempt logOnly(long hookId, String event, byte[] payload, int statusCode, Instant deliveredAt,
            Long repositoryId) {
        return log(webhook(hookId), new Attempt(nextDeliveryId.getAndIncrement(), UUID.randomUUID().toString(), event,
                null, statusCode, deliveredAt.truncatedTo(ChronoUnit.SECONDS), false, payload, repositoryId));
    }

    /** Logs a further attempt of an event already logged (same GUID), e.g. a redelivery that fixed it. */
    public Attempt logAgain(long hookId, Attempt of, int statusCode, Instant deliveredAt) {
        return log(webhook(hookId), new Attempt(nextDeliveryId.getAndIncrement(), of.guid(), of.event(), of.action(),
                statusCode, deliveredAt.truncatedTo(ChronoUnit.SECONDS), true, of.payload(), of.repositoryId()));
    }

    /** Every attempt logged for the webhook, newest first, as its deliveries endpoint lists them. */
    public List<Attempt> log(long hookId) {
        Webhook webhook = webhook(hookId);
        synchronized (webhook.log) {
            List<Attempt> sorted = new ArrayList<>(webhook.log);
            sorted.sort(NEWEST_FIRST);
            return sorted;
        }
    }

    /** The delivery ids redelivery was asked for ({@code POST …/attempts} answered 202), in order. */
    public List<Long> attemptsRequested() {
        return List.copyOf(attempts);
    }

    /**
     * Answers the next API call (any but webhook creation) with {@code status}, {@code headers} and a GitHub-style
     * message instead, e.g. 403 with {@code X-RateLimit-Remaining: 0} for a rate limit.
     */
    public GitHubDeliveryLogStandIn answerNext(int status, Map<String, String> headers, String message) {
        synchronized (scripted) {
            scripted.add(new Scripted(status, Map.copyOf(headers), message));
        }
        return this;
    }

    /**
     * Lets {@code accepted} more redelivery requests ({@code POST …/attempts}) through, then answers the next one with
     * {@code status}, {@code headers} and a GitHub-style message, e.g. a rate limit in the middle of a catch-up.
     */
    public GitHubDeliveryLogStandIn answerAttemptAfter(int accepted, int status, Map<String, String> headers,
            String message) {
        synchronized (scripted) {
            attemptsBeforeScripted = accepted;
            scriptedAttempt = new Scripted(status, Map.copyOf(headers), message);
        }
        return this;
    }

    /** Every API request received so far, oldest first. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** {@code METHOD /path?query} of every API request so far, for compact assertions. */
    public List<String> calls() {
        return requests.stream().map(request -> request.method() + " " + request.pathAndQuery()).toList();
    }

    /** Waits up to {@code timeout} for the redeliveries asked for so far to have been sent. */
    public void awaitRedeliveries(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pendingRedeliveries.get() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("redeliveries still being sent after " + timeout);
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        redeliveries.shutdownNow();
        try {
            redeliveries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One attempt in the log.
     *
     * @param id GitHub's id of the attempt
     * @param guid the event's GUID ({@code X-GitHub-Delivery}), shared by its redeliveries
     * @param statusCode what the receiver answered, 0 for no answer
     * @param payload the body sent (and sent again on redelivery)
     * @param repositoryId the GitHub id of the repository the event is about, or null
     */
    public record Attempt(long id, String guid, String event, String action, int statusCode, Instant deliveredAt,
            boolean redelivery, byte[] payload, Long repositoryId) {
    }

    /**
     * One API request as received.
     *
     * @param pathAndQuery the raw path under the API base and {@code ?query} when there was one
     * @param headers lower-case names
     */
    public record Recorded(String method, String pathAndQuery, Map<String, String> headers, String body) {

        /** A header by its name in any case, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final Comparator<Attempt> NEWEST_FIRST = Comparator.comparing(Attempt::deliveredAt)
            .thenComparingLong(Attempt::id).reversed();

    private record Scripted(int status, Map<String, String> headers, String message) {
    }

    private static final class Webhook {
        final long id;
        final String repository;
        final String url;
        final String secret;
        final List<Attempt> log = new ArrayList<>();

        Webhook(long id, String repository, String url, String secret) {
            this.id = id;
            this.repository = repository;
            this.url = url;
            this.secret = secret;
        }
    }

    private Webhook webhook(long hookId) {
        synchronized (webhooks) {
            Webhook webhook = webhooks.get(hookId);
            if (webhook == null) {
                throw new IllegalArgumentException("no webhook " + hookId + (hookId == APP ? " (set appWebhook)" : ""));
            }
            return webhook;
        }
    }

    private Attempt log(Webhook webhook, Attempt attempt) {
        synchronized (webhook.log) {
            webhook.log.add(attempt);
        }
        return attempt;
    }

    private Attempt send(Webhook webhook, String guid, String event, byte[] payload, boolean redelivery,
            Long repositoryId) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int status;
        try {
            HttpResponse<Void> answer = sender.send(HttpRequest.newBuilder(URI.create(webhook.url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "GitHub-Hookshot/stand-in")
                    .header("X-GitHub-Event", event)
                    .header("X-GitHub-Delivery", guid)
                    .header("X-GitHub-Hook-ID", Long.toString(webhook.id))
                    .header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(webhook.secret, payload))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.discarding());
            status = answer.statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        return log(webhook, new Attempt(nextDeliveryId.getAndIncrement(), guid, event, null, status, at, redelivery,
                payload, repositoryId));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = StandInServer.headers(exchange);
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            if (!rawPath.startsWith(apiPath + "/")) {
                respond(exchange, 404, Map.of(), message("Not Found"));
                return;
            }
            String path = rawPath.substring(apiPath.length());
            String text = new String(body, StandardCharsets.UTF_8);
            requests.add(new Recorded(method, path + (rawQuery == null ? "" : "?" + rawQuery), headers, text));
            Answer answer = answer(method, path, query(rawQuery), headers.get("authorization"), text);
            respond(exchange, answer.status, answer.headers, answer.body);
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private Answer answer(String method, String path, Map<String, String> query, String authorization, String body) {
        boolean app = path.equals("/app") || path.startsWith("/app/");
        if (!(app ? appAuthorization : repositoryAuthorization).test(authorization == null ? "" : authorization)) {
            return new Answer(401, Map.of(), message("Bad credentials"));
        }
        Matcher matcher;
        if (method.equals("POST") && (matcher = REPO_HOOKS.matcher(path)).matches()) {
            return create(matcher.group(1) + "/" + matcher.group(2), body);
        }
        synchronized (scripted) {
            Scripted next = scripted.poll();
            if (next == null && scriptedAttempt != null && path.endsWith("/attempts")
                    && attemptsBeforeScripted-- <= 0) {
                next = scriptedAttempt;
                scriptedAttempt = null;
            }
            if (next != null) {
                return new Answer(next.status, next.headers, message(next.message));
            }
        }
        if ((method.equals("PATCH") || method.equals("DELETE")) && (matcher = REPO_HOOK.matcher(path)).matches()) {
            Optional<Webhook> webhook = repositoryWebhook(matcher);
            return webhook.isEmpty() ? new Answer(404, Map.of(), message("Not Found"))
                    : method.equals("DELETE") ? new Answer(204, Map.of(), null)
                    : new Answer(200, Map.of(), hookJson(webhook.get()));
        }
        if (method.equals("GET") && (matcher = REPO_DELIVERIES.matcher(path)).matches()) {
            return repositoryWebhook(matcher).map(webhook -> list(webhook, path, query))
                    .orElse(new Answer(404, Map.of(), message("Not Found")));
        }
        if (method.equals("GET") && path.equals("/app") && appDescription != null) {
            return new Answer(200, Map.of(), appDescription);
        }
        if (method.equals("GET") && path.equals("/app/hook/deliveries")) {
            return existing(APP).map(webhook -> list(webhook, path, query))
                    .orElse(new Answer(404, Map.of(), message("Not Found")));
        }
        if (method.equals("POST") && (matcher = REPO_ATTEMPTS.matcher(path)).matches()) {
            String deliveryId = matcher.group(4);
            return repositoryWebhook(matcher).map(webhook -> redeliver(webhook, deliveryId, body))
                    .orElse(new Answer(404, Map.of(), message("Not Found")));
        }
        if (method.equals("POST") && (matcher = APP_ATTEMPTS.matcher(path)).matches()) {
            String deliveryId = matcher.group(1);
            return existing(APP).map(webhook -> redeliver(webhook, deliveryId, body))
                    .orElse(new Answer(404, Map.of(), message("Not Found")));
        }
        return new Answer(501, Map.of(), message("the stand-in has no " + method + " " + path));
    }

    private Optional<Webhook> existing(long id) {
        synchronized (webhooks) {
            return Optional.ofNullable(webhooks.get(id));
        }
    }

    private Optional<Webhook> repositoryWebhook(Matcher matcher) {
        String repository = matcher.group(1) + "/" + matcher.group(2);
        return existing(Long.parseLong(matcher.group(3))).filter(webhook -> repository.equals(webhook.repository));
    }

    private Answer create(String repository, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return new Answer(400, Map.of(), message("Problems parsing JSON"));
        }
        JsonNode config = json == null ? null : json.get("config");
        if (config == null || !config.path("url").isTextual() || !config.path("secret").isTextual()
                || !"web".equals(json.path("name").asText())) {
            return new Answer(422, Map.of(), message("Validation Failed"));
        }
        long id = createWebhook(repository, config.get("url").asText(), config.get("secret").asText());
        return new Answer(201, Map.of(), hookJson(webhook(id)));
    }

    private static String hookJson(Webhook webhook) {
        return JSON.createObjectNode().put("type", "Repository").put("id", webhook.id).put("name", "web")
                .put("active", true).toString();
    }

    private Answer list(Webhook webhook, String path, Map<String, String> query) {
        int perPage;
        try {
            perPage = Integer.parseInt(query.getOrDefault("per_page", "30"));
        } catch (NumberFormatException e) {
            return new Answer(400, Map.of(), message("per_page must be a number"));
        }
        if (perPage < 1 || perPage > 100) {
            return new Answer(422, Map.of(), message("per_page must be 1 to 100"));
        }
        List<Attempt> all = log(webhook.id);
        int from = 0;
        String cursor = query.get("cursor");
        if (cursor != null) {
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (("v1_" + all.get(i).id()).equals(cursor)) {
                    from = i;
                }
            }
            if (from < 0) {
                return new Answer(422, Map.of(), message("Validation Failed: cursor"));
            }
        }
        List<Attempt> page = all.subList(from, Math.min(all.size(), from + perPage));
        ArrayNode items = JSON.createArrayNode();
        for (Attempt attempt : page) {
            ObjectNode item = items.addObject().put("id", attempt.id()).put("guid", attempt.guid())
                    .put("delivered_at", attempt.deliveredAt().toString()).put("redelivery", attempt.redelivery())
                    .put("duration", 0.27)
                    .put("status", attempt.statusCode() == 0 ? "failed to connect"
                            : attempt.statusCode() / 100 == 2 ? "OK" : "Invalid HTTP Response: " + attempt.statusCode())
                    .put("status_code", attempt.statusCode()).put("event", attempt.event());
            if (attempt.action() == null) {
                item.putNull("action");
            } else {
                item.put("action", attempt.action());
            }
            if (webhook.id == APP) {
                item.put("installation_id", INSTALLATION_ID);
            } else {
                item.putNull("installation_id");
            }
            if (attempt.repositoryId() == null) {
                item.putNull("repository_id");
            } else {
                item.put("repository_id", attempt.repositoryId());
            }
        }
        Map<String, String> headers = new HashMap<>();
        int to = from + page.size();
        if (to < all.size()) {
            headers.put("Link", "<" + apiUrl() + path + "?per_page=" + perPage + "&cursor=v1_" + all.get(to).id()
                    + ">; rel=\"next\"");
        }
        return new Answer(200, headers, items.toString());
    }

    private Answer redeliver(Webhook webhook, String deliveryId, String body) {
        if (!body.isEmpty()) {
            return new Answer(400, Map.of(), message("this endpoint takes no body"));
        }
        Optional<Attempt> attempt = log(webhook.id).stream()
                .filter(candidate -> Long.toString(candidate.id()).equals(deliveryId)).findFirst();
        if (attempt.isEmpty()) {
            return new Answer(404, Map.of(), message("Not Found"));
        }
        attempts.add(attempt.get().id());
        if (webhook.url != null) {
            pendingRedeliveries.incrementAndGet();
            redeliveries.submit(() -> {
                try {
                    send(webhook, attempt.get().guid(), attempt.get().event(), attempt.get().payload(), true,
                            attempt.get().repositoryId());
                } finally {
                    pendingRedeliveries.decrementAndGet();
                }
            });
        }
        return new Answer(202, Map.of(), "{}");
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static String message(String message) {
        return JSON.createObjectNode().put("message", message)
                .put("documentation_url", "https://docs.github.com/rest").toString();
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
