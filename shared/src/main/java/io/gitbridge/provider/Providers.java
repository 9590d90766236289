package io.gitbridge.provider;

import io.gitbridge.provider.github.GitHubProvider;
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

    /** Every provider gitbridge supports. */
    public static Providers standard() {
        return new Providers(List.of(new GitHubProvider()));
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
