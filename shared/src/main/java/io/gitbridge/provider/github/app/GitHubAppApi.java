package io.gitbridge.provider.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.http.Bounds;
import io.gitbridge.json.Json;
import io.gitbridge.net.HostRefusedException;
import io.gitbridge.provider.internal.ProviderApi;
import io.gitbridge.provider.internal.RetryAfter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.http.Header;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.util.EntityUtils;

/**
 * GitHub's REST "Apps" endpoints as the app itself calls them, authenticated with its {@link AppJwt}
 * ({@code Authorization: Bearer <jwt>}, {@code Accept: application/vnd.github+json},
 * {@code X-GitHub-Api-Version: 2022-11-28}). Connections go through the provider APIs' shared client
 * ({@link ProviderApi#client()}): only to addresses the process's URL policy allows, never following a redirect.
 *
 * <p>Failures are {@link GitHubAppException}s: 401 → {@link GitHubAppException.CredentialsRejected}; 404 on an
 * installation's endpoint → empty or {@link GitHubAppException.NotInstalled}; 429, or 403 with
 * {@code X-RateLimit-Remaining: 0} or {@code Retry-After} → {@link GitHubAppException.RateLimited} (wait from
 * {@code Retry-After}, else {@code X-RateLimit-Reset}); 5xx, timeouts, connection failures and unreadable answers →
 * {@link GitHubAppException.Unavailable}; anything else → {@link GitHubAppException.Refused}. Messages quote what
 * GitHub said (shortened) but never the JWT or a token.
 */
public final class GitHubAppApi {

    /** The REST API version every call asks for. */
    public static final String API_VERSION = "2022-11-28";
    /** The media type every call accepts. */
    public static final String MEDIA_TYPE = "application/vnd.github+json";

    /** GitHub's token formats ({@code ghs_} installation, {@code ghp_}/{@code gho_}/{@code ghu_}/{@code ghr_}). */
    private static final java.util.regex.Pattern INSTALLATION_TOKEN =
            java.util.regex.Pattern.compile("gh[opsur]_[A-Za-z0-9_]+");

    private final String apiUrl;
    private final AppJwt jwt;

