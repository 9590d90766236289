package io.gitbridge.provider.github.app;

/**
 * The GitHub App gitbridge acts as, as stored and as {@code GET /app} describes it (REST "Apps": "Get the
 * authenticated app"). The private key is not part of it (see {@link GitHubAppStore#privateKey()}); the webhook secret
 * is, because the receiver verifies the app's deliveries with it, and {@link #toString()} hides it.
 *
 * @param appId the app's numeric id, positive
 * @param clientId the app's client id ({@code Iv1.…} or {@code Iv23…}), null when not known
 * @param slug the app's URL name, as in {@code https://github.com/apps/<slug>}
 * @param name the app's display name
 * @param owner the login of the account (organisation or user) that owns the app
 * @param host the GitHub host, {@code github.com} or a GitHub Enterprise Server host
 * @param apiUrl the REST API base, {@code https://api.github.com} or {@code https://<host>/api/v3}, no trailing slash
 * @param webhookSecret the secret GitHub signs the app's deliveries with ({@code X-Hub-Signature-256}); null when none
 */
public record GitHubApp(long appId, String clientId, String slug, String name, String owner, String host,
        String apiUrl, String webhookSecret) {

    /** The longest id, client id, slug or owner login accepted, in characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** The longest display name accepted, in characters (GitHub allows 34). */
    public static final int MAX_NAME_LENGTH = 200;
    /** The longest host accepted, in characters (a DNS name is at most 253). */
    public static final int MAX_HOST_LENGTH = 253;
    /** The longest API URL accepted, in characters. */
    public static final int MAX_URL_LENGTH = 512;
    /** The longest webhook secret accepted, in characters. */
    public static final int MAX_SECRET_LENGTH = 256;
    /** The host of GitHub itself. */
    public static final String GITHUB_COM = "github.com";
    /** The REST API base of GitHub itself. */
    public static final String GITHUB_API = "https://api.github.com";

    /** @throws IllegalArgumentException naming the field that is missing or too long */
    public GitHubApp {
        if (appId <= 0) {
            throw new IllegalArgumentException("appId must be a positive number");
        }
        bounded("clientId", clientId, MAX_ID_LENGTH, false);
        bounded("slug", slug, MAX_ID_LENGTH, true);
        bounded("name", name, MAX_NAME_LENGTH, true);
        bounded("owner", owner, MAX_ID_LENGTH, true);
        bounded("host", host, MAX_HOST_LENGTH, true);
        bounded("apiUrl", apiUrl, MAX_URL_LENGTH, true);
        bounded("webhookSecret", webhookSecret, MAX_SECRET_LENGTH, false);
    }

    /** The API base for {@code host}: {@link #GITHUB_API} for github.com, else {@code https://<host>/api/v3}. */
    public static String defaultApiUrl(String host) {
        return GITHUB_COM.equals(host) || ("www." + GITHUB_COM).equals(host) ? GITHUB_API : "https://" + host + "/api/v3";
    }

    /** The JWT's {@code iss}: the client id when known (GitHub's recommendation), else the app id. */
    public String issuer() {
        return clientId != null ? clientId : Long.toString(appId);
    }

    /** Where an owner installs the app: {@code https://<host>/apps/<slug>/installations/new}. */
    public String installUrl() {
        return "https://" + host + "/apps/" + slug + "/installations/new";
    }

    /** The same app with another webhook secret. */
    public GitHubApp withWebhookSecret(String secret) {
        return new GitHubApp(appId, clientId, slug, name, owner, host, apiUrl, secret);
    }

    /** Everything but the webhook secret, which shows as {@code ***} when set. */
    @Override
    public String toString() {
        return "GitHubApp[appId=" + appId + ", clientId=" + clientId + ", slug=" + slug + ", name=" + name
                + ", owner=" + owner + ", host=" + host + ", apiUrl=" + apiUrl + ", webhookSecret="
                + (webhookSecret == null ? "null" : "***") + "]";
    }

    static void bounded(String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return;
        }
        if (value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(field + " must be 1 to " + max + " characters");
        }
    }
}
