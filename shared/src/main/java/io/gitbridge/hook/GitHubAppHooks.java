package io.gitbridge.hook;

import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.github.app.AccessToken;
import io.gitbridge.provider.github.app.AccessTokenRequest;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppAccess;
import io.gitbridge.provider.github.app.GitHubAppApi;
import io.gitbridge.provider.github.app.GitHubAppException;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What hooks in GitHub App mode ({@code "auth": "github-app"}) need from the stored app: finding the app's installation
 * on a source repository and the repository's id when a hook is created or pointed elsewhere (REST "Apps": "Get a
 * repository installation for the authenticated app" with the app's JWT, then "Get a repository" with an installation
 * token limited to that repository and {@code contents: read}), the route items that bring the app's deliveries to the
 * hook, and the installation's state for {@code registration.status}.
 *
 * <p>Refusals an admin can act on are {@link ValidationException}s (422): no app stored, a repository on another host,
 * the app not installed there (with the install link), a suspended installation. GitHub being unreachable or
 * rate-limiting is a {@link RegistrationException.ProviderUnavailable} or {@link RegistrationException.RateLimited}.
 * No message contains the private key, the JWT or an installation token.
 */
public final class GitHubAppHooks {

    /**
     * A GitHub repository URL: {@code https://<host>/<owner>/<repo>[.git]}. Owners are 1 to 39 letters, digits or
     * hyphens; repository names 1 to 100 letters, digits, '.', '_' or '-' (GitHub's rules).
     */
    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("/([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100}?)(?:\\.git)?/?");
    private static final String NO_APP = "no GitHub App is stored: PUT /github-app first (GET"
            + " /github-app/registration-link helps register one), then create hooks with \"auth\": \"github-app\"";

    private final GitHubAppStore store;
    private final GitHubAppAccess access;

    /**
     * @param store the app store, with the cipher that opens the private key (the hooks function's)
     * @param clock the time of the app's JWTs
     */
    public GitHubAppHooks(GitHubAppStore store, Clock clock) {
        this.store = store;
        this.access = new GitHubAppAccess(store, clock);
    }

    /** A GitHub repository's owner and name, as a source URL spells them. */
    record RepositoryName(String host, String owner, String name) {

        String fullName() {
            return owner + "/" + name;
        }
    }

    /**
     * What is wrong with {@code sourceRepo} as the source of a hook in app mode, empty when nothing: it must be
     * {@code https://<host>/<owner>/<repo>} or with {@code .git}.
     */
    static Optional<String> repositoryProblem(String sourceRepo) {
        return parse(sourceRepo).isPresent() ? Optional.empty()
                : Optional.of("must be a GitHub repository URL, https://<host>/<owner>/<repository>.git, with"
                        + " \"auth\": \"github-app\"");
    }

    private static Optional<RepositoryName> parse(String sourceRepo) {
        URI uri;
        try {
            uri = new URI(sourceRepo);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawQuery() != null) {
            return Optional.empty();
        }
        Matcher path = REPOSITORY_PATH.matcher(uri.getRawPath());
        if (!path.matches() || path.group(2).equals(".") || path.group(2).equals("..")) {
            return Optional.empty();
        }
        return Optional.of(new RepositoryName(uri.getHost().toLowerCase(Locale.ROOT), path.group(1), path.group(2)));
    }

    /**
     * Finds the installation that lets the app read {@code sourceRepo} and the repository's GitHub id, and records the
     * installation when the store does not know it yet. Stores nothing else.
     *
     * @throws ValidationException naming {@code auth} when no app is stored, {@code sourceRepo} when the repository is
     *     on another host than the app's, the app is not installed there (with the install link), its installation is
     *     suspended or does not grant the repository
     * @throws RegistrationException.ProviderUnavailable when GitHub cannot be reached or fails
     */
    public AppSource locate(String sourceRepo) {
        GitHubAppAccess.Connected connected = access.connect()
                .orElseThrow(() -> new ValidationException(Map.of("auth", NO_APP)));
        GitHubApp app = connected.app();
        RepositoryName repository = parse(sourceRepo).orElseThrow(() -> new ValidationException(Map.of("sourceRepo",
                repositoryProblem(sourceRepo).orElseThrow())));
        if (!repository.host().equals(hostName(app.host()))) {
            throw new ValidationException(Map.of("sourceRepo", "must be a repository on " + app.host()
                    + ", where the GitHub App " + app.slug() + " is registered"));
        }
        GitHubAppApi api = connected.api();
        try {
            Installation installation = api.repositoryInstallation(repository.owner(), repository.name())
                    .orElseThrow(() -> new ValidationException(Map.of("sourceRepo", "the GitHub App " + app.slug()
                            + " is not installed on " + repository.fullName() + ": install it at "
                            + app.installUrl() + " (on " + repository.owner() + ", with access to this repository),"
                            + " then send this request again")));
            if (installation.suspended()) {
                throw new ValidationException(Map.of("sourceRepo", "the GitHub App " + app.slug()
                        + "'s installation " + installation.id() + " on " + installation.account() + " is"
                        + " suspended: unsuspend it on GitHub (the account's settings, GitHub Apps), then send this"
                        + " request again"));
            }
            Installation.Repository found = repositoryId(api, installation, repository);
            if (store.installation(installation.id()).isEmpty()) {
                store.putInstallation(installation);
            }
            return new AppSource(installation.id(), found.id(), found.fullName());
        } catch (GitHubAppException e) {
            throw translated(e, app);
        }
    }