    /**
     * @param apiUrl the REST API base, {@code https://api.github.com} or {@code https://<host>/api/v3}
     * @param jwt the app's JWT
     */
    public GitHubAppApi(String apiUrl, AppJwt jwt) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.jwt = jwt;
    }

    /** The API base this client calls. */
    public String apiUrl() {
        return apiUrl;
    }

    /**
     * {@code GET /app}: the app the JWT belongs to; the way to check that a private key and an app id go together.
     *
     * @throws GitHubAppException.CredentialsRejected when GitHub refuses the JWT (the key is not this app's)
     */
    public AppDescription app() {
        String action = "read the app";
        JsonNode app = expect(call("GET", "/app", null, action), action);
        return new AppDescription(number(app, "id", action), text(app.path("client_id")),
                required(app, "slug", action), required(app, "name", action),
                Optional.ofNullable(text(app.path("owner").path("login"))).orElse(""));
    }

    /**
     * {@code GET /repos/{owner}/{repo}/installation}: the app's installation that can see a repository; empty when
     * the app is not installed there (404). Its {@link Installation#repositories()} are empty: GitHub does not list
     * them here.
     */
    public Optional<Installation> repositoryInstallation(String owner, String repo) {
        String action = "find the app's installation on " + owner + "/" + repo;
        Answer answer = call("GET", "/repos/" + ProviderApi.encode(owner) + "/" + ProviderApi.encode(repo)
                + "/installation", null, action);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(installation(expect(answer, action), action));
    }

    /** {@code GET /app/installations/{id}}: one installation of the app; empty when it has none with that id (404). */
    public Optional<Installation> installation(long installationId) {
        String action = "read installation " + installationId;
        Answer answer = call("GET", "/app/installations/" + installationId, null, action);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(installation(expect(answer, action), action));
    }

    /**
     * {@code POST /app/installations/{id}/access_tokens}: mints an installation access token limited as
     * {@code request} says.
     *
     * @throws GitHubAppException.NotInstalled when the installation is gone (404)
     * @throws GitHubAppException.Refused when GitHub will not grant it (403: suspended; 422: a repository or permission
     *     the installation does not have)
     */
    public AccessToken createAccessToken(long installationId, AccessTokenRequest request) {
        String action = "create an access token for installation " + installationId;
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (!request.repositoryIds().isEmpty()) {
            request.repositoryIds().forEach(body.putArray("repository_ids")::add);
        }
        if (!request.repositoryNames().isEmpty()) {
            request.repositoryNames().forEach(body.putArray("repositories")::add);
        }
        if (!request.permissions().isEmpty()) {
            ObjectNode permissions = body.putObject("permissions");
            request.permissions().forEach(permissions::put);
        }
        Answer answer = call("POST", "/app/installations/" + installationId + "/access_tokens", body, action);
        if (answer.status() == 404) {
            throw new GitHubAppException.NotInstalled("GitHub at " + apiUrl + " has no installation " + installationId
                    + " of this app (it was uninstalled)", 404, null);
        }
        JsonNode token = expect(answer, action);
        String value = text(token.path("token"));
        String expires = text(token.path("expires_at"));
        if (value == null || expires == null) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " answered without a token and its"
                    + " expires_at while gitbridge tried to " + action, answer.status(), null);
        }
        try {
            return new AccessToken(value, Instant.parse(expires));
        } catch (DateTimeParseException e) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " answered with an expires_at that is"
                    + " not a time while gitbridge tried to " + action, answer.status(), null);
        }
    }

    /**
     * {@code GET /repos/{owner}/{repo}} ("Get a repository") with an installation access token instead of the JWT:
     * GitHub's numeric id and full name of a repository the token may read. GitHub keeps the id when the repository is
     * renamed or transferred, which is why the app's deliveries are routed by it.
     *
     * @param token an installation token that covers the repository
     * @return the repository's id and its full name as GitHub spells it
     * @throws GitHubAppException.Refused when GitHub does not show the repository to the token (404, 403)
     * @throws GitHubAppException.CredentialsRejected when GitHub refuses the token (401)
     */
    public Installation.Repository repository(String owner, String repo, AccessToken token) {
        String action = "read the repository " + owner + "/" + repo;
        Answer answer = call("GET", "/repos/" + ProviderApi.encode(owner) + "/" + ProviderApi.encode(repo), null,
                action, token.token());
        if (answer.status() == 401) {
            // The bearer is an installation token here, not the app's JWT: the key is not what GitHub refused.
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " refused the installation token it had"
                    + " just issued (HTTP 401" + quoted(githubMessage(answer.body())) + ") while gitbridge tried to "
                    + action + "; send the request again", 401, null);
        }
        JsonNode node = expect(answer, action);
        long id = number(node, "id", action);
        String fullName = required(node, "full_name", action);
        try {
            return new Installation.Repository(id, fullName);
        } catch (IllegalArgumentException e) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " answered with a repository gitbridge"
                    + " cannot read (" + e.getMessage() + ") while trying to " + action, 200, e);
        }
    }

    private Installation installation(JsonNode node, String action) {
        long id = number(node, "id", action);
        JsonNode account = node.path("account");
        String login = text(account.path("login"));
        String type = text(account.path("type"));
        String selection = text(node.path("repository_selection"));
        try {
            return new Installation(id, login == null ? "" : login, type == null ? "User" : type,
                    Installation.Selection.of(selection == null ? "all" : selection), List.of(),
                    !node.path("suspended_at").isMissingNode() && !node.path("suspended_at").isNull(), false,
                    time(node.path("updated_at")));
        } catch (IllegalArgumentException e) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " answered with an installation gitbridge"
                    + " cannot read (" + e.getMessage() + ") while trying to " + action, 200, e);
        }
    }

    private static Instant time(JsonNode node) {
        String value = text(node);
        if (value != null) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                // Not GitHub's ISO 8601: the time it was read will do.
            }
        }
        return Instant.now();
    }

    private long number(JsonNode node, String field, String action) {
        JsonNode value = node.path(field);
        if (!value.canConvertToLong() || value.asLong() <= 0) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " answered without the " + field
                    + " it should send while gitbridge tried to " + action, 200, null);
        }
        return value.asLong();
    }

    private String required(JsonNode node, String field, String action) {
        String value = text(node.path(field));
        if (value == null) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " answered without the " + field
                    + " it should send while gitbridge tried to " + action, 200, null);
        }
        return value;
    }

    private static String text(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isNumber()) || node.asText().isEmpty()) {
            return null;
        }
        return node.asText();
    }

    /** An answer: status, body and headers by lower-case name. */
    private record Answer(int status, String body, Map<String, String> headers) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private Answer call(String method, String path, JsonNode body, String action) {
        return call(method, path, body, action, jwt.token());
    }

    /** @param token the bearer: the app's JWT, or an installation token */
    private Answer call(String method, String path, JsonNode body, String action, String token) {
        RequestBuilder request;
        try {
            URI uri = URI.create(apiUrl + path);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            request = RequestBuilder.create(method).setUri(uri);
        } catch (IllegalArgumentException e) {
            throw new GitHubAppException.Refused("the GitHub API URL " + apiUrl + " is not valid", 0, null);
        }
        request.addHeader("Accept", MEDIA_TYPE)
                .addHeader("X-GitHub-Api-Version", API_VERSION)
                .addHeader("User-Agent", "gitbridge")
                .addHeader("Authorization", "Bearer " + token);
        if (body != null) {
            request.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        }
        try (CloseableHttpResponse received = ProviderApi.client().execute(request.build())) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : received.getAllHeaders()) {
                headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            String text = received.getEntity() == null ? ""
                    : EntityUtils.toString(received.getEntity(), StandardCharsets.UTF_8);
            return new Answer(received.getStatusLine().getStatusCode(), text, headers);
        } catch (HostRefusedException e) {
            throw new GitHubAppException.Refused("gitbridge did not contact the GitHub API at " + apiUrl
                    + " while trying to " + action + ": its host " + e.host() + " " + e.reason(), 0, null);
        } catch (InterruptedIOException e) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " did not answer within "
                    + ProviderApi.TIMEOUT.toSeconds() + " s while gitbridge tried to " + action, 0, null);
        } catch (IOException e) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " could not be reached ("
                    + e.getClass().getSimpleName() + ") while gitbridge tried to " + action, 0, null);
        }
    }

    /** The JSON of a 2xx answer. @throws GitHubAppException for any other */
    private JsonNode expect(Answer answer, String action) {
        int status = answer.status();
        String said = quoted(githubMessage(answer.body()));
        if (status >= 200 && status < 300) {
            try {
                JsonNode node = Json.MAPPER.readTree(answer.body());
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                // Falls through to the failure below.
            }
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " answered with something that is not"
                    + " a JSON object while gitbridge tried to " + action, status, null);
        }
        if (status == 429 || status == 403 && (answer.header("X-RateLimit-Remaining").map("0"::equals).orElse(false)
                || answer.header("Retry-After").isPresent())) {
            long wait = RetryAfter.seconds(answer.header("Retry-After"), answer.header("X-RateLimit-Reset"));
            throw new GitHubAppException.RateLimited("GitHub at " + apiUrl + " is rate-limiting the app (HTTP "
                    + status + said + ") while gitbridge tried to " + action + "; try again in " + wait + " s",
                    status, wait);
        }
        if (status == 401) {
            throw new GitHubAppException.CredentialsRejected("GitHub at " + apiUrl + " rejected the app's JWT (HTTP 401"
                    + said + ") while gitbridge tried to " + action + ": the private key does not belong to the app "
                    + jwt.issuer() + ", or there is no such app on this GitHub", status, null);
        }
        if (status >= 500) {
            throw new GitHubAppException.Unavailable("GitHub at " + apiUrl + " failed (HTTP " + status + said
                    + ") while gitbridge tried to " + action, status, null);
        }
        if (status >= 300 && status < 400) {
            throw new GitHubAppException.Refused("GitHub at " + apiUrl + " answered with a redirect (HTTP " + status
                    + ") while gitbridge tried to " + action + "; set apiUrl to the API's address (https://<host>/api/v3"
                    + " on GitHub Enterprise Server)", status, null);
        }
        throw new GitHubAppException.Refused("GitHub at " + apiUrl + " refused to " + action + " (HTTP " + status
                + said + ")", status, null);
    }

    private static String quoted(String said) {
        return said.isEmpty() ? "" : ", \"" + said + "\"";
    }

    /** GitHub's {@code message} (and {@code errors[].message}), at most 300 characters, with the JWT taken out. */
    private String githubMessage(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return "";
        }
        if (node == null || !node.isObject()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        String message = text(node.get("message"));
        if (message != null) {
            parts.add(message);
        }
        for (JsonNode error : node.path("errors")) {
            String text = text(error.isObject() ? error.get("message") : error);
            if (text != null && !parts.contains(text)) {
                parts.add(text);
            }
        }
        // Cut, with control and bidirectional formatting characters replaced, as every echoed reason is; tokens masked.
        return Bounds.reason(INSTALLATION_TOKEN.matcher(String.join(": ", parts).replace(jwt.token(), "***"))
                .replaceAll("***"));
    }
}
