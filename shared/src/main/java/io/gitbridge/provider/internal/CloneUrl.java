package io.gitbridge.provider.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A repository's HTTPS clone URL taken apart: its origin and its decoded path segments, without a trailing
 * {@code .git}.
 *
 * @param origin {@code scheme://host[:port]}, scheme and host in lower case
 * @param host the host name, lower case
 * @param segments the decoded, non-empty path segments, the last one without {@code .git}
 */
public record CloneUrl(String origin, String host, List<String> segments) {

    public CloneUrl {
        segments = List.copyOf(segments);
    }

    /**
     * Parses an http(s) URL.
     *
     * @throws IllegalArgumentException with an admin-readable reason when it is not an http(s) URL with a host
     */
    public static CloneUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("must be the repository's https clone URL to register a webhook");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String origin = scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        List<String> segments = segments(uri.getRawPath());
        if (!segments.isEmpty()) {
            String last = segments.get(segments.size() - 1);
            if (last.endsWith(".git") && last.length() > ".git".length()) {
                segments.set(segments.size() - 1, last.substring(0, last.length() - ".git".length()));
            }
        }
        return new CloneUrl(origin, host, segments);
    }

    /** The decoded, non-empty segments of a raw URL path. */
    public static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath == null) {
            return segments;
        }
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                // '+' is a literal plus in a path, unlike in a query string.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /**
     * The path segments of {@code apiUrl} before its {@code suffix} segments (e.g. {@code ["gitlab"]} for
     * {@code https://host/gitlab/api/v4} and suffix {@code api/v4}); empty when it does not end with the suffix.
     */
    public static List<String> prefixBefore(String apiUrl, String suffix) {
        List<String> path = segments(URI.create(apiUrl).getRawPath());
        List<String> tail = segments(suffix);
        if (path.size() < tail.size() || !path.subList(path.size() - tail.size(), path.size()).equals(tail)) {
            return List.of();
        }
        return path.subList(0, path.size() - tail.size());
    }

    /** The segments after {@code prefix} when the path starts with it, otherwise all of them. */
    public List<String> segmentsAfter(List<String> prefix) {
        if (!prefix.isEmpty() && segments.size() > prefix.size() && segments.subList(0, prefix.size()).equals(prefix)) {
            return segments.subList(prefix.size(), segments.size());
        }
        return segments;
    }

    /** {@code /a/b} for the given segments, each percent-encoded; empty for none. */
    public static String path(List<String> segments) {
        StringBuilder path = new StringBuilder();
        segments.forEach(segment -> path.append('/').append(ProviderApi.encode(segment)));
        return path.toString();
    }
}
