package io.gitbridge.testkit.deliveries;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every provider's delivery builder, by provider id. */
public final class Deliveries {

    private static final Map<String, ProviderDeliveries> BY_PROVIDER = List.of(
                    (ProviderDeliveries) new GitHubDeliveries(),
                    new GitLabDeliveries(Clock.systemUTC()),
                    new BitbucketDeliveries(),
                    new BitbucketServerDeliveries(),
                    new AzureDevOpsDeliveries(),
                    new GiteaDeliveries(),
                    new GogsDeliveries(),
                    new GitFlicDeliveries())
            .stream().collect(Collectors.toMap(ProviderDeliveries::provider, Function.identity()));

    private Deliveries() {
    }

    /** The builder for a provider id. */
    public static ProviderDeliveries of(String provider) {
        ProviderDeliveries deliveries = BY_PROVIDER.get(provider);
        if (deliveries == null) {
            throw new IllegalArgumentException("no test deliveries for provider " + provider);
        }
        return deliveries;
    }

    /** All provider ids that have builders. */
    public static List<String> providers() {
        return BY_PROVIDER.keySet().stream().sorted().toList();
    }
}
