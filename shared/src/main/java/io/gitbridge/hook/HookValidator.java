package io.gitbridge.hook;

import io.gitbridge.provider.HookEvents;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.RegistrationMethod;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRegistrar;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a create or update request body into a {@link HookInput}, reporting every bad field at once. */
public final class HookValidator {

    /** The shortest secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** Why a secret or token that is not {@link #printable} is refused. */
    public static final String NOT_PRINTABLE = "must not contain control characters or unpaired UTF-16 surrogates";
    /** The branch a build repository gets when the request names none. */
    public static final String DEFAULT_BUILD_BRANCH = "master";

    private static final int MAX_SECRET_LENGTH = 256;
    /** The grace period of a secret rotation that names none: 24 hours. */
    public static final long DEFAULT_GRACE_SECONDS = 86_400;
    /** The longest grace period of a secret rotation: 7 days. */
    public static final long MAX_GRACE_SECONDS = 604_800;
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final int MAX_URL_LENGTH = 2048;
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> WRITABLE = Set.of("project", "provider", "sourceRepo", "branch", "events",
            "secret", "token", "buildRepo", "buildBranch", "buildToken", "apiUrl", "register",
            "mergeMode", "registration", "auth");
    private static final Set<String> READ_ONLY = Set.of("id", "webhookUrl", "createdAt", "updatedAt", "hasToken",
            "hasBuildToken", "lastSync", "consecutiveFailures", "secretRotation");
    /** The members of a hook's {@code registration} that the server sets; only {@code method} is written. */
    private static final Set<String> REGISTRATION_READ_ONLY = Set.of("status", "providerHookId", "error");

    private final Providers providers;
    private final UrlPolicy urlPolicy;
    private final boolean allowFileUrls;

    /**
     * A validator with the local runner's URL rules ({@code allowFileUrls}) or the deployed ones without exceptions,
     * resolving names with the system resolver.
     */
    public HookValidator(Providers providers, boolean allowFileUrls) {
        this(providers, allowFileUrls ? UrlPolicy.local(HostResolver.SYSTEM)
                : UrlPolicy.deployed(AllowedNetworks.NONE, HostResolver.SYSTEM));
    }

    /** A validator that checks {@code sourceRepo}, {@code buildRepo} and {@code apiUrl} against {@code urlPolicy}. */
    public HookValidator(Providers providers, UrlPolicy urlPolicy) {
        this.providers = providers;
        this.urlPolicy = urlPolicy;
        this.allowFileUrls = urlPolicy.allowsFileUrls();
    }

    /** True when {@code value} is a valid project name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static boolean isProjectName(String value) {
        return value != null && PROJECT.matcher(value).matches();
    }

    /** The providers this validator accepts, which also hold their webhook registrars. */
    public Providers providers() {
        return providers;
    }

    /**
     * Validates a create request: {@code secret} is required.
     *
     * @throws ValidationException naming every bad field
     */
    public HookInput forCreate(JsonNode body) {
        return validate(body, true);
    }

    /**
     * Validates an update request: write-only fields left out keep their stored values.
     *
     * @throws ValidationException naming every bad field
     */
    public HookInput forUpdate(JsonNode body) {
        return validate(body, false);
    }

