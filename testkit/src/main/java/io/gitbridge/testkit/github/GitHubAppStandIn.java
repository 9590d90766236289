package io.gitbridge.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * GitHub's GitHub App endpoints on {@code 127.0.0.1} and a free port, over real HTTP (JDK server), as GitHub documents
 * them (REST "Apps", API version 2022-11-28; "Generating a JSON Web Token (JWT) for a GitHub App"):
 * <ul>
 *   <li>{@code GET /app}, {@code GET /repos/{owner}/{repo}/installation}, {@code GET /app/installations/{id}} and
 *   {@code POST /app/installations/{id}/access_tokens}, also under {@code /api/v3} as on GitHub Enterprise Server;</li>
 *   <li>{@code GET /repos/{owner}/{repo}} with an installation token ({@code Authorization: Bearer|token ghs_…}) that
 *   {@link #acceptsToken accepts} for that repository (401 for another token, 404 when it does not cover it);</li>
 *   <li>every call must carry {@code Authorization: Bearer <jwt>} with a JWT that verifies with the app's public key:
 *   algorithm RS256, {@code iss} the app id or client id, {@code iat} no more than 60 s in the future, {@code exp} in
 *   the future and at most 10 minutes after {@code iat}; otherwise 401 with a message like GitHub's;</li>
 *   <li>installations and their repositories are scripted ({@link #install}); suspended installations get 403 on
 *   tokens, uninstalled ones 404;</li>
 *   <li>tokens ({@code ghs_…}) live {@link #tokenLifetime} (one hour by default), can be expired or revoked, and the
 *   unexpired, unrevoked ones are known ({@link #acceptsToken}) so a git server can accept only those;</li>
 *   <li>every call is recorded ({@link #calls()}) and a failure can be scripted for the next ones ({@link #failNext}).</li>
 * </ul>
 * The app holds a 2048-bit RSA key pair generated at start; {@link #privateKeyPkcs1Pem()} and
 * {@link #privateKeyPkcs8Pem()} give its private key as GitHub's download and as PKCS#8.
 */
public final class GitHubAppStandIn implements AutoCloseable {

    /** The permissions the stand-in's app was registered with, as gitbridge's registration link asks. */
    public static final Map<String, String> APP_PERMISSIONS = Map.of("contents", "read", "metadata", "read",
            "actions", "read");
    /** The longest JWT lifetime GitHub accepts, {@code exp - iat}. */
    public static final Duration MAX_JWT_LIFETIME = Duration.ofMinutes(10);
    /** How far in the future {@code iat} may be (clock drift). */
    public static final Duration IAT_SKEW = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPO_INSTALLATION = Pattern.compile("/repos/([^/]+)/([^/]+)/installation");
    private static final Pattern INSTALLATION = Pattern.compile("/app/installations/([0-9]{1,18})");
    private static final Pattern ACCESS_TOKENS = Pattern.compile("/app/installations/([0-9]{1,18})/access_tokens");
    private static final Pattern REPOSITORY = Pattern.compile("/repos/([^/]+)/([^/]+)");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final HttpServer server;
    private final long appId;
    private final String clientId;
    private final String slug;
    private final String owner;
    private final KeyPair keys;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, InstallationState> installations = new LinkedHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration tokenLifetime = Duration.ofHours(1);

    private GitHubAppStandIn(HttpServer server, long appId, String clientId, String slug, String owner) {
        this.server = server;
        this.appId = appId;
        this.clientId = clientId;
        this.slug = slug;
        this.owner = owner;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA", e);
        }
    }

    /** Starts the stand-in of app {@code 424242}, client id {@code Iv23liStandInApp01}, slug {@code gitbridge-test}. */
    public static GitHubAppStandIn start() {
        return start(424242, "Iv23liStandInApp01", "gitbridge-test", "acme");
    }

    /** Starts the stand-in of one app, owned by the account {@code owner}. */
    public static GitHubAppStandIn start(long appId, String clientId, String slug, String owner) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the GitHub App stand-in", e);
        }
        GitHubAppStandIn standIn = new GitHubAppStandIn(server, appId, clientId, slug, owner);
        server.createContext("/", standIn::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return standIn;
    }

    /** The API base, {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The app's id. */
    public long appId() {
        return appId;
    }

    /** The app's client id. */
    public String clientId() {
        return clientId;
    }

    /** The app's slug. */
    public String slug() {
        return slug;
    }

    /** The app's display name: {@code gitbridge test app}. */
    public String name() {
        return "gitbridge test app";
    }

    /** The login of the account that owns the app. */
    public String owner() {
        return owner;
    }

    /** The app's private key as GitHub downloads it: PKCS#1, {@code -----BEGIN RSA PRIVATE KEY-----}. */
    public String privateKeyPkcs1Pem() {
        return pem(keys.getPrivate());
    }

    /** The app's private key as PKCS#8, {@code -----BEGIN PRIVATE KEY-----}. */
    public String privateKeyPkcs8Pem() {
        try {
            return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app's public key, which every JWT must verify with. */
    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    /** Sets the clock JWTs and tokens are judged by (the system clock by default). */
    public GitHubAppStandIn clock(Clock judgeBy) {
        this.clock = judgeBy;
        return this;
    }

    /** Sets how long tokens minted from now on live (one hour by default, as on GitHub). */
    public GitHubAppStandIn tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /**
     * Installs the app on an account.
     *
     * @param accountType {@code Organization} or {@code User}
     * @return the installation, to add repositories to and change
     */
    public synchronized ScriptedInstallation install(long installationId, String account, String accountType) {
        InstallationState state = new InstallationState(installationId, account, accountType);
        installations.put(installationId, state);
        return new ScriptedInstallation(state);
    }

    /** An installation made by {@link #install}. */
    public synchronized ScriptedInstallation installation(long installationId) {
        InstallationState state = installations.get(installationId);
        if (state == null) {
            throw new IllegalArgumentException("no installation " + installationId);
        }
        return new ScriptedInstallation(state);
    }

    /** Answers the next request (after recording it) with this failure instead; several queue up. */
    public synchronized GitHubAppStandIn failNext(int status, String body, Map<String, String> headers) {
        failures.add(new Failure(status, body, Map.copyOf(headers)));
        return this;
    }

    /** Every call received so far, oldest first. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls as {@code METHOD path}, oldest first. */
    public List<String> callLines() {
        return calls.stream().map(call -> call.method() + " " + call.path()).toList();
    }

    /** Forgets the calls received so far. */
    public void clearCalls() {
        calls.clear();
    }

    /** The current token of an installation, if one was minted and is neither expired nor revoked. */
    public synchronized Optional<Grant> currentGrant(long installationId) {
        InstallationState state = installations.get(installationId);
        if (state == null || state.current == null || state.current.revoked
                || !clock.instant().isBefore(state.current.expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(state.current);
    }

    /** The current token of an installation, as {@link #currentGrant}. */
    public Optional<String> currentToken(long installationId) {
        return currentGrant(installationId).map(Grant::token);
    }

    /**
     * Whether {@code token} is an unexpired, unrevoked token of an active installation, and may read {@code fullName}
     * (when not null): what a git server in front of GitHub would accept. As on GitHub, minting a new token does not
     * end the earlier ones; each lives until it expires or is revoked.
     */
    public synchronized boolean acceptsToken(String token, String fullName) {
        for (InstallationState state : installations.values()) {
            for (Grant grant : state.grants) {
                if (grant.token.equals(token)) {
                    return !grant.revoked && !state.suspended && !state.uninstalled
                            && clock.instant().isBefore(grant.expiresAt)
                            && (fullName == null || grant.covers(state.repository(fullName)));
                }
            }
        }
        return false;
    }

    /** Every token minted so far for an installation, oldest first. */
    public synchronized List<Grant> grants(long installationId) {
        InstallationState state = installations.get(installationId);
        return state == null ? List.of() : List.copyOf(state.grants);
    }

    /** Makes an installation's current token expire now. */
    public synchronized void expireToken(long installationId) {
        InstallationState state = installations.get(installationId);
        if (state != null && state.current != null) {
            state.current = state.current.expiredAt(clock.instant());
            state.grants.set(state.grants.size() - 1, state.current);
        }
    }

    /** Revokes an installation's current token ({@code DELETE /installation/token} on GitHub). */
    public synchronized void revokeToken(long installationId) {
        InstallationState state = installations.get(installationId);
        if (state != null && state.current != null) {
            state.current = state.current.revoke();
            state.grants.set(state.grants.size() - 1, state.current);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    /**
     * One call as received.
     *
     * @param method the HTTP method
     * @param path the raw path and query
     * @param authorization the {@code Authorization} header, null when none
     * @param accept the {@code Accept} header
     * @param apiVersion the {@code X-GitHub-Api-Version} header
     * @param body the body as text, empty when none
     */
    public record Call(String method, String path, String authorization, String accept, String apiVersion,
            String body) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("the body is not JSON: " + body, e);
            }
        }
    }

    /**
     * A minted installation token.
     *
     * @param token the token
     * @param expiresAt when it expires
     * @param repositoryIds the repository ids it is limited to (empty: every repository of the installation)
     * @param permissions the permissions it carries
     * @param revoked whether it was revoked
     */
    public record Grant(String token, Instant expiresAt, List<Long> repositoryIds, Map<String, String> permissions,
            boolean revoked) {

        boolean covers(Repo repository) {
            return repository != null && (repositoryIds.isEmpty() || repositoryIds.contains(repository.id()));
        }

        Grant expiredAt(Instant now) {
            return new Grant(token, now, repositoryIds, permissions, revoked);
        }

        Grant revoke() {
            return new Grant(token, expiresAt, repositoryIds, permissions, true);
        }

        @Override
        public String toString() {
            return "Grant[token=***, expiresAt=" + expiresAt + ", repositoryIds=" + repositoryIds + "]";
        }
    }

    /** An installation to script: its repositories and state. */
    public final class ScriptedInstallation {

        private final InstallationState state;

        private ScriptedInstallation(InstallationState state) {
            this.state = state;
        }

        /** The installation's id. */
        public long id() {
            return state.id;
        }

        /** Adds a repository the installation can see. */
        public ScriptedInstallation repository(long repositoryId, String fullName) {
            synchronized (GitHubAppStandIn.this) {
                state.repositories.add(new Repo(repositoryId, fullName));
            }
            return this;
        }

        /** Removes a repository from the installation. */
        public ScriptedInstallation removeRepository(long repositoryId) {
            synchronized (GitHubAppStandIn.this) {
                state.repositories.removeIf(repository -> repository.id() == repositoryId);
            }
            return this;
        }

        /** Makes the selection {@code selected} (the default) or {@code all}. */
        public ScriptedInstallation allRepositories(boolean all) {
            synchronized (GitHubAppStandIn.this) {
                state.all = all;
            }
            return this;
        }

        /** Suspends the installation, or lifts the suspension. */
        public ScriptedInstallation suspended(boolean suspended) {
            synchronized (GitHubAppStandIn.this) {
                state.suspended = suspended;
            }
            return this;
        }

        /** Uninstalls the app: its endpoints then answer 404. */
        public ScriptedInstallation uninstall() {
            synchronized (GitHubAppStandIn.this) {
                state.uninstalled = true;
            }
            return this;
        }
    }

    private record Repo(long id, String fullName) {
    }

    private record Failure(int status, String body, Map<String, String> headers) {
    }

    private record Answer(int status, String body, Map<String, String> headers) {

        static Answer json(int status, JsonNode body) {
            return new Answer(status, body.toString(), Map.of());
        }

        static Answer message(int status, String message) {
            return new Answer(status, JSON.createObjectNode().put("message", message)
                    .put("documentation_url", "https://docs.github.com/rest").toString(), Map.of());
        }
    }

    private static final class InstallationState {
        final long id;
        final String account;
        final String accountType;
        final List<Repo> repositories = new ArrayList<>();
        final List<Grant> grants = new ArrayList<>();
        boolean all;
        boolean suspended;
        boolean uninstalled;
        Grant current;
        final Instant createdAt = Instant.now();

        InstallationState(long id, String account, String accountType) {
            this.id = id;
            this.account = account;
            this.accountType = accountType;
        }

        Repo repository(String fullName) {
            return repositories.stream().filter(repository -> repository.fullName().equalsIgnoreCase(fullName))
                    .findFirst().orElse(null);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            calls.add(new Call(method, rawPath + (rawQuery == null ? "" : "?" + rawQuery),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version"), body));
            Answer answer = answer(method, rawPath.startsWith("/api/v3/") ? rawPath.substring(7) : rawPath,
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private synchronized Answer answer(String method, String path, String authorization, String body) {
        Failure failure = failures.poll();
        if (failure != null) {
            return new Answer(failure.status(), failure.body(), failure.headers());
        }
        Matcher repository = REPOSITORY.matcher(path);
        if (method.equals("GET") && repository.matches()) {
            return repository(repository.group(1) + "/" + repository.group(2), authorization);
        }
        Optional<String> rejected = jwtProblem(authorization);
        if (rejected.isPresent()) {
            return Answer.message(401, rejected.get());
        }
        Matcher matcher;
        if (method.equals("GET") && path.equals("/app")) {
            return Answer.json(200, app());
        } else if (method.equals("GET") && (matcher = REPO_INSTALLATION.matcher(path)).matches()) {
            String fullName = matcher.group(1) + "/" + matcher.group(2);
            for (InstallationState state : installations.values()) {
                if (!state.uninstalled && state.repository(fullName) != null) {
                    return Answer.json(200, installationJson(state));
                }
            }
            return Answer.message(404, "Not Found");
        } else if (method.equals("GET") && (matcher = INSTALLATION.matcher(path)).matches()) {
            InstallationState state = installations.get(Long.parseLong(matcher.group(1)));
            return state == null || state.uninstalled ? Answer.message(404, "Not Found")
                    : Answer.json(200, installationJson(state));
        } else if (method.equals("POST") && (matcher = ACCESS_TOKENS.matcher(path)).matches()) {
            return accessToken(installations.get(Long.parseLong(matcher.group(1))), body);
        }
        return Answer.message(404, "Not Found");
    }

    /** True when GitHub would take this {@code Authorization} header as the app's JWT, as every call here checks. */
    public boolean acceptsJwt(String authorization) {
        return jwtProblem(authorization).isEmpty();
    }

    /** Why GitHub would refuse this {@code Authorization} header as an app JWT; empty when it verifies. */
    private Optional<String> jwtProblem(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() < 8) {
            return Optional.of("Requires authentication");
        }
        SignedJWT jwt;
        Map<String, Object> claims;
        try {
            jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
            // The raw claims: GitHub takes iss as a number or a string, which Nimbus's JWTClaimsSet would refuse.
            claims = jwt.getPayload().toJSONObject();
        } catch (ParseException e) {
            return Optional.of("A JSON web token could not be decoded");
        }
        if (claims == null || !JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return Optional.of("A JSON web token could not be decoded");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(publicKey()))) {
                return Optional.of("A JSON web token could not be decoded");
            }
        } catch (JOSEException e) {
            return Optional.of("A JSON web token could not be decoded");
        }
        Object issuer = claims.get("iss");
        if (!(issuer instanceof String || issuer instanceof Number)
                || !(String.valueOf(issuer).equals(Long.toString(appId)) || String.valueOf(issuer).equals(clientId))) {
            return Optional.of("Integration not found");
        }
        Instant issuedAt = numericDate(claims.get("iat"));
        Instant expires = numericDate(claims.get("exp"));
        Instant now = clock.instant();
        if (issuedAt == null || issuedAt.isAfter(now.plus(IAT_SKEW))) {
            return Optional.of("'Issued at' claim ('iat') must be an Integer representing the time that the assertion"
                    + " was issued.");
        }
        if (expires == null || !expires.isAfter(now)) {
            return Optional.of("'Expiration time' claim ('exp') must be a numeric value representing the future time"
                    + " at which the assertion expires.");
        }
        if (Duration.between(issuedAt, expires).compareTo(MAX_JWT_LIFETIME) > 0) {
            return Optional.of("'Expiration time' claim ('exp') is too far in the future.");
        }
        return Optional.empty();
    }

    /** "Get a repository" as an installation token sees it. */
    private Answer repository(String fullName, String authorization) {
        String token = authorization == null ? "" : authorization.replaceFirst("^(Bearer|token) ", "");
        if (token.equals(authorization) || !acceptsToken(token, null)) {
            return Answer.message(401, "Bad credentials");
        }
        if (!acceptsToken(token, fullName)) {
            return Answer.message(404, "Not Found");
        }
        for (InstallationState state : installations.values()) {
            Repo repo = state.repository(fullName);
            if (repo != null) {
                ObjectNode node = JSON.createObjectNode().put("id", repo.id()).put("full_name", repo.fullName())
                        .put("name", repo.fullName().substring(repo.fullName().indexOf('/') + 1))
                        .put("private", true).put("default_branch", "main");
                node.putObject("owner").put("login", state.account).put("type", state.accountType);
                return Answer.json(200, node);
            }
        }
        return Answer.message(404, "Not Found");
    }

    /** A JWT NumericDate (seconds since the epoch), null when the claim is not a number. */
    private static Instant numericDate(Object value) {
        return value instanceof Number number ? Instant.ofEpochSecond(number.longValue()) : null;
    }

    private ObjectNode app() {
        ObjectNode app = JSON.createObjectNode().put("id", appId).put("client_id", clientId).put("slug", slug)
                .put("node_id", "A_stand-in").put("name", name());
        app.putObject("owner").put("login", owner).put("type", "Organization");
        ObjectNode permissions = app.putObject("permissions");
        APP_PERMISSIONS.forEach(permissions::put);
        app.putArray("events").add("push").add("workflow_run");
        return app;
    }

    private ObjectNode installationJson(InstallationState state) {
        ObjectNode node = JSON.createObjectNode().put("id", state.id);
        node.putObject("account").put("login", state.account).put("type", state.accountType);
        node.put("repository_selection", state.all ? "all" : "selected").put("app_id", appId).put("app_slug", slug)
                .put("target_type", state.accountType)
                .put("access_tokens_url", apiUrl() + "/app/installations/" + state.id + "/access_tokens")
                .put("created_at", state.createdAt.toString()).put("updated_at", state.createdAt.toString());
        if (state.suspended) {
            node.put("suspended_at", state.createdAt.toString());
        } else {
            node.putNull("suspended_at");
        }
        ObjectNode permissions = node.putObject("permissions");
        APP_PERMISSIONS.forEach(permissions::put);
        return node;
    }

    private Answer accessToken(InstallationState state, String body) {
        if (state == null || state.uninstalled) {
            return Answer.message(404, "Not Found");
        }
        if (state.suspended) {
            return Answer.message(403, "This installation has been suspended");
        }
        JsonNode request;
        try {
            request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return Answer.message(400, "Problems parsing JSON");
        }
        if (request == null || !request.isObject()) {
            return Answer.message(400, "Problems parsing JSON");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("repository_ids", "repositories", "permissions").contains(name)) {
                return Answer.message(422, "Invalid request. \"" + name + "\" is not a permitted key.");
            }
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : request.path("repository_ids")) {
            Repo repository = id.canConvertToLong() ? state.repositories.stream()
                    .filter(candidate -> candidate.id() == id.asLong()).findFirst().orElse(null) : null;
            if (repository == null) {
                return Answer.message(422, "There is at least one repository that does not exist or is not"
                        + " accessible to the parent installation.");
            }
            ids.add(repository.id());
        }
        for (JsonNode name : request.path("repositories")) {
            Repo repository = name.isTextual() ? state.repository(state.account + "/" + name.asText()) : null;
            if (repository == null) {
                return Answer.message(422, "There is at least one repository that does not exist or is not"
                        + " accessible to the parent installation.");
            }
            ids.add(repository.id());
        }
        Map<String, String> permissions = new LinkedHashMap<>();
        JsonNode asked = request.path("permissions");
        if (asked.isMissingNode()) {
            permissions.putAll(APP_PERMISSIONS);
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> fields = asked.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String granted = APP_PERMISSIONS.get(field.getKey());
                if (granted == null || !field.getValue().isTextual()
                        || !(field.getValue().asText().equals("read") || field.getValue().asText().equals(granted))) {
                    return Answer.message(422, "The permissions requested are not granted to this installation.");
                }
                permissions.put(field.getKey(), field.getValue().asText());
            }
        }
        Instant expires = clock.instant().plus(tokenLifetime);
        Grant grant = new Grant("ghs_" + randomText(36), expires, List.copyOf(ids), Map.copyOf(permissions), false);
        state.current = grant;
        state.grants.add(grant);
        ObjectNode answer = JSON.createObjectNode().put("token", grant.token())
                .put("expires_at", expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        ObjectNode granted = answer.putObject("permissions");
        permissions.forEach(granted::put);
        answer.put("repository_selection", ids.isEmpty() && state.all ? "all" : "selected");
        ArrayNode repositories = answer.putArray("repositories");
        for (Repo repository : state.repositories) {
            if (ids.isEmpty() || ids.contains(repository.id())) {
                repositories.addObject().put("id", repository.id()).put("full_name", repository.fullName());
            }
        }
        return Answer.json(201, answer);
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
