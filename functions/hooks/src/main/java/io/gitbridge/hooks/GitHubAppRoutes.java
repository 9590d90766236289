package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.hook.ValidationException;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import io.gitbridge.json.Json;
import io.gitbridge.net.HostNames;
import io.gitbridge.provider.github.app.AppDescription;
import io.gitbridge.provider.github.app.AppJwt;
import io.gitbridge.provider.github.app.AppPrivateKey;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppAccess;
import io.gitbridge.provider.github.app.GitHubAppApi;
import io.gitbridge.provider.github.app.GitHubAppException;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.provider.github.app.RegistrationLink;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The GitHub App's admin routes: {@code GET /github-app/registration-link} (the pre-filled registration page and a
 * generated webhook secret, shown once), {@code PUT /github-app} (the app's id, key and secret, checked with
 * {@code GET /app} before they are stored), {@code GET /github-app} (never the key or the secret), and the public
 * {@code GET /github-app/setup} page GitHub sends installers to ({@link GitHubAppSetupPage}). Without a GitHub App table
 * (a deployment from before GitHub App mode) the admin routes answer 503 and the setup page 404.
 */
final class GitHubAppRoutes {

    private static final Logger LOG = System.getLogger(GitHubAppRoutes.class.getName());
    private static final Set<String> APP_FIELDS = Set.of("appId", "clientId", "privateKey", "webhookSecret", "host",
            "apiUrl");
    /** GitHub client ids: {@code Iv1.} and 16 hex digits, or {@code Iv23} and letters and digits. */
    private static final Pattern CLIENT_ID = Pattern.compile("Iv[0-9A-Za-z.]{1,60}");
    private static final int SECRET_BYTES = 32;
    private static final int MAX_APP_ID_DIGITS = 18;
    private static final String SECRET_REQUIRED = "is required: no registration link generated one (the secret typed"
            + " into the app's Webhook secret field on GitHub)";

    private final Optional<GitHubAppStore> store;
    private final Optional<GitHubAppAccess> access;
    private final Supplier<HookValidator> validator;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** The public setup page, with its cache and call budget, kept for the container's life. */
    private final GitHubAppSetupPage setupPage;

    /**
     * @param store the app's store with a cipher that seals and opens its key; empty when the deployment has none
     * @param validator checks {@code apiUrl} against the deployment's URL policy, as it does for hooks
     */
    GitHubAppRoutes(Optional<GitHubAppStore> store, Supplier<HookValidator> validator, Clock clock) {
        this.store = store;
        this.access = store.map(s -> new GitHubAppAccess(s, clock));
        this.validator = validator;
        this.clock = clock;
        this.setupPage = new GitHubAppSetupPage(access, new SetupPageGuard(clock));
    }

