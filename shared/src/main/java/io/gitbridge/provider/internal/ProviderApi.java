package io.gitbridge.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gitbridge.json.Json;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.net.HostRefusedException;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.PinnedHttp;
import io.gitbridge.net.SecretForms;
import io.gitbridge.net.UrlPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.http.Header;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

/**
 * One provider's REST API as its registrar uses it: JSON trees over HTTP, with every failure turned into a
 * {@link RegistrationException} whose message names the provider, the repository and what to do, and never contains
 * the token or the secret. Redirects are not followed, so a token is never sent to another address; every connection
 * goes to addresses the process's {@link UrlPolicy} checked right before it ({@link PinnedHttp}), so a DNS answer
 * that changed after the hook was validated cannot point the token at an internal address.
 */
public final class ProviderApi {

    /** How long a connection, and then each request, may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Where {@code tokenAdvice} wants the repository's name, when not at its end. */
    public static final String REPOSITORY = "{repository}";

    private static final int MAX_PROVIDER_MESSAGE = 300;
    private static final String HEX = "0123456789ABCDEF";
    private static CloseableHttpClient sharedClient;
    private static UrlPolicy policy = UrlPolicy.local(HostResolver.SYSTEM);

    private final String provider;
    private final String tokenAdvice;
    private final UnaryOperator<String> authorization;
    private final Map<String, String> headers;
    private final String forbidden;

    /**
     * @param provider the provider's name in messages, e.g. {@code GitHub}
     * @param tokenAdvice what the token needs, completing "it needs … on owner/repo", or with {@link #REPOSITORY} where
     *     the repository's name goes
     * @param authorization the {@code Authorization} header value for a token
     * @param headers further headers for every request
     */
    public ProviderApi(String provider, String tokenAdvice, UnaryOperator<String> authorization,
            Map<String, String> headers) {
        this.provider = provider;
        this.tokenAdvice = tokenAdvice;
        this.authorization = authorization;
        this.headers = Map.copyOf(headers);
        this.forbidden = "not allowed";
    }

    private ProviderApi(ProviderApi api, String forbidden) {
        this.provider = api.provider;
        this.tokenAdvice = api.tokenAdvice;
        this.authorization = api.authorization;
        this.headers = api.headers;
        this.forbidden = forbidden;
    }

    /**
     * The same API, where a 403 answer means {@code detail} (with {@link #REPOSITORY} where the repository's name
     * goes) instead of "not allowed", for providers that document a single reason for it.
     */
    public ProviderApi forbiddenMeans(String detail) {
        return new ProviderApi(this, detail);
    }

    /** The provider's name in messages. */
    public String provider() {
        return provider;
    }

    /** Calls on one repository with one token; {@code secret} is kept out of messages as well. */
    public Session session(RepositoryLocation location, String token, String secret) {
        return new Session(location, location.apiBase(), location.fullName(), token, secret);
    }

    /**
     * Calls with one token that are about no single repository (listing what the token can see), or about a
     * repository named as the admin typed it.
     *
     * @param apiBase the API base URL, for messages
     * @param subject what the calls are about, completing "while trying to … on …", e.g. {@code the repositories the
     *     token can see}; it also takes the place of {@link #REPOSITORY} in the token advice
     */
    public Session session(String apiBase, String subject, String token) {
        return new Session(null, apiBase, subject, token, null);
    }

