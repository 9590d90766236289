package io.gitbridge.provider;

/**
 * Where a repository's webhooks are managed on its provider.
 *
 * @param apiBase the provider's REST API base URL without a trailing slash, e.g. {@code https://api.github.com}
 * @param owner what holds the repository: an owner, a (nested) group path, a workspace, a project key, or an
 *     Azure DevOps project
 * @param name the repository's name or slug
 */
public record RepositoryLocation(String apiBase, String owner, String name) {

    /** {@code owner/name}, as admins know the repository. */
    public String fullName() {
        return owner + "/" + name;
    }
}
