package io.gitbridge.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.http.Bounds;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.Listings;
import io.gitbridge.provider.internal.ProviderApi;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's own log of one webhook's deliveries, through its REST API (docs.github.com, "REST API endpoints for
 * repository webhooks" and "… for GitHub App webhooks"): {@code GET …/deliveries?per_page=&cursor=} lists attempts newest
 * first, paged by the cursor in the answer's {@code Link: <…>; rel="next"}; {@code POST …/deliveries/{id}/attempts}
 * asks GitHub to deliver one again (202). GitHub keeps deliveries {@value #GITHUB_COM_RETENTION_DAYS} days on
 * github.com and {@value #ENTERPRISE_RETENTION_DAYS} days on GitHub Enterprise Server ("Redelivering webhooks").
 *
 * <p>The webhook is a repository's ({@link #ofRepositoryWebhook}) or a GitHub App's ({@link #ofApp}); either way the
 * client only needs the bearer credential, asked of its supplier for every call: a token for a repository webhook, a
 * fresh app JWT for the app's. Calls go through {@link ProviderApi}: the process's URL policy, no redirects followed,
 * the credential never in a message; failures are {@link RegistrationException}s ({@code RateLimited} with the wait
 * GitHub asked for, {@code TokenRejected} for 401/403/404, {@code ProviderUnavailable} for 5xx, I/O and answers
 * gitbridge cannot read).
 */
public final class GitHubHookDeliveries {

    /** The most attempts GitHub answers per page ({@code per_page} max). */
    public static final int MAX_PER_PAGE = 100;
    /** The longest GitHub cursor kept; GitHub's look like {@code v1_12077215967}. */
    public static final int MAX_CURSOR_LENGTH = 200;
    /** How long github.com keeps a webhook's deliveries, in days. */
    public static final int GITHUB_COM_RETENTION_DAYS = 3;
    /** How long GitHub Enterprise Server keeps them, in days. */
    public static final int ENTERPRISE_RETENTION_DAYS = 7;

    private static final String REPOSITORY_ADVICE = "Webhooks read-and-write on " + ProviderApi.REPOSITORY
            + " (a classic token: the admin:repo_hook scope)";
    private static final String APP_ADVICE = "the id and current private key of the GitHub App (PUT /github-app)";
    private static final Map<String, String> HEADERS = Map.of("X-GitHub-Api-Version", "2022-11-28");
    private static final ProviderApi REPOSITORY_API = new ProviderApi("GitHub", REPOSITORY_ADVICE,
            token -> "Bearer " + token, HEADERS);
    private static final ProviderApi APP_API = new ProviderApi("GitHub", APP_ADVICE, jwt -> "Bearer " + jwt, HEADERS);
    private static final String LIST = "list the webhook's deliveries";
    private static final String REDELIVER = "redeliver a webhook delivery";
    /** One link of an RFC 8288 {@code Link} header: its target and its parameters. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile("\\brel\\s*=\\s*\"?(?:[^\",;]*\\s)?next(?:[\\s\"]|$)");
    private static final int MAX_STATUS_LENGTH = 200;

    private final ProviderApi api;
    private final String apiBase;
    private final String webhookUrl;
    private final String subject;
    private final Supplier<String> credential;

    private GitHubHookDeliveries(ProviderApi api, String apiBase, String webhookUrl, String subject,
            Supplier<String> credential) {
        this.api = api;
        this.apiBase = apiBase;
        this.webhookUrl = webhookUrl;
        this.subject = subject;
        this.credential = credential;
    }

    /**
     * The log of a repository webhook: {@code {apiBase}/repos/{owner}/{repo}/hooks/{providerHookId}/deliveries}.
     *
     * @param token supplies the token the webhook was registered with
     */
    public static GitHubHookDeliveries ofRepositoryWebhook(RepositoryLocation location, String providerHookId,
            Supplier<String> token) {
        return new GitHubHookDeliveries(REPOSITORY_API, location.apiBase(), location.apiBase()
                + CloneUrl.path(List.of("repos", location.owner(), location.name(), "hooks", providerHookId)),
                location.fullName(), token);
    }

    /**
     * The log of a GitHub App's webhook: {@code {apiBase}/app/hook/deliveries}.
     *
     * @param jwt supplies a current JWT of the app (RS256, as GitHub requires for {@code /app} endpoints)
     */
    public static GitHubHookDeliveries ofApp(String apiBase, Supplier<String> jwt) {
        return new GitHubHookDeliveries(APP_API, apiBase, apiBase + "/app/hook", "the GitHub App's webhook", jwt);
    }

    /** How many days GitHub keeps the deliveries of a webhook reached through {@code apiBase}. */
    public static int retentionDays(String apiBase) {
        String host = URI.create(apiBase).getHost();
        return "api.github.com".equalsIgnoreCase(host) ? GITHUB_COM_RETENTION_DAYS : ENTERPRISE_RETENTION_DAYS;
    }

    /** How many days GitHub keeps this webhook's deliveries. */
    public int retentionDays() {
        return retentionDays(apiBase);
    }

    /**
     * One page of attempts, newest first.
     *
     * @param perPage 1 to {@value #MAX_PER_PAGE}
     * @param cursor null for the first page, else a {@link GitHubHookDeliveryPage#next()} of this webhook's log
     * @throws RegistrationException as the class says; {@code ProviderUnavailable} when an attempt lacks its id, GUID
     *     or time, or the next link carries no usable cursor
     */
    public GitHubHookDeliveryPage list(int perPage, String cursor) {
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("perPage must be 1 to " + MAX_PER_PAGE);
        }
        ProviderApi.Reply reply = session().read(webhookUrl + "/deliveries"
                + Listings.query("per_page", perPage, "cursor", cursor), LIST);
        if (!reply.body().isArray()) {
            throw unreadable("a delivery list that is not a JSON array");
        }
        List<GitHubHookDelivery> items = new ArrayList<>();
        for (JsonNode element : Listings.elements(reply.body())) {
            if (items.size() == perPage) {
                break;
            }
            items.add(delivery(element));
        }
        return new GitHubHookDeliveryPage(items, nextCursor(reply.header("Link")).orElse(null));
    }

    /**
     * Asks GitHub to deliver an attempt's event again, with the same GUID.
     *
     * @return true when GitHub accepted (202), false when it has no such delivery (404)
     * @throws RegistrationException as the class says
     */
    public boolean redeliver(long deliveryId) {
        if (deliveryId <= 0) {
            throw new IllegalArgumentException("GitHub's delivery ids are positive");
        }
        return session().sendUnlessGone("POST", webhookUrl + "/deliveries/" + deliveryId + "/attempts", null,
                REDELIVER).isPresent();
    }

    private ProviderApi.Session session() {
        return api.session(apiBase, subject, credential.get());
    }

    /** GitHub's cursor in the {@code rel="next"} link, URL-decoded and bounded; empty when there is no next link. */
    static Optional<String> nextCursor(Optional<String> linkHeader) {
        if (linkHeader.isEmpty()) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(linkHeader.get());
        while (link.find()) {
            if (!REL_NEXT.matcher(link.group(2)).find()) {
                continue;
            }
            String cursor = queryParameter(link.group(1), "cursor");
            if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH
                    || !cursor.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new RegistrationException.ProviderUnavailable("GitHub answered a next page of the webhook's"
                        + " deliveries without a cursor gitbridge can use (at most " + MAX_CURSOR_LENGTH
                        + " visible ASCII characters)", null);
            }
            return Optional.of(cursor);
        }
        return Optional.empty();
    }

    private static String queryParameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private GitHubHookDelivery delivery(JsonNode item) {
        JsonNode id = item.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw unreadable("a delivery without a positive numeric id");
        }
        String guid = item.path("guid").isTextual() ? item.path("guid").asText() : null;
        if (!Bounds.isId(guid)) {
            throw unreadable("delivery " + id.asLong() + " without a GUID of 1 to " + Bounds.MAX_ID_LENGTH
                    + " visible ASCII characters");
        }
        Instant deliveredAt;
        try {
            deliveredAt = OffsetDateTime.parse(item.path("delivered_at").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            throw unreadable("delivery " + id.asLong() + " without a readable delivered_at");
        }
        JsonNode statusCode = item.path("status_code");
        JsonNode duration = item.path("duration");
        return new GitHubHookDelivery(id.asLong(), guid, Bounds.event(item.path("event").asText("unknown")),
                item.path("action").isTextual() ? Bounds.event(item.path("action").asText()) : null,
                statusCode.isIntegralNumber() && statusCode.asInt() >= 0 && statusCode.asInt() <= 999
                        ? statusCode.asInt() : 0,
                item.path("status").isTextual() ? Bounds.reason(cut(item.path("status").asText())) : "",
                deliveredAt, item.path("redelivery").asBoolean(false),
                duration.isNumber() && Double.isFinite(duration.asDouble()) && duration.asDouble() >= 0
                        ? duration.asDouble() : 0, positive(item.path("repository_id")),
                positive(item.path("installation_id")));
    }

    private static Long positive(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0 ? value.asLong() : null;
    }

    private static String cut(String value) {
        return value.length() <= MAX_STATUS_LENGTH ? value : value.substring(0, MAX_STATUS_LENGTH);
    }

    private RegistrationException.ProviderUnavailable unreadable(String what) {
        return new RegistrationException.ProviderUnavailable("GitHub at " + apiBase + " answered " + what
                + " while gitbridge tried to " + LIST + " on " + subject, null);
    }
}
