package io.gitbridge.sync.internal;

import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostNames;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.sync.UrlNotAllowedException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;

/**
 * A repository URL accepted by the deployment's {@link UrlPolicy}: https (and http where the policy allows it),
 * {@code file://} URLs and local paths only when file URLs are allowed (the local runner). Credentials in the URL are
 * split off, so neither the transport nor any message ever sees them.
 *
 * @param uri what the transport connects to, without user info
 * @param display how messages name the repository: the URL without user info
 * @param user the user name that was in the URL, or null
 * @param password the password that was in the URL, or null
 */
public record RepositoryUrl(URIish uri, String display, String user, String password) {

    /** The display form and user only; never the password. */
    @Override
    public String toString() {
        return "RepositoryUrl[" + display + (user == null ? "" : ", user=" + user) + (password == null ? "" : ", password=***") + "]";
    }

    /**
     * Checks {@code url} against the deployed rules (or, with {@code allowFileUrls}, the local runner's), as a URL
     * that carries no token, resolving names with the system resolver.
     *
     * @throws UrlNotAllowedException when the URL is malformed or not accepted
     */
    public static RepositoryUrl parse(String url, String role, boolean allowFileUrls) {
        UrlPolicy policy = allowFileUrls ? UrlPolicy.local(HostResolver.SYSTEM)
                : UrlPolicy.deployed(AllowedNetworks.NONE, HostResolver.SYSTEM);
        return parse(url, role, policy, false);
    }

    /**
     * Checks {@code url} against {@code policy}.
     *
     * @param role how messages call the repository, e.g. {@code source}
     * @param carriesToken whether credentials will be sent to it (credentials in the URL count too)
     * @throws UrlNotAllowedException when the URL is malformed or not accepted, naming the reason
     */
    public static RepositoryUrl parse(String url, String role, UrlPolicy policy, boolean carriesToken) {
        boolean allowFileUrls = policy.allowsFileUrls();
        String trimmed = url == null ? "" : url.trim();
        if (trimmed.isEmpty()) {
            throw new UrlNotAllowedException("the " + role + " repository URL is empty");
        }
        if (isLocalPath(trimmed)) {
            requireFileUrlsAllowed(role, trimmed, allowFileUrls);
            return local(Path.of(trimmed), role);
        }
        URI parsed;
        try {
            parsed = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new UrlNotAllowedException("the " + role + " repository URL is not a valid URL; use an https URL");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https", "http" -> {
                return http(parsed, role, policy, carriesToken);
            }
            case "file" -> {
                String display = Redaction.stripUserInfo(trimmed);
                requireFileUrlsAllowed(role, display, allowFileUrls);
                if (parsed.getPath() == null || parsed.getPath().isEmpty()) {
                    throw new UrlNotAllowedException("the " + role + " repository URL " + display + " names no path");
                }
                return local(Path.of(parsed.getPath()), role);
            }
            default -> throw new UrlNotAllowedException("the " + role + " repository URL "
                    + Redaction.stripUserInfo(trimmed) + " is not supported; use an https URL");
        }
    }

    private static RepositoryUrl http(URI parsed, String role, UrlPolicy policy, boolean carriesToken) {
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            String reason = HostNames.hostOf(parsed).isEmpty() ? "names no host"
                    : policy.problem(parsed, false).orElse("names no host");
            throw new UrlNotAllowedException("the " + role + " repository URL "
                    + Redaction.stripUserInfo(parsed.toString()) + " " + reason);
        }
        String user = null;
        String password = null;
        if (parsed.getUserInfo() != null) {
            String info = parsed.getUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        try {
            URI clean = new URI(parsed.getScheme().toLowerCase(Locale.ROOT), null, parsed.getHost(), parsed.getPort(),
                    parsed.getPath(), null, null);
            String display = clean.toString();
            policy.problem(clean, carriesToken || user != null).ifPresent(problem -> {
                throw new UrlNotAllowedException("the " + role + " repository URL " + display + " " + problem);
            });
            return new RepositoryUrl(new URIish(display), display, user, password);
        } catch (URISyntaxException e) {
            throw new UrlNotAllowedException("the " + role + " repository URL is not a valid URL; use an https URL");
        }
    }

    private static RepositoryUrl local(Path path, String role) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            String display = absolute.toUri().toString();
            return new RepositoryUrl(new URIish(display), display, null, null);
        } catch (URISyntaxException e) {
            throw new UrlNotAllowedException("the " + role + " repository path " + absolute + " is not usable");
        }
    }

    private static boolean isLocalPath(String url) {
        return url.startsWith("/") || url.startsWith("./") || url.startsWith("../");
    }

    private static void requireFileUrlsAllowed(String role, String display, boolean allowFileUrls) {
        if (!allowFileUrls) {
            throw new UrlNotAllowedException("the " + role + " repository " + display
                    + " is a local file URL, which only the local runner accepts; use an https URL");
        }
    }
}
