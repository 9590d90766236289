package io.gitbridge.provider.github.app;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The link that opens GitHub's "Register new GitHub App" page pre-filled for gitbridge, from GitHub's "Registering a
 * GitHub App using URL parameters": {@code https://HOST/organizations/ORG/settings/apps/new} for an organisation,
 * {@code https://HOST/settings/apps/new} for a personal account, with {@code name}, {@code description}, {@code url},
 * {@code webhook_active=true}, {@code webhook_url}, {@code events[]=push}, {@code events[]=workflow_run}, the
 * permissions gitbridge needs and no more ({@code contents=read}, {@code metadata=read}, {@code actions=read}),
 * {@code setup_url}, {@code setup_on_update=true} and {@code public=false}, every value percent-encoded. GitHub takes
 * no webhook secret from the URL: the admin types it on the page.
 *
 * @param host the GitHub host, {@code github.com} or a GitHub Enterprise Server host
 * @param owner the organisation or user the app is registered on
 * @param ownerType whether {@code owner} is an organisation or a personal account
 * @param name the app's name (GitHub: at most {@value #MAX_NAME_LENGTH} characters, unique on the host)
 * @param publicBaseUrl gitbridge's public base URL, without a trailing slash
 */
public record RegistrationLink(String host, String owner, OwnerType ownerType, String name, String publicBaseUrl) {

    /** GitHub's limit on an app's name. */
    public static final int MAX_NAME_LENGTH = 34;
    /** The path of the app's webhook, after the public base URL. */
    public static final String WEBHOOK_PATH = "/webhooks/github-app";
    /** The path of the setup page GitHub sends installers to, after the public base URL. */
    public static final String SETUP_PATH = "/github-app/setup";
    /** The events the app subscribes to. */
    public static final List<String> EVENTS = List.of("push", "workflow_run");
    /** The permissions the app asks for, in the order the link lists them. */
    public static final List<Map.Entry<String, String>> PERMISSIONS = List.of(Map.entry("contents", "read"),
            Map.entry("metadata", "read"), Map.entry("actions", "read"));

    /** GitHub logins: letters, digits and single hyphens, at most 39 characters (GHES may add underscores). */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})");

    /** Whether the app belongs to an organisation or to a personal account. */
    public enum OwnerType {
        /** {@code organization}: the app is registered under the organisation's settings. */
        ORGANIZATION("organization"),
        /** {@code user}: the app is registered under the signed-in person's settings. */
        USER("user");

        private final String wire;

        OwnerType(String wire) {
            this.wire = wire;
        }

        /** The name in the API, {@code organization} or {@code user}. */
        public String wire() {
            return wire;
        }

        /** The type named {@code value}. @throws IllegalArgumentException for any other */
        public static OwnerType of(String value) {
            for (OwnerType type : values()) {
                if (type.wire.equals(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("must be organization or user");
        }
    }

    /** Whether {@code value} can be a GitHub login. */
    public static boolean isLogin(String value) {
        return value != null && LOGIN.matcher(value).matches();
    }

    /** The name gitbridge suggests for an owner's app: {@code gitbridge-<owner>}, cut to GitHub's limit. */
    public static String defaultName(String owner) {
        String name = "gitbridge-" + owner;
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }

    /** The app's webhook URL. */
    public String webhookUrl() {
        return publicBaseUrl + WEBHOOK_PATH;
    }

    /** The app's setup URL. */
    public String setupUrl() {
        return publicBaseUrl + SETUP_PATH;
    }

    /** The registration page's URL with every parameter. */
    public String url() {
        String base = ownerType == OwnerType.ORGANIZATION
                ? "https://" + host + "/organizations/" + encode(owner) + "/settings/apps/new"
                : "https://" + host + "/settings/apps/new";
        List<String> parameters = new ArrayList<>();
        add(parameters, "name", name);
        add(parameters, "description", "Syncs " + owner + "'s repositories to its build platform through gitbridge:"
                + " reads contents on push and workflow runs.");
        add(parameters, "url", publicBaseUrl);
        add(parameters, "webhook_active", "true");
        add(parameters, "webhook_url", webhookUrl());
        EVENTS.forEach(event -> add(parameters, "events[]", event));
        PERMISSIONS.forEach(permission -> add(parameters, permission.getKey(), permission.getValue()));
        add(parameters, "setup_url", setupUrl());
        add(parameters, "setup_on_update", "true");
        add(parameters, "public", "false");
        return base + "?" + String.join("&", parameters);
    }

    private static void add(List<String> parameters, String name, String value) {
        // The brackets of events[] stay as GitHub's documents write them.
        parameters.add(name + "=" + encode(value));
    }

    /** Percent-encoding for a query value: a space is %20 (not +), as in GitHub's own examples. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
