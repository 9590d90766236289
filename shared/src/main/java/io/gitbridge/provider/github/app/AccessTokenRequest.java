package io.gitbridge.provider.github.app;

import java.util.List;
import java.util.Map;

/**
 * What an installation access token may do (the body of {@code POST /app/installations/{id}/access_tokens}): the
 * repositories it is limited to, by id ({@code repository_ids}) or by name ({@code repositories}, names without the
 * owner), and the permissions it gets ({@code permissions}, e.g. {@code contents: read}). Empty lists and maps are
 * left out of the body, which GitHub reads as "everything the installation grants".
 *
 * @param repositoryIds GitHub repository ids
 * @param repositoryNames repository names without the owner
 * @param permissions permission name to {@code read} or {@code write}
 */
public record AccessTokenRequest(List<Long> repositoryIds, List<String> repositoryNames,
        Map<String, String> permissions) {

    /** GitHub's limit on repositories per token. */
    public static final int MAX_REPOSITORIES = 500;

    public AccessTokenRequest {
        repositoryIds = repositoryIds == null ? List.of() : List.copyOf(repositoryIds);
        repositoryNames = repositoryNames == null ? List.of() : List.copyOf(repositoryNames);
        permissions = permissions == null ? Map.of() : Map.copyOf(permissions);
        if (repositoryIds.size() + repositoryNames.size() > MAX_REPOSITORIES) {
            throw new IllegalArgumentException("a token is limited to at most " + MAX_REPOSITORIES + " repositories");
        }
    }

    /** A token that can read the contents of one repository, named by its GitHub id: what a sync needs. */
    public static AccessTokenRequest contentsRead(long repositoryId) {
        return new AccessTokenRequest(List.of(repositoryId), List.of(), Map.of("contents", "read"));
    }

    /** A token that can read the contents of one repository, named without its owner. */
    public static AccessTokenRequest contentsRead(String repositoryName) {
        return new AccessTokenRequest(List.of(), List.of(repositoryName), Map.of("contents", "read"));
    }
}