    /** {@code value} percent-encoded as one URL path segment (a {@code /} in it becomes {@code %2F}). */
    public static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return encoded.toString();
    }

    /**
     * Sets where every provider API call of this process may connect; the deployed functions and the local runner set
     * their policy at start. Until then, the local runner's rules apply (addresses are resolved but not restricted).
     */
    public static void useUrlPolicy(UrlPolicy urlPolicy) {
        synchronized (ProviderApi.class) {
            if (urlPolicy != policy) {
                policy = urlPolicy;
                closeQuietly(sharedClient);
                sharedClient = null;
            }
        }
    }

    /**
     * One client for every registrar (and the GitHub App client), built on first use so that nothing starts a thread
     * before it is needed; it connects only where the process's {@link UrlPolicy} allows and follows no redirect.
     */
    public static CloseableHttpClient client() {
        synchronized (ProviderApi.class) {
            if (sharedClient == null) {
                sharedClient = PinnedHttp.client(policy, TIMEOUT);
            }
            return sharedClient;
        }
    }

    private static void closeQuietly(CloseableHttpClient client) {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException e) {
            // Only idle connections were left.
        }
    }

    /** An answer: status, body (empty when none) and headers by lower-case name. */
    private record Answer(int status, String body, Map<String, String> headers) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /**
     * A successful answer's JSON ({@link MissingNode} for an empty body) and headers, for APIs that page through
     * headers ({@code Link}, {@code X-Next-Page}, {@code x-ms-continuationtoken}).
     *
     * @param body the answer's JSON
     * @param headers the answer's headers by lower-case name, the first value of each
     */
    public record Reply(JsonNode body, Map<String, String> headers) {

        public Reply {
            headers = Map.copyOf(headers);
        }

        /** A header by its name in any case. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** Requests about one repository with one token. */
    public final class Session {

        private final RepositoryLocation location;
        private final String apiBase;
        private final String subject;
        private final String token;
        private final String secret;

        private Session(RepositoryLocation location, String apiBase, String subject, String token, String secret) {
            this.location = location;
            this.apiBase = apiBase;
            this.subject = subject;
            this.token = token;
            this.secret = secret;
        }

        /** The repository these calls are about; null for a session about no single repository. */
        public RepositoryLocation location() {
            return location;
        }

        /**
         * Sends a {@code GET} and returns the answer's JSON and headers.
         *
         * @param action what the call does, completing "while trying to …", e.g. {@code list the repositories}
         * @throws RegistrationException for any answer but 2xx; {@link RegistrationException.RateLimited} when the
         *     provider is rate-limiting the token
         */
        public Reply read(String url, String action) {
            return exchange("GET", url, null, action, false).orElseThrow();
        }

        /**
         * Sends a request and returns the answer's JSON ({@link MissingNode} for an empty body).
         *
         * @param action what the call does, completing "while trying to …", e.g. {@code create the webhook}
         * @throws RegistrationException for any answer but 2xx
         */
        public JsonNode send(String method, String url, JsonNode body, String action) {
            return exchange(method, url, json(body), action, false).orElseThrow().body();
        }

        /**
         * Sends a {@code POST} whose body is {@code form}, {@code application/x-www-form-urlencoded} in UTF-8 (the
         * fields in their given order), and returns the answer's JSON ({@link MissingNode} for an empty body, such as
         * a 204). A 4xx answer that is plain text rather than JSON is quoted too, shortened and with the token and
         * secret taken out.
         *
         * @param action what the call does, completing "while trying to …", e.g. {@code subscribe to push events}
         * @param goneIsEmpty whether a 404 or 410 answer, meaning the thing addressed is gone, gives empty
         * @throws RegistrationException for any answer but 2xx (and, with {@code goneIsEmpty}, 404 and 410)
         */
        public Optional<JsonNode> sendForm(String url, Map<String, String> form, String action, boolean goneIsEmpty) {
            List<org.apache.http.NameValuePair> fields = new ArrayList<>();
            form.forEach((name, value) -> fields.add(new org.apache.http.message.BasicNameValuePair(name, value)));
            return exchange("POST", url, new org.apache.http.client.entity.UrlEncodedFormEntity(fields,
                    StandardCharsets.UTF_8), action, goneIsEmpty).map(Reply::body);
        }

        /**
         * Like {@link #send}, but a 404 or 410 answer, meaning the thing addressed is gone, gives empty.
         *
         * @throws RegistrationException for any other answer but 2xx
         */
        public Optional<JsonNode> sendUnlessGone(String method, String url, JsonNode body, String action) {
            return exchange(method, url, json(body), action, true).map(Reply::body);
        }

        private static org.apache.http.HttpEntity json(JsonNode body) {
            return body == null ? null : new StringEntity(body.toString(), ContentType.APPLICATION_JSON);
        }

        /**
         * The text or number at {@code field} of an answer, as text.
         *
         * @throws RegistrationException.ProviderUnavailable when the answer lacks it
         */
        public String id(JsonNode answer, String field, String action) {
            JsonNode value = answer.path(field);
            if (!value.isTextual() && !value.isNumber() || value.asText().isEmpty()) {
                throw new RegistrationException.ProviderUnavailable(provider + " answered without the " + field
                        + " it should send while gitbridge tried to " + action + " on " + subject, null);
            }
            return value.asText();
        }

        private Optional<Reply> exchange(String method, String url, org.apache.http.HttpEntity body, String action,
                boolean goneIsEmpty) {
            RequestBuilder request;
            try {
                URI uri = URI.create(url);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                request = RequestBuilder.create(method).setUri(uri);
            } catch (IllegalArgumentException e) {
                throw new RegistrationException.Refused("the " + provider + " API URL " + url + " is not valid", e);
            }
            request.addHeader("Accept", "application/json")
                    .addHeader("User-Agent", "gitbridge")
                    .addHeader("Authorization", authorization.apply(token));
            headers.forEach(request::addHeader);
            if (body != null) {
                request.setEntity(body);
            }
            HttpUriRequest built = request.build();
            Answer response;
            try (CloseableHttpResponse received = client().execute(built)) {
                Map<String, String> answerHeaders = new java.util.HashMap<>();
                for (Header header : received.getAllHeaders()) {
                    answerHeaders.putIfAbsent(header.getName().toLowerCase(java.util.Locale.ROOT), header.getValue());
                }
                String text = received.getEntity() == null ? ""
                        : EntityUtils.toString(received.getEntity(), StandardCharsets.UTF_8);
                response = new Answer(received.getStatusLine().getStatusCode(), text, answerHeaders);
            } catch (HostRefusedException e) {
                throw new RegistrationException.Refused("gitbridge did not contact the " + provider + " API at "
                        + apiBase + " while trying to " + action + ": its host " + e.host() + " "
                        + e.reason(), e);
            } catch (InterruptedIOException e) {
                throw unavailable("did not answer within " + TIMEOUT.toSeconds() + " s", action, e);
            } catch (IOException e) {
                throw unavailable("could not be reached (" + describe(e) + ")", action, e);
            }
            return answer(response, action, goneIsEmpty);
        }

        private Optional<Reply> answer(Answer response, String action, boolean goneIsEmpty) {
            int status = response.status();
            String said = providerMessage(response.body());
            if (said.isEmpty() && status >= 400 && status < 500 && response.header("Content-Type")
                    .map(type -> type.toLowerCase(java.util.Locale.ROOT).startsWith("text/plain")).orElse(false)) {
                said = shortened(response.body().strip().replaceAll("[\\p{Cntrl}\\s]+", " "));
            }
            if (status == 203) {
                // Azure DevOps answers a token it does not accept with 203 and its sign-in page.
                throw rejected(status, "answered with a sign-in page", action);
            }
            if (status >= 200 && status < 300) {
                return Optional.of(new Reply(json(response.body(), action), response.headers()));
            }
            if (goneIsEmpty && (status == 404 || status == 410)) {
                return Optional.empty();
            }
            if (status == 429 || status == 403 && rateLimited(response)) {
                long retryAfter = RetryAfter.seconds(response.header("Retry-After"),
                        response.header("X-RateLimit-Reset").or(() -> response.header("RateLimit-Reset")));
                throw new RegistrationException.RateLimited(provider + " at " + apiBase + " is rate-limiting this token"
                        + " (HTTP " + status + quoted(said) + ") while gitbridge tried to " + action + " on " + subject
                        + "; try again in " + retryAfter + " s", retryAfter, null);
            }
            if (status == 401) {
                throw rejected(status, "not a valid token" + quoted(said), action);
            }
            if (status == 403) {
                throw rejected(status, forbidden.replace(REPOSITORY, subject) + quoted(said), action);
            }
            if (status == 404) {
                throw rejected(status, subject + " was not found at " + apiBase
                        + ", or the token cannot see it", action);
            }
            if (status >= 500) {
                throw unavailable("failed (HTTP " + status + quoted(said) + ")", action, null);
            }
            if (status >= 300 && status < 400) {
                throw new RegistrationException.Refused(provider + " answered with a redirect (HTTP " + status + ") to "
                        + redirectTarget(response) + " while trying to " + action
                        + " on " + subject + "; set the hook's apiUrl to the API's address", null);
            }
            throw new RegistrationException.Refused(provider + " refused to " + action + " on " + subject
                    + " (HTTP " + status + quoted(said) + ")", null);
        }

        private JsonNode json(String body, String action) {
            if (body == null || body.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                JsonNode node = Json.MAPPER.readTree(body);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException e) {
                throw unavailable("answered with something that is not JSON", action, e);
            }
        }

        private RegistrationException.TokenRejected rejected(int status, String detail, String action) {
            return new RegistrationException.TokenRejected(provider + " rejected the token (HTTP " + status + ": "
                    + detail + ") while trying to " + action + ": it needs "
                    + (tokenAdvice.contains(REPOSITORY) ? tokenAdvice.replace(REPOSITORY, subject)
                            : tokenAdvice + " on " + subject), null);
        }

        private RegistrationException.ProviderUnavailable unavailable(String what, String action, Throwable cause) {
            return new RegistrationException.ProviderUnavailable(provider + " at " + apiBase + " " + what
                    + " while gitbridge tried to " + action + " on " + subject, cause);
        }

        private String quoted(String said) {
            return said.isEmpty() ? "" : ", \"" + said + "\"";
        }

        /** What the provider said about the failure, shortened, with the token and secret taken out. */
        private String providerMessage(String body) {
            if (body == null || body.isBlank()) {
                return "";
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                return "";
            }
            if (node == null || !node.isObject()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            addText(parts, node.get("message"));
            JsonNode error = node.get("error");
            if (error != null && error.isObject()) {
                addText(parts, error.get("message"));
            } else {
                addText(parts, error);
            }
            addText(parts, node.get("error_description"));
            JsonNode errors = node.get("errors");
            if (errors != null && errors.isArray()) {
                for (JsonNode item : errors) {
                    addText(parts, item.isObject() ? item.get("message") : item);
                }
            }
            return shortened(String.join(": ", parts));
        }

        /** {@code text} with the token and secret taken out, at most {@value #MAX_PROVIDER_MESSAGE} characters. */
        private String shortened(String text) {
            String message = redact(text);
            return message.length() > MAX_PROVIDER_MESSAGE ? message.substring(0, MAX_PROVIDER_MESSAGE) + "…" : message;
        }

        private void addText(List<String> parts, JsonNode value) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return;
            }
            String text = value.isTextual() ? value.asText() : value.toString();
            if (!text.isBlank() && !parts.contains(text)) {
                parts.add(text);
            }
        }

        /** {@code text} without the token and the secret in any form a server could echo (see {@link SecretForms}). */
        private String redact(String text) {
            List<String> hidden = new ArrayList<>(SecretForms.of(token));
            hidden.addAll(SecretForms.of(secret));
            if (token != null && !token.isEmpty()) {
                String header = authorization.apply(token);
                hidden.add(header);
                hidden.add(header.substring(header.indexOf(' ') + 1));
            }
            hidden.sort((a, b) -> Integer.compare(b.length(), a.length()));
            String redacted = text;
            for (String form : hidden) {
                if (!form.isBlank()) {
                    redacted = redacted.replace(form, "***");
                }
            }
            return redacted;
        }

        private String describe(IOException e) {
            String message = e.getMessage();
            return redact(e.getClass().getSimpleName() + (message == null ? "" : ": " + message));
        }
    }

    private static boolean rateLimited(Answer response) {
        return response.header("X-RateLimit-Remaining").map("0"::equals).orElse(false)
                || response.header("Retry-After").isPresent();
    }

    /** Where a redirect pointed: its scheme, host and port only, since the rest may carry anything the server chose. */
    private static String redirectTarget(Answer response) {
        Optional<String> location = response.header("Location");
        if (location.isEmpty()) {
            return "nowhere";
        }
        try {
            URI target = URI.create(location.get().trim());
            if (target.getHost() == null) {
                return "a path on the same host";
            }
            return (target.getScheme() == null ? "" : target.getScheme() + "://") + target.getHost()
                    + (target.getPort() >= 0 ? ":" + target.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "an unreadable location";
        }
    }
}
