package io.gitbridge.provider;

/**
 * A repository as a {@link RepositoryListing} shows it.
 *
 * @param fullName the name {@link RepositoryListing#branches} takes back: {@code owner/name}, a GitLab
 *     {@code group/subgroup/project}, a Bitbucket Data Center {@code PROJECT/slug}, an Azure DevOps
 *     {@code project/repository}
 * @param cloneUrl the HTTPS clone URL, a hook's {@code sourceRepo}
 * @param defaultBranch the default branch's name (no {@code refs/heads/}), or null when the provider names none (an
 *     empty repository)
 * @param isPrivate true unless anyone may read the repository
 * @param canManageHooks whether the token may manage the repository's webhooks; null when the provider does not say
 *     (or not cheaply)
 */
public record ListedRepository(String fullName, String cloneUrl, String defaultBranch, boolean isPrivate,
        Boolean canManageHooks) {
}
