package io.gitbridge.provider;

import io.gitbridge.provider.azure.AzureDevOpsListing;
import io.gitbridge.provider.bitbucket.BitbucketListing;
import io.gitbridge.provider.bitbucketserver.BitbucketServerListing;
import io.gitbridge.provider.gitea.GiteaListing;
import io.gitbridge.provider.gitflic.GitFlicListing;
import io.gitbridge.provider.github.GitHubListing;
import io.gitbridge.provider.gitlab.GitLabListing;
import io.gitbridge.provider.gogs.GogsListing;
import java.util.Map;
import java.util.Optional;

/** The {@link RepositoryListing} of each provider, by its {@link WebhookProvider#id()}. */
public final class RepositoryListings {

    private static final Map<String, RepositoryListing> BY_PROVIDER = Map.of(
            "github", new GitHubListing(),
            "gitlab", new GitLabListing(),
            "bitbucket", new BitbucketListing(),
            "bitbucket-server", new BitbucketServerListing(),
            "azure-devops", new AzureDevOpsListing(),
            "gitea", new GiteaListing(),
            "gogs", new GogsListing(),
            "gitflic", new GitFlicListing());

    private RepositoryListings() {
    }

    /** The listing of the provider with this id, when gitbridge can list its repositories. */
    public static Optional<RepositoryListing> of(String providerId) {
        return Optional.ofNullable(BY_PROVIDER.get(providerId));
    }
}