    /** {@code GET /github-app/registration-link?owner=&ownerType=organization|user&host=&name=}. */
    APIGatewayV2HTTPResponse registrationLink(APIGatewayV2HTTPEvent event, String publicBaseUrl) {
        if (store.isEmpty()) {
            return notConfigured();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String owner = HttpApi.queryParameter(event, "owner").orElse(null);
        if (owner == null || owner.isEmpty()) {
            errors.put("owner", "is required: the organisation or user the app is registered on");
        } else if (!RegistrationLink.isLogin(owner)) {
            errors.put("owner", "must be a GitHub login (letters, digits and hyphens, at most 39 characters)");
        }
        RegistrationLink.OwnerType ownerType = RegistrationLink.OwnerType.ORGANIZATION;
        try {
            ownerType = RegistrationLink.OwnerType.of(HttpApi.queryParameter(event, "ownerType")
                    .orElse(RegistrationLink.OwnerType.ORGANIZATION.wire()));
        } catch (IllegalArgumentException e) {
            errors.put("ownerType", e.getMessage());
        }
        String host = host(HttpApi.queryParameter(event, "host").orElse(null), errors);
        String name = HttpApi.queryParameter(event, "name").orElse(null);
        if (name != null && (name.isBlank() || name.length() > RegistrationLink.MAX_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl))) {
            errors.put("name", "must be 1 to " + RegistrationLink.MAX_NAME_LENGTH + " characters (GitHub's limit)");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        RegistrationLink link = new RegistrationLink(host, owner, ownerType,
                name != null ? name : RegistrationLink.defaultName(owner), publicBaseUrl);
        String secret = HexFormat.of().formatHex(randomBytes());
        store.get().putPendingWebhookSecret(secret);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("url", link.url())
                .put("webhookSecret", secret)
                .put("webhookUrl", link.webhookUrl())
                .put("setupUrl", link.setupUrl())
                .put("note", "GitHub does not take the webhook secret from the URL: type webhookSecret into the"
                        + " page's Webhook secret field (it is shown only now, and kept until PUT /github-app), or"
                        + " send the secret you typed instead as webhookSecret in PUT /github-app. Then generate a"
                        + " private key on the app's page, install the app, and send its id and key with"
                        + " PUT /github-app.");
        return HttpApi.json(200, body);
    }

    /** {@code PUT /github-app}: checks the app with GitHub, then stores it; 201 the first time, 200 after. */
    APIGatewayV2HTTPResponse put(Supplier<JsonNode> requestBody, String publicBaseUrl) {
        if (store.isEmpty()) {
            return notConfigured();
        }
        JsonNode body = requestBody.get();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!APP_FIELDS.contains(name)) {
                errors.put(Bounds.cut(name), "is not a field of the GitHub App");
            }
        }
        Long appId = appId(body.get("appId"), errors);
        String clientId = text(body, "clientId", errors);
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            errors.put("clientId", "must be the app's client id as GitHub shows it (Iv1.… or Iv23…)");
        }
        if (appId == null && clientId == null && !errors.containsKey("appId") && !errors.containsKey("clientId")) {
            errors.put("appId", "is required, or clientId: the app's id from its settings page on GitHub");
        }
        AppPrivateKey key = null;
        String pem = text(body, "privateKey", errors);
        if (pem == null) {
            errors.putIfAbsent("privateKey", "is required: the .pem file GitHub generated for the app");
        } else {
            try {
                key = AppPrivateKey.parse(pem);
            } catch (GitHubAppException.InvalidPrivateKey e) {
                errors.put("privateKey", e.getMessage().substring("privateKey ".length()));
            }
        }
        String secret = text(body, "webhookSecret", errors);
        Optional<GitHubApp> keptFrom = Optional.empty();
        Optional<GitHubApp> pendingOver = Optional.empty();
        if (secret != null && (secret.length() < HookValidator.MIN_SECRET_LENGTH
                || secret.length() > GitHubApp.MAX_SECRET_LENGTH)) {
            errors.put("webhookSecret", "must be " + HookValidator.MIN_SECRET_LENGTH + " to "
                    + GitHubApp.MAX_SECRET_LENGTH + " characters");
        } else if (secret != null && !HookValidator.printable(secret)) {
            errors.put("webhookSecret", HookValidator.NOT_PRINTABLE);
        } else if (secret == null && !errors.containsKey("webhookSecret")) {
            // A registration link's pending secret, else (a new key for the same app, checked below) the stored app's.
            Optional<GitHubApp> stored = store.get().app().map(GitHubAppStore.StoredApp::app)
                    .filter(app -> app.webhookSecret() != null);
            secret = store.get().pendingWebhookSecret().orElse(null);
            if (secret == null) {
                keptFrom = stored;
                secret = keptFrom.map(GitHubApp::webhookSecret).orElse(null);
            } else {
                String pending = secret;
                pendingOver = stored.filter(app -> !app.webhookSecret().equals(pending));
            }
            if (secret == null) {
                errors.put("webhookSecret", SECRET_REQUIRED);
            }
        }
        String host = host(text(body, "host", errors), errors);
        String apiUrl = text(body, "apiUrl", errors);
        if (apiUrl == null && host != null) {
            apiUrl = GitHubApp.defaultApiUrl(host);
        }
        if (apiUrl != null && !errors.containsKey("apiUrl")) {
            if (apiUrl.length() > GitHubApp.MAX_URL_LENGTH) {
                errors.put("apiUrl", "must be at most " + GitHubApp.MAX_URL_LENGTH + " characters");
            } else if (hasUserInfo(apiUrl)) {
                // The hooks' rule points at their token field; this route has none.
                errors.put("apiUrl", "must not contain credentials (user:password@): the app authenticates with its"
                        + " private key, sent as privateKey");
            } else {
                validator.get().apiUrlProblem(apiUrl).ifPresent(problem -> errors.put("apiUrl", problem));
            }
            apiUrl = apiUrl.replaceAll("/+$", "");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String issuer = clientId != null ? clientId : Long.toString(appId);
        AppDescription described = describe(new GitHubAppApi(apiUrl, new AppJwt(issuer, key, clock)));
        if (appId != null && described.id() != appId) {
            throw new ValidationException(Map.of("appId", "GitHub says client id " + clientId + " is app "
                    + described.id() + ", not app " + appId));
        }
        if (clientId != null && described.clientId() != null && !described.clientId().equals(clientId)) {
            throw new ValidationException(Map.of("clientId", "GitHub says this key's app has another client id"));
        }
        if (keptFrom.isPresent() && keptFrom.get().appId() != described.id()) {
            // The stored secret is another app's: this one's must be given.
            throw new ValidationException(Map.of("webhookSecret", SECRET_REQUIRED));
        }
        if (pendingOver.isPresent() && pendingOver.get().appId() == described.id()) {
            // A link generated after this app was stored (a GET is enough) must not silently replace the secret its
            // webhook on GitHub signs with: GitHub has the stored one unless someone typed the new one in.
            throw new ValidationException(Map.of("webhookSecret", "is required: app " + described.id() + " is"
                    + " stored with a webhook secret and a registration link generated another one since; send the"
                    + " one the app's Webhook secret field on GitHub holds"));
        }
        GitHubApp app = new GitHubApp(described.id(), clientId != null ? clientId : described.clientId(),
                bounded(described.slug(), GitHubApp.MAX_ID_LENGTH), bounded(described.name(), GitHubApp.MAX_NAME_LENGTH),
                described.owner().isEmpty() ? "unknown" : bounded(described.owner(), GitHubApp.MAX_ID_LENGTH), host,
                apiUrl, secret);
        boolean existed = store.get().app().isPresent();
        store.get().putApp(app, pem, clock.instant());
        LOG.log(Level.INFO, "stored GitHub App " + app.appId() + " (" + app.slug() + ") on " + app.host());
        return HttpApi.json(existed ? 200 : 201, render(app, publicBaseUrl));
    }

    /** {@code GET /github-app}: the app and the installations gitbridge knows; 404 when none is stored. */
    APIGatewayV2HTTPResponse get(String publicBaseUrl) {
        if (store.isEmpty()) {
            return notConfigured();
        }
        return store.get().app().map(stored -> HttpApi.json(200, render(stored.app(), publicBaseUrl)))
                .orElseGet(() -> HttpApi.error(404, "not_found", "no GitHub App is connected: see"
                        + " GET /github-app/registration-link and PUT /github-app"));
    }

    /** {@code GET /github-app/setup}: public; see {@link GitHubAppSetupPage}. */
    APIGatewayV2HTTPResponse setup(APIGatewayV2HTTPEvent event) {
        return setupPage.answer(HttpApi.queryParameter(event, "installation_id"),
                HttpApi.queryParameter(event, "setup_action"));
    }

    private ObjectNode render(GitHubApp app, String publicBaseUrl) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("appId", app.appId());
        if (app.clientId() == null) {
            node.putNull("clientId");
        } else {
            node.put("clientId", app.clientId());
        }
        node.put("slug", app.slug()).put("name", app.name()).put("owner", app.owner()).put("host", app.host())
                .put("apiUrl", app.apiUrl())
                .put("webhookUrl", publicBaseUrl + RegistrationLink.WEBHOOK_PATH)
                .put("installUrl", app.installUrl())
                .put("hasWebhookSecret", app.webhookSecret() != null);
        ArrayNode installations = node.putArray("installations");
        for (Installation installation : store.orElseThrow().installations()) {
            ObjectNode item = installations.addObject().put("id", installation.id())
                    .put("account", installation.account()).put("accountType", installation.accountType())
                    .put("repositorySelection", installation.selection().wire());
            ArrayNode repositories = item.putArray("repositories");
            installation.repositories().forEach(repository -> repositories.addObject().put("id", repository.id())
                    .put("fullName", repository.fullName()));
            item.put("suspended", installation.suspended()).put("deleted", installation.deleted())
                    .put("updatedAt", installation.updatedAt().toString());
        }
        return node;
    }

    /** {@code GET /app} with the new credentials; what GitHub refuses becomes a 422 naming the field. */
    private static AppDescription describe(GitHubAppApi api) {
        try {
            return api.app();
        } catch (GitHubAppException.CredentialsRejected e) {
            throw new ValidationException(Map.of("privateKey", e.getMessage()));
        } catch (GitHubAppException.Refused | GitHubAppException.NotInstalled e) {
            throw new ValidationException(Map.of("apiUrl", e.getMessage()));
        }
    }

    private static boolean hasUserInfo(String url) {
        try {
            return new URI(url).getRawUserInfo() != null;
        } catch (URISyntaxException e) {
            return false; // the validator names what is wrong with it
        }
    }

    private static String host(String given, Map<String, String> errors) {
        if (given == null) {
            return GitHubApp.GITHUB_COM;
        }
        String host = given.toLowerCase(Locale.ROOT);
        if (host.length() > GitHubApp.MAX_HOST_LENGTH) {
            errors.put("host", "must be at most " + GitHubApp.MAX_HOST_LENGTH + " characters");
            return null;
        }
        Optional<String> problem = HostNames.problem(host);
        if (problem.isPresent()) {
            errors.put("host", "must be a host name such as github.com: it " + problem.get());
            return null;
        }
        return host;
    }

    private static Long appId(JsonNode value, Map<String, String> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        String digits = value.isIntegralNumber() ? value.asText() : value.isTextual() ? value.asText() : "";
        // ASCII digits only: Long.parseLong also takes other scripts' digits (Arabic-Indic, full-width, ...).
        if (digits.isEmpty() || digits.length() > MAX_APP_ID_DIGITS
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(digits) <= 0) {
            errors.put("appId", "must be the app's numeric id, a positive whole number");
            return null;
        }
        return Long.parseLong(digits);
    }

    private static String text(JsonNode body, String field, Map<String, String> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            errors.put(field, "must be a non-empty string");
            return null;
        }
        return value.asText();
    }

    private static String bounded(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private static APIGatewayV2HTTPResponse notConfigured() {
        return HttpApi.error(503, "not_configured", "GitHub App mode needs the GitHub App table (GITHUB_APP_TABLE);"
                + " deploy the current template");
    }
}
