package io.gitbridge.hook;

import io.gitbridge.net.HostNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Which repository URLs a deployment accepts: http(s) everywhere, {@code file://} only in the local runner. */
public final class RepoUrls {

    private RepoUrls() {
    }

    /**
     * What is wrong with {@code url} as a repository URL, or empty when it is acceptable.
     *
     * @param tokenField the hook field that carries this repository's credential ({@code token} for the source,
     *        {@code buildToken} for the build repository), which a URL with credentials is pointed to
     */
    public static Optional<String> problem(String url, boolean allowFileUrls, String tokenField) {
        if (url.startsWith("git@") || url.startsWith("ssh://")) {
            return Optional.of("must be an https URL; ssh is not supported (gitbridge authenticates with the token)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https", "http" -> {
                if ((uri.getHost() == null || uri.getHost().isEmpty()) && HostNames.hostOf(uri).isEmpty()) {
                    return Optional.of("must name a host");
                }
                if (uri.getRawUserInfo() != null) {
                    return Optional.of("must not contain credentials; set the " + tokenField + " field instead");
                }
                if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    return Optional.of("must not have a query or fragment");
                }
                return Optional.empty();
            }
            case "file" -> {
                if (!allowFileUrls) {
                    return Optional.of("file:// repositories are accepted only by the local runner");
                }
                return uri.getPath() == null || uri.getPath().isEmpty()
                        ? Optional.of("must name a path") : Optional.empty();
            }
            default -> {
                return Optional.of("must be an https URL");
            }
        }
    }
}