    /**
     * The repository's id, read with an installation token limited to it: GitHub's documented way ("Get a
     * repository" accepts installation tokens), which also proves the installation grants {@code contents: read} on it.
     */
    private static Installation.Repository repositoryId(GitHubAppApi api, Installation installation,
            RepositoryName repository) {
        AccessToken token;
        try {
            token = api.createAccessToken(installation.id(), AccessTokenRequest.contentsRead(repository.name()));
        } catch (GitHubAppException.Refused e) {
            if (e.status() == 422) {
                throw new ValidationException(Map.of("sourceRepo", "the GitHub App's installation "
                        + installation.id() + " on " + installation.account() + " does not grant read access to the"
                        + " contents of " + repository.fullName() + ": add the repository to the installation and"
                        + " check that the app asks for Contents: read"));
            }
            throw e;
        }
        return api.repository(repository.owner(), repository.name(), token);
    }

    private static RuntimeException translated(GitHubAppException e, GitHubApp app) {
        if (e instanceof GitHubAppException.RateLimited limited) {
            return new RegistrationException.RateLimited(e.getMessage(), limited.retryAfterSeconds(), e);
        }
        if (e instanceof GitHubAppException.Unavailable) {
            return new RegistrationException.ProviderUnavailable(e.getMessage(), e);
        }
        if (e instanceof GitHubAppException.CredentialsRejected) {
            return new ValidationException(Map.of("auth", e.getMessage() + "; store the app's current private key with"
                    + " PUT /github-app"));
        }
        return new ValidationException(Map.of("sourceRepo", e.getMessage()));
    }

    /** A host without its port, in lower case: {@code github.example.com:8443} is {@code github.example.com}. */
    private static String hostName(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        return colon > 0 && !lower.endsWith("]") ? lower.substring(0, colon) : lower;
    }

    /** Routes the app's deliveries for the hook's repository to it, by id and by name. */
    public void addRoutes(String hookId, AppSource source) {
        store.addRoutes(hookId, source.repositoryId(), source.fullName());
    }

    /** Removes the routes {@link #addRoutes} wrote; routes already gone are fine. */
    public void removeRoutes(String hookId, AppSource source) {
        store.removeRoutes(hookId, source.repositoryId(), source.fullName());
    }

    /**
     * Where the hook's app mode stands, from the stored installation: {@link Registration.Status#INSTALLED},
     * {@link Registration.Status#SUSPENDED}, {@link Registration.Status#UNINSTALLED}, or
     * {@link Registration.Status#REPOSITORY_REMOVED} when the installation's selected repositories are known and the
     * hook's is not among them. An installation the store does not know reads as installed (it was when the hook was
     * created).
     */
    public Registration registration(AppSource source) {
        Optional<Installation> found = store.installation(source.installationId());
        if (found.isEmpty()) {
            return new Registration(Registration.Status.INSTALLED, null, null);
        }
        Installation installation = found.get();
        if (installation.deleted()) {
            return new Registration(Registration.Status.UNINSTALLED, null, "the GitHub App was uninstalled from "
                    + installation.account() + "; install it again and PUT the hook to use the new installation");
        }
        if (installation.suspended()) {
            return new Registration(Registration.Status.SUSPENDED, null, "the GitHub App's installation on "
                    + installation.account() + " is suspended; GitHub sends no events and mints no tokens for it");
        }
        if (installation.selection() == Installation.Selection.SELECTED && !installation.repositories().isEmpty()
                && installation.repositories().stream().noneMatch(r -> r.id() == source.repositoryId())) {
            return new Registration(Registration.Status.REPOSITORY_REMOVED, null, source.fullName() + " was removed"
                    + " from the GitHub App's installation on " + installation.account() + "; add it again");
        }
        return new Registration(Registration.Status.INSTALLED, null, null);
    }
}
