package io.gitbridge.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The repository a delivery is about, as its provider names it: the URLs the payload carries (clone, web and SSH URLs
 * in any spelling) and the repository's path on its host, e.g. {@code acme/app} (GitHub's {@code full_name}, GitLab's
 * {@code path_with_namespace}) or {@code scm/WEB/app} (Bitbucket Data Center's project key and slug behind
 * {@code /scm/}). {@link SourceRepository#matches} decides whether it is a hook's source.
 *
 * @param urls the URLs the payload names for the repository, in the order read; blank values are left out
 * @param path the repository's path segments on its host, exactly as the payload names it; empty when it names none
 */
public record RepositoryIdentity(List<String> urls, List<String> path) {

    public RepositoryIdentity {
        urls = List.copyOf(urls);
        path = List.copyOf(path);
    }

    /**
     * An identity from a slash-separated path (blank or null for none) and URLs (null or blank ones left out).
     */
    public static RepositoryIdentity of(String path, String... urls) {
        List<String> named = new ArrayList<>();
        Arrays.stream(urls).filter(Objects::nonNull).filter(url -> !url.isBlank()).forEach(named::add);
        List<String> segments = path == null ? List.of()
                : Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
        return new RepositoryIdentity(named, segments);
    }

    /** An identity from path segments (e.g. a project key and a slug) and URLs (null or blank ones left out). */
    public static RepositoryIdentity ofSegments(List<String> path, String... urls) {
        RepositoryIdentity identity = of(null, urls);
        return new RepositoryIdentity(identity.urls(), path);
    }

    /** True when the payload named neither a URL nor a path. */
    public boolean isEmpty() {
        return urls.isEmpty() && path.isEmpty();
    }

    /** The path, or else the first URL, cut for a reason; {@code an unnamed repository} when there is neither. */
    public String describe() {
        if (!path.isEmpty()) {
            return Reasons.cut(String.join("/", path));
        }
        return urls.isEmpty() ? "an unnamed repository" : Reasons.cut(urls.get(0));
    }

    /**
     * The identity in a {@code repository} object of GitHub's shape, which Gitea, Forgejo and Gogs copy:
     * {@code full_name}, {@code clone_url}, {@code html_url} and {@code ssh_url}; empty when the object is missing.
     *
     * @throws MalformedPayloadException when one of those fields is present but not a string
     */
    public static RepositoryIdentity ofGitHubShape(PayloadNode repository) {
        if (!repository.isObject()) {
            return of(null);
        }
        return of(Payloads.optionalText(repository, "full_name", null),
                Payloads.optionalText(repository, "clone_url", null),
                Payloads.optionalText(repository, "html_url", null),
                Payloads.optionalText(repository, "ssh_url", null));
    }
}
