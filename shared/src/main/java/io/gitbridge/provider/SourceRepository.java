package io.gitbridge.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A hook's source repository, as deliveries are matched against it (issue 7, rule 5: only this hook's repository).
 * A delivery is about this repository when one of the URLs it names has the same host and path, or the path it names
 * (a full name such as {@code acme/app}) is this repository's path. Host and path compare case-insensitively;
 * scheme ({@code https}, {@code http}, {@code ssh}), port, user info, query, fragment, a trailing {@code .git} and
 * slashes do not count; SSH's {@code git@host:owner/repo.git} form is read too, and Azure DevOps's
 * {@code <org>.visualstudio.com} and {@code ssh.dev.azure.com:v3/…} spellings compare as their
 * {@code dev.azure.com/<org>/…} form.
 *
 * <p>A source with no host (a {@code file://} URL or a local path, which only the local runner accepts, for trying
 * things out) names no provider repository, so every delivery counts as being about it.
 */
public final class SourceRepository {

    private static final String AZURE_HOST = "dev.azure.com";
    private static final String AZURE_LEGACY_HOST_SUFFIX = ".visualstudio.com";
    private static final String AZURE_GIT = "_git";

    private final Location location;
    private final String display;

    private SourceRepository(Location location, String display) {
        this.location = location;
        this.display = display;
    }

    /** The hook's {@code sourceRepo}, as stored: an http(s) or SSH URL, or a {@code file://} URL locally. */
    public static SourceRepository of(String sourceRepo) {
        return new SourceRepository(Location.parse(sourceRepo), Reasons.cut(sourceRepo));
    }

    /** True when the source names no host, so deliveries are not matched against it. */
    public boolean isLocal() {
        return location.host() == null;
    }

    /** True when the delivery names this repository, or when this source {@link #isLocal() is local}. */
    public boolean matches(RepositoryIdentity delivery) {
        if (isLocal()) {
            return true;
        }
        for (String url : delivery.urls()) {
            Location named = Location.parse(url);
            if (named.host() != null && named.equals(location)) {
                return true;
            }
        }
        List<String> path = delivery.path().stream().map(Location::fold).toList();
        return !path.isEmpty() && path.equals(location.segments());
    }

    /**
     * Empty when the delivery is about this repository; otherwise the answer for a delivery about another one (an
     * organisation or group webhook, a project-wide subscription): ignored, {@code not this hook's repository}.
     *
     * @throws MalformedPayloadException when the payload names no repository at all: every provider that calls this
     *         always names one in the events it is called for
     */
    public Optional<WebhookEvent> otherRepository(RepositoryIdentity delivery) {
        if (delivery.isEmpty()) {
            throw new MalformedPayloadException("payload names no repository");
        }
        if (matches(delivery)) {
            return Optional.empty();
        }
        return Optional.of(new WebhookEvent.Ignored("not this hook's repository: the delivery is about "
                + delivery.describe() + ", this hook's source is " + display));
    }

    @Override
    public String toString() {
        return "SourceRepository[" + display + "]";
    }

    /** A host (lower case; null when there is none) and path segments (case-folded, without {@code .git}). */
    private record Location(String host, List<String> segments) {

        static Location parse(String url) {
            String value = url == null ? "" : url.trim();
            int query = indexOfAny(value, '?', '#');
            if (query >= 0) {
                value = value.substring(0, query);
            }
            int scheme = value.indexOf("://");
            String host;
            String path;
            if (scheme > 0) {
                if (value.substring(0, scheme).equalsIgnoreCase("file")) {
                    return new Location(null, segments(value.substring(scheme + 3)));
                }
                String rest = value.substring(scheme + 3);
                int slash = rest.indexOf('/');
                String authority = slash < 0 ? rest : rest.substring(0, slash);
                path = slash < 0 ? "" : rest.substring(slash);
                host = hostOf(authority.substring(authority.lastIndexOf('@') + 1));
            } else {
                // SSH's scp-like form, user@host:path; anything else is a local path.
                int colon = value.indexOf(':');
                int slash = value.indexOf('/');
                if (colon <= 0 || slash >= 0 && slash < colon) {
                    return new Location(null, segments(value));
                }
                host = hostOf(value.substring(value.lastIndexOf('@', colon) + 1, colon));
                path = value.substring(colon + 1);
            }
            if (host == null || host.isEmpty()) {
                return new Location(null, segments(path));
            }
            return azure(host, segments(path));
        }

        private static int indexOfAny(String value, char first, char second) {
            int a = value.indexOf(first);
            int b = value.indexOf(second);
            return a < 0 ? b : b < 0 ? a : Math.min(a, b);
        }

        /** The host of {@code host[:port]} or {@code [v6]:port}, lower case. */
        private static String hostOf(String hostAndPort) {
            if (hostAndPort.startsWith("[")) {
                int close = hostAndPort.indexOf(']');
                return close < 0 ? null : hostAndPort.substring(0, close + 1).toLowerCase(Locale.ROOT);
            }
            int colon = hostAndPort.indexOf(':');
            return (colon < 0 ? hostAndPort : hostAndPort.substring(0, colon)).toLowerCase(Locale.ROOT);
        }

        /** Azure DevOps's other spellings of {@code dev.azure.com/<org>/<project>/_git/<repo>}. */
        private static Location azure(String host, List<String> segments) {
            List<String> path = new ArrayList<>(segments);
            String azureHost = host;
            if (host.endsWith(AZURE_LEGACY_HOST_SUFFIX) && !host.startsWith("vs-ssh.")) {
                path.add(0, host.substring(0, host.length() - AZURE_LEGACY_HOST_SUFFIX.length()));
                if (path.size() > 1 && path.get(1).equals("defaultcollection")) {
                    path.remove(1);
                }
                azureHost = AZURE_HOST;
            } else if ((host.equals("ssh." + AZURE_HOST) || host.equals("vs-ssh.visualstudio.com"))
                    && path.size() == 4 && path.get(0).equals("v3")) {
                path = new ArrayList<>(List.of(path.get(1), path.get(2), AZURE_GIT, path.get(3)));
                azureHost = AZURE_HOST;
            }
            if (azureHost.equals(AZURE_HOST) && path.size() == 3 && path.get(1).equals(AZURE_GIT)) {
                // dev.azure.com/<org>/_git/<repo> names the repository of the project with the same name.
                path.add(1, path.get(2));
            }
            return new Location(azureHost, path);
        }

        private static List<String> segments(String rawPath) {
            List<String> segments = new ArrayList<>();
            for (String raw : rawPath.split("/")) {
                if (!raw.isEmpty()) {
                    segments.add(fold(decode(raw)));
                }
            }
            if (!segments.isEmpty()) {
                String last = segments.get(segments.size() - 1);
                if (last.endsWith(".git") && last.length() > ".git".length()) {
                    segments.set(segments.size() - 1, last.substring(0, last.length() - ".git".length()));
                }
            }
            return segments;
        }

        private static String decode(String raw) {
            try {
                return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return raw;
            }
        }

        static String fold(String segment) {
            return segment.toLowerCase(Locale.ROOT);
        }
    }
}
