package io.gitbridge.provider;

import io.gitbridge.provider.azure.AzureDevOpsProvider;
import io.gitbridge.provider.bitbucket.BitbucketProvider;
import io.gitbridge.provider.bitbucketserver.BitbucketServerProvider;
import io.gitbridge.provider.gitea.GiteaProvider;
import io.gitbridge.provider.gitflic.GitFlicProvider;
import io.gitbridge.provider.github.GitHubProvider;
import io.gitbridge.provider.gitlab.GitLabProvider;
import io.gitbridge.provider.gogs.GogsProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The providers gitbridge speaks, by their {@link WebhookProvider#id()}. */
public final class Providers {

    private final Map<String, WebhookProvider> byId = new LinkedHashMap<>();

    private Providers(List<WebhookProvider> providers) {
        for (WebhookProvider provider : providers) {
            byId.put(provider.id(), provider);
        }
    }

    /** Every provider gitbridge supports, on the system clock. */
    public static Providers standard() {
        return standard(Clock.systemUTC());
    }

    /**
     * Every provider gitbridge supports. The order matters to {@link #detect}: a provider that also sends
     * another provider's headers for compatibility (Gitea sends GitHub's and Gogs's) comes before that provider.
     *
     * @param clock for the providers whose signatures carry a timestamp
     */
    public static Providers standard(Clock clock) {
        return new Providers(List.of(
                new GitLabProvider(clock),
                new BitbucketProvider(),
                new BitbucketServerProvider(),
                new GiteaProvider(),
                new GogsProvider(),
                new GitHubProvider(),
                new GitFlicProvider(),
                new AzureDevOpsProvider()));
    }

    /** The provider whose headers the delivery carries, when any provider recognises them. */
    public Optional<WebhookProvider> detect(WebhookRequest request) {
        return byId.values().stream().filter(provider -> provider.sentBy(request)).findFirst();
    }

    /** The provider with this id, if gitbridge supports it. */
    public Optional<WebhookProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The ids of all supported providers, in a stable order. */
    public Set<String> ids() {
        return java.util.Collections.unmodifiableSet(byId.keySet());
    }
}