    private HookInput validate(JsonNode body, boolean creating) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (READ_ONLY.contains(name)) {
                errors.put(name, "is set by the server and cannot be written");
            } else if (!WRITABLE.contains(name)) {
                errors.put(name, "unknown field");
            }
        }
        String project = requiredString(body, "project", errors);
        if (project != null && !PROJECT.matcher(project).matches()) {
            errors.put("project", "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String providerId = requiredString(body, "provider", errors);
        Optional<WebhookProvider> provider = Optional.empty();
        if (providerId != null) {
            provider = providers.find(providerId);
            if (provider.isEmpty()) {
                errors.put("provider", "unknown provider '" + providerId + "'; supported: " + String.join(", ", new java.util.TreeSet<>(providers.ids())));
            }
        }
        String sourceRepo = url(body, "sourceRepo", "token", errors);
        String branch = branch(body, "branch", null, errors);
        HookEvents events = events(body.get("events"), provider, errors);
        Optional<HookAuth> auth = auth(body, errors);
        boolean appMode = auth.orElse(null) == HookAuth.GITHUB_APP;
        WriteOnly secret = writeOnly(body, "secret", false, errors);
        // In app mode the app's webhook secret signs the deliveries; without one, gitbridge generates the hook's own.
        if (creating && !secret.given() && !appMode) {
            errors.putIfAbsent("secret", "is required"); // a wrong value keeps its own message
        } else if (secret.value() != null) {
            secretProblem(secret.value(), provider).ifPresent(problem -> errors.put("secret", problem));
        }
        WriteOnly token = writeOnly(body, "token", true, errors);
        String buildRepo = url(body, "buildRepo", "buildToken", errors);
        String buildBranch = branch(body, "buildBranch", DEFAULT_BUILD_BRANCH, errors);
        WriteOnly buildToken = writeOnly(body, "buildToken", true, errors);
        String apiUrl = apiUrl(body, errors);
        networkProblem("sourceRepo", sourceRepo, token.value() != null || appMode, errors);
        networkProblem("buildRepo", buildRepo, buildToken.value() != null, errors);
        Optional<Boolean> register = register(body, errors);
        Optional<MergeMode> mergeMode = mergeMode(body, errors);
        Optional<RegistrationMethod> method = registrationMethod(body.get("registration"), provider,
                register.isPresent() ? register : creating ? Optional.of(false) : Optional.empty(), errors);
        if (appMode) {
            appModeProblems(providerId, token, register, sourceRepo, errors);
        } else if (register.orElse(false)) {
            registrationProblem(provider, method.orElse(RegistrationMethod.WEBHOOK), token, creating, sourceRepo,
                    apiUrl, errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new HookInput(project, providerId, sourceRepo, branch, events, secret, token, buildRepo, buildBranch,
                buildToken, apiUrl, register, mergeMode, method, auth);
    }

    /** The auth mode when the request names one; absent or null leaves it to the default or the stored value. */
    private static Optional<HookAuth> auth(JsonNode body, Map<String, String> errors) {
        JsonNode value = body.get("auth");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Optional<HookAuth> auth = value.isTextual() ? HookAuth.fromWire(value.asText()) : Optional.empty();
        if (auth.isEmpty()) {
            errors.put("auth", "must be \"token\" or \"github-app\"");
        }
        return auth;
    }

    /**
     * What a hook in GitHub App mode cannot have: another provider, a token of its own, {@code "register": true} (the
     * app's webhook already delivers the repository's events), a source URL that is not {@code <host>/<owner>/<repo>}.
     * Whether an app is stored and the URL is on its host is checked against the store ({@link GitHubAppHooks}).
     */
    private static void appModeProblems(String providerId, WriteOnly token, Optional<Boolean> register,
            String sourceRepo, Map<String, String> errors) {
        if (providerId != null && !providerId.equals("github")) {
            errors.put("auth", "\"github-app\" is only for provider github; other providers need a token");
        }
        if (token.value() != null) {
            errors.put("token", "must be left out with \"auth\": \"github-app\": the GitHub App's installation"
                    + " tokens read the source");
        }
        if (register.orElse(false)) {
            errors.put("register", "must be left out or false with \"auth\": \"github-app\": the GitHub App's"
                    + " webhook already delivers the repository's events");
        }
        if (sourceRepo != null && !errors.containsKey("sourceRepo")) {
            GitHubAppHooks.repositoryProblem(sourceRepo).ifPresent(problem -> errors.put("sourceRepo", problem));
        }
    }

    /** What is wrong with a secret that passed {@link #writeOnly}'s checks: its length, or the provider's rule. */
    private static Optional<String> secretProblem(String secret, Optional<WebhookProvider> provider) {
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            return Optional.of("must be " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH + " characters long");
        }
        return provider.flatMap(p -> p.secretProblem(secret));
    }

    /**
     * Validates the body of {@code POST /hooks/{id}/secret} for a hook of provider {@code providerId}: an optional
     * {@code secret}, checked like a hook's secret (left out or null: gitbridge generates one), and an optional
     * {@code graceSeconds}, a whole number from 0 to {@value #MAX_GRACE_SECONDS} ({@value #DEFAULT_GRACE_SECONDS}
     * when left out or null) during which the previous secret stays valid.
     *
     * @throws ValidationException naming every bad field
     */
    public SecretRotationInput forSecretRotation(JsonNode body, String providerId) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("secret") && !name.equals("graceSeconds")) {
                errors.put(name, "unknown field; send secret and/or graceSeconds");
            }
        }
        Optional<String> secret = Optional.empty();
        WriteOnly given = writeOnly(body, "secret", false, errors);
        if (given.value() != null) {
            Optional<String> problem = secretProblem(given.value(), providers.find(providerId));
            problem.ifPresent(p -> errors.put("secret", p));
            secret = problem.isEmpty() ? Optional.of(given.value()) : Optional.empty();
        }
        long grace = DEFAULT_GRACE_SECONDS;
        JsonNode graceNode = body.get("graceSeconds");
        if (graceNode != null && !graceNode.isNull()) {
            if (graceNode.isIntegralNumber() && graceNode.canConvertToLong() && graceNode.longValue() >= 0
                    && graceNode.longValue() <= MAX_GRACE_SECONDS) {
                grace = graceNode.longValue();
            } else {
                errors.put("graceSeconds", "must be a whole number of seconds from 0 to " + MAX_GRACE_SECONDS
                        + " (7 days)");
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new SecretRotationInput(secret, java.time.Duration.ofSeconds(grace));
    }

    /** The merge mode when the request names one; absent or null leaves it to the default or the stored value. */
    private static Optional<MergeMode> mergeMode(JsonNode body, Map<String, String> errors) {
        JsonNode value = body.get("mergeMode");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.put("mergeMode", "must be a string: \"theirs\" or \"mirror\"");
            return Optional.empty();
        }
        Optional<MergeMode> mode = MergeMode.fromWire(value.asText());
        if (mode.isEmpty()) {
            errors.put("mergeMode", "must be \"theirs\" or \"mirror\"");
        }
        return mode;
    }

    /**
     * Checks a stored or updated hook's repository URLs against the URL rules with the tokens it will really carry
     * (on update, a token left out keeps the stored one): plain http with a token is refused except to loopback under
     * the local runner's rules.
     *
     * @throws ValidationException naming the fields whose URL would carry a token it must not
     */
    public void checkTokenTransport(Hook hook) {
        Map<String, String> errors = new LinkedHashMap<>();
        networkProblem("sourceRepo", hook.sourceRepo(), hook.token() != null, errors);
        networkProblem("buildRepo", hook.buildRepo(), hook.buildToken() != null, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Adds the URL policy's reason to refuse an http(s) {@code url} that passed the shape checks, if it has one. */
    private void networkProblem(String field, String url, boolean carriesToken, Map<String, String> errors) {
        if (url == null || errors.containsKey(field)) {
            return;
        }
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (scheme.equals("http") || scheme.equals("https")) {
            urlPolicy.problem(url, carriesToken).ifPresent(problem -> errors.put(field, problem));
        }
    }

    /**
     * The {@code registration} object's {@code method}, when the request names one: {@code {"method": "webhook"}} or,
     * for GitHub, {@code {"method": "pubsubhubbub"}} ({@link WebhookProvider#registrationMethods()}). Its server-set
     * members cannot be written, and a method means nothing for a hook gitbridge will not register.
     *
     * @param register whether the hook will be registered: false when the request says so (or, on create, leaves it
     *     out); empty when an update leaves it to the hook's current state
     */
    private static Optional<RegistrationMethod> registrationMethod(JsonNode value, Optional<WebhookProvider> provider,
            Optional<Boolean> register, Map<String, String> errors) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            errors.put("registration", "must be an object, e.g. {\"method\": \"webhook\"}");
            return Optional.empty();
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (REGISTRATION_READ_ONLY.contains(name)) {
                errors.put("registration." + name, "is set by the server and cannot be written");
            } else if (!name.equals("method")) {
                errors.put("registration." + name, "unknown field; registration takes only method");
            }
        }
        JsonNode method = value.get("method");
        if (method == null || method.isNull()) {
            return Optional.empty();
        }
        Set<RegistrationMethod> supported = provider.map(WebhookProvider::registrationMethods)
                .orElse(java.util.EnumSet.allOf(RegistrationMethod.class));
        String names = supported.stream().map(RegistrationMethod::wire).collect(java.util.stream.Collectors.joining(", "));
        Optional<RegistrationMethod> chosen = method.isTextual() ? RegistrationMethod.fromWire(method.asText())
                : Optional.empty();
        if (chosen.isEmpty() || !supported.contains(chosen.get())) {
            errors.put("registration.method", supported.isEmpty()
                    ? "provider " + provider.get().id() + " has no registration method that gitbridge supports"
                    : "must be one of: " + names + (provider.isPresent() ? " (the registration methods provider "
                            + provider.get().id() + " has)" : ""));
            return Optional.empty();
        }
        if (!register.orElse(true)) {
            errors.put("registration.method", "applies only to a hook gitbridge registers; send \"register\": true");
        }
        return chosen;
    }

    /** Records why {@code "register": true} cannot be done, if it cannot: no registrar, no token, no repository. */
    private static void registrationProblem(Optional<WebhookProvider> provider, RegistrationMethod method,
            WriteOnly token, boolean creating, String sourceRepo, String apiUrl, Map<String, String> errors) {
        if (provider.isEmpty()) {
            return;
        }
        Optional<WebhookRegistrar> registrar = provider.get().registrar(method);
        if (registrar.isEmpty()) {
            errors.put("register", "provider " + provider.get().id() + " has no webhook registration API that gitbridge"
                    + " supports; create the webhook on the provider yourself with the hook's webhookUrl and secret");
            return;
        }
        if (token.given() && token.value() == null || creating && !token.given()) {
            errors.put("register", "needs a token that may manage the repository's webhooks");
        }
        if (sourceRepo != null && !errors.containsKey("sourceRepo") && !errors.containsKey("apiUrl")) {
            try {
                registrar.get().locate(sourceRepo, apiUrl);
            } catch (IllegalArgumentException e) {
                errors.put("sourceRepo", e.getMessage());
            }
        }
    }

    private String apiUrl(JsonNode body, Map<String, String> errors) {
        JsonNode value = body.get("apiUrl");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.put("apiUrl", "must be a string");
            return null;
        }
        String url = value.asText();
        Optional<String> problem = url.length() > MAX_URL_LENGTH
                ? Optional.of("must be at most " + MAX_URL_LENGTH + " characters")
                : apiUrlProblem(url);
        problem.ifPresent(p -> errors.put("apiUrl", p));
        return problem.isPresent() ? null : url.replaceAll("/+$", "");
    }

    /**
     * What is wrong with {@code url} as a provider API base that the token is sent to, empty when nothing: it must be
     * an https URL without credentials, query or fragment that the URL policy accepts as a destination of the token;
     * plain http only to loopback under the local runner's rules.
     */
    public Optional<String> apiUrlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowFileUrls)) {
            return Optional.of(allowFileUrls ? "must be an http(s) URL" : "must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain credentials; set the token field instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("must not have a query or fragment");
        }
        return urlPolicy.problem(uri, true);
    }

    private static Optional<Boolean> register(JsonNode body, Map<String, String> errors) {
        JsonNode value = body.get("register");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            errors.put("register", "must be a boolean: true or false");
            return Optional.empty();
        }
        return Optional.of(value.asBoolean());
    }

    private static String requiredString(JsonNode body, String field, Map<String, String> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.put(field, "is required");
            return null;
        }
        if (!value.isTextual()) {
            errors.put(field, "must be a string");
            return null;
        }
        return value.asText();
    }

    /** @param tokenField the field that carries this repository's credential, which the URL must not hold */
    private String url(JsonNode body, String field, String tokenField, Map<String, String> errors) {
        String url = requiredString(body, field, errors);
        if (url == null) {
            return null;
        }
        Optional<String> problem = url.length() > MAX_URL_LENGTH
                ? Optional.of("must be at most " + MAX_URL_LENGTH + " characters")
                : RepoUrls.problem(url, allowFileUrls, tokenField);
        problem.ifPresent(p -> errors.put(field, p));
        return url;
    }

    private static String branch(JsonNode body, String field, String fallback, Map<String, String> errors) {
        if (fallback != null && (body.get(field) == null || body.get(field).isNull())) {
            return fallback;
        }
        String branch = requiredString(body, field, errors);
        if (branch != null) {
            RefNames.branchProblem(branch).ifPresent(p -> errors.put(field, "is not a valid branch name: " + p));
        }
        return branch;
    }

    private static HookEvents events(JsonNode node, Optional<WebhookProvider> provider, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put("events", "is required, e.g. {\"push\": true, \"ci\": false}");
            return null;
        }
        if (!node.isObject()) {
            errors.put("events", "must be an object, e.g. {\"push\": true, \"ci\": false}");
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("push") && !name.equals("ci")) {
                errors.put("events", "unknown event '" + name + "'; events are push and ci");
                return null;
            }
        }
        JsonNode push = node.path("push");
        JsonNode ci = node.path("ci");
        if (!push.isMissingNode() && !push.isBoolean() || !ci.isMissingNode() && !ci.isBoolean()) {
            errors.put("events", "push and ci must be booleans: true or false");
            return null;
        }
        HookEvents events = new HookEvents(push.asBoolean(false), ci.asBoolean(false));
        if (!events.push() && !events.ci()) {
            errors.put("events", "select at least one event: push or ci");
        } else if (provider.isPresent()) {
            Set<EventKind> supported = provider.get().supportedEvents();
            if (events.push() && !supported.contains(EventKind.PUSH) || events.ci() && !supported.contains(EventKind.CI)) {
                errors.put("events", "provider " + provider.get().id() + " cannot send "
                        + (events.ci() && !supported.contains(EventKind.CI) ? "ci" : "push") + " events");
            }
        }
        return events;
    }

    /**
     * A write-only field: {@code null} reads as left out (keep the stored value; on create, none), because these
     * fields are never read back, so a client that sends every field of its model, unset ones as {@code null}, must
     * not lose a credential by it. The empty string removes a token ({@code removable}); a secret cannot be removed.
     */
    private static WriteOnly writeOnly(JsonNode body, String field, boolean removable, Map<String, String> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return WriteOnly.keep();
        }
        if (!value.isTextual()) {
            errors.put(field, "must be a string");
            return WriteOnly.keep();
        }
        if (value.asText().isEmpty()) {
            if (removable) {
                return WriteOnly.of(null);
            }
            errors.put(field, "must be a non-empty string");
            return WriteOnly.keep();
        }
        if (value.asText().length() > MAX_TOKEN_LENGTH) {
            errors.put(field, "must be at most " + MAX_TOKEN_LENGTH + " characters");
            return WriteOnly.keep();
        }
        if (!printable(value.asText())) {
            // A line break would split an HTTP header it travels in; a lone surrogate is stored as '?', changing it.
            errors.put(field, NOT_PRINTABLE);
            return WriteOnly.keep();
        }
        return WriteOnly.of(value.asText());
    }

    /**
     * True when {@code text} has no control characters and no unpaired UTF-16 surrogate: the rule for secrets and
     * tokens (a line break would split an HTTP header, a lone surrogate is stored as '?'), refused with
     * {@link #NOT_PRINTABLE}.
     */
    public static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
