package io.gitbridge.provider.github;

import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookRegistrar;
import io.gitbridge.provider.internal.CloneUrl;
import io.gitbridge.provider.internal.ProviderApi;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hook's events through GitHub's PubSubHubbub hub instead of a repository webhook: one subscription per event
 * topic, {@code POST {apiBase}/hub} with a form body ({@code application/x-www-form-urlencoded}) of
 * {@code hub.mode} ({@code subscribe} or {@code unsubscribe}), {@code hub.topic}, {@code hub.callback} (the hook's
 * webhook URL) and, when subscribing, {@code hub.secret} (the hook's secret), authenticated with the hook's token
 * like {@link GitHubRegistrar}. GitHub answers 204 when it took the request.
 *
 * <p>Protocol facts, checked in GitHub's REST documentation "Repository webhooks", section PubSubHubbub
 * (docs.github.com, kept up to GitHub Enterprise Server 3.x): the hub is {@code https://api.github.com/hub}, or
 * {@code http(s)://[hostname]/api/v3/hub} on GitHub Enterprise Server; a topic is
 * {@code https://github.com/:owner/:repo/events/:event}, where "the event can be any event string" of the webhook
 * events (the pages found list {@code push}; that {@code workflow_run}, a later event, is taken the same way is
 * inferred from that rule, not confirmed against a live hub); {@code hub.mode} and {@code hub.topic} are required;
 * "PubSubHubbub requests can be sent multiple times. If the hook already exists, it will be modified according to
 * the request", so subscribing again replaces the secret of the subscription for the same topic and callback; the default delivery
 * format is the JSON in a form's {@code payload} field; {@code hub.secret} makes GitHub sign each delivery with an
 * HMAC-SHA1 of the raw body in {@code X-Hub-Signature} (see {@link GitHubProvider#verify}). The topic's host is the
 * repository's web host, taken from the hook's clone URL ({@link RegistrationRequest#sourceRepo()}). That the hub
 * answers 204 on success is what GitHub's Ruby client (octokit, {@code PubSubHubbub#subscribe}) checks.
 *
 * <p>The id this registrar returns, and takes back, is what unsubscribing needs, since the hub gives no id: the
 * callback URL and each topic subscribed, separated by single spaces (URLs hold none), e.g.
 * {@code https://gw.example.com/webhooks/hk_… https://github.com/acme/app/events/push}.
 */
public final class GitHubHubRegistrar implements WebhookRegistrar {

    private static final Logger LOG = System.getLogger(GitHubHubRegistrar.class.getName());
    private static final String SUBSCRIBE = "subscribe";
    private static final String UNSUBSCRIBE = "unsubscribe";

    private final GitHubRegistrar webhooks = new GitHubRegistrar();

    /** {@inheritDoc} The same API base and repository as {@link GitHubRegistrar#locate}. */
    @Override
    public RepositoryLocation locate(String sourceRepo, String apiUrl) {
        return webhooks.locate(sourceRepo, apiUrl);
    }

    /**
     * Subscribes the callback to each topic the hook's events need; when one is refused, the subscriptions already
     * made are withdrawn again (as far as the hub lets) before the failure is thrown.
     */
    @Override
    public String register(RegistrationRequest request) {
        List<String> topics = topics(request);
        List<String> subscribed = new ArrayList<>();
        for (String topic : topics) {
            try {
                subscribe(request, topic);
            } catch (RuntimeException e) {
                subscribed.forEach(done -> unsubscribeQuietly(request.location(), request.token(),
                        request.webhookUrl(), done));
                throw e;
            }
            subscribed.add(topic);
        }
        return id(request.webhookUrl(), topics);
    }

    /**
     * Subscribes again to every topic the hook needs now (the hub replaces the secret of an existing subscription),
     * then unsubscribes what {@code providerHookId} holds that is no longer needed: a topic for an event the hook
     * dropped, or every topic of a callback URL that changed. Failing to withdraw those is logged, not thrown: the
     * subscriptions the hook needs are in place with its new settings, which is what must be stored.
     */
    @Override
    public String update(String providerHookId, RegistrationRequest request) {
        Subscriptions before = Subscriptions.parse(providerHookId);
        List<String> topics = topics(request);
        for (String topic : topics) {
            subscribe(request, topic);
        }
        for (String topic : before.topics()) {
            if (!before.callback().equals(request.webhookUrl()) || !topics.contains(topic)) {
                unsubscribeQuietly(request.location(), request.token(), before.callback(), topic);
            }
        }
        return id(request.webhookUrl(), topics);
    }

    /** Unsubscribes the callback from each topic; one the hub no longer has (404 or 410) is fine. */
    @Override
    public void unregister(String providerHookId, RepositoryLocation location, String token) {
        Subscriptions subscriptions = Subscriptions.parse(providerHookId);
        for (String topic : subscriptions.topics()) {
            unsubscribe(location, token, subscriptions.callback(), topic);
        }
    }

    /** The topics for the hook's events: {@code <web origin>/<owner>/<repo>/events/push} and/or {@code …/workflow_run}. */
    static List<String> topics(RegistrationRequest request) {
        String origin = webOrigin(request);
        RepositoryLocation location = request.location();
        HookEvents events = request.events();
        List<String> topics = new ArrayList<>();
        if (events.push()) {
            topics.add(topic(origin, location, GitHubEvent.PUSH.wire()));
        }
        if (events.ci()) {
            topics.add(topic(origin, location, GitHubEvent.WORKFLOW_RUN.wire()));
        }
        return topics;
    }

    private static String topic(String origin, RepositoryLocation location, String event) {
        return origin + CloneUrl.path(List.of(location.owner(), location.name(), "events", event));
    }

    /**
     * The repository's web origin: the clone URL's, or, without one, the API base's ({@code api.github.com} serves
     * {@code github.com}; {@code https://host/api/v3} serves {@code https://host}).
     */
    private static String webOrigin(RegistrationRequest request) {
        if (request.sourceRepo() != null) {
            // The hub matches topics as text (https://HOST/:owner/:repo/events/:event): a clone URL's default port
            // (https://github.com:443/…) would make a topic it refuses.
            String origin = CloneUrl.parse(request.sourceRepo()).origin();
            return origin.startsWith("https://") && origin.endsWith(":443")
                    || origin.startsWith("http://") && origin.endsWith(":80")
                    ? origin.substring(0, origin.lastIndexOf(':')) : origin;
        }
        String apiBase = request.location().apiBase();
        if (apiBase.equals("https://api.github.com")) {
            return "https://github.com";
        }
        return apiBase.endsWith("/api/v3") ? apiBase.substring(0, apiBase.length() - "/api/v3".length())
                : CloneUrl.parse(apiBase).origin();
    }

    private static String id(String callback, List<String> topics) {
        return callback + " " + String.join(" ", topics);
    }

    private static void subscribe(RegistrationRequest request, String topic) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.mode", SUBSCRIBE);
        form.put("hub.topic", topic);
        form.put("hub.callback", request.webhookUrl());
        form.put("hub.secret", request.secret());
        GitHubRegistrar.API.session(request.location(), request.token(), request.secret())
                .sendForm(hubUrl(request.location()), form, action(SUBSCRIBE, topic), false);
    }

    private static void unsubscribe(RepositoryLocation location, String token, String callback, String topic) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.mode", UNSUBSCRIBE);
        form.put("hub.topic", topic);
        form.put("hub.callback", callback);
        GitHubRegistrar.API.session(location, token, null)
                .sendForm(hubUrl(location), form, action(UNSUBSCRIBE, topic), true);
    }

    private static void unsubscribeQuietly(RepositoryLocation location, String token, String callback, String topic) {
        try {
            unsubscribe(location, token, callback, topic);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not unsubscribe " + callback + " from " + topic + " on GitHub's hub: "
                    + e.getMessage());
        }
    }

    /** What a hub call does, completing "while trying to …", e.g. {@code subscribe to the push events}. */
    private static String action(String mode, String topic) {
        String event = topic.substring(topic.lastIndexOf('/') + 1);
        return mode + (mode.equals(SUBSCRIBE) ? " to" : " from") + " the " + event + " events through GitHub's"
                + " PubSubHubbub hub";
    }

    private static String hubUrl(RepositoryLocation location) {
        return location.apiBase() + "/hub";
    }

    /** A stored id taken apart: the callback URL and the topics it is subscribed to. */
    private record Subscriptions(String callback, List<String> topics) {

        static Subscriptions parse(String providerHookId) {
            List<String> parts = providerHookId == null ? List.of()
                    : Arrays.asList(providerHookId.strip().split(" +"));
            if (parts.size() < 2 || parts.stream().anyMatch(String::isEmpty)) {
                throw new RegistrationException.Refused("the PubSubHubbub registration gitbridge stored for this hook"
                        + " does not name a callback and its topics; delete the hook with ?unregister=false and"
                        + " unsubscribe on GitHub yourself", null);
            }
            return new Subscriptions(parts.get(0), List.copyOf(parts.subList(1, parts.size())));
        }
    }
}
