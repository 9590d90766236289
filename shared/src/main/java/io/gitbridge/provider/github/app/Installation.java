package io.gitbridge.provider.github.app;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One installation of the app on an account (REST "Apps": "Get an installation for the authenticated app"; webhook
 * events {@code installation} and {@code installation_repositories}).
 *
 * @param id the installation's numeric id, positive
 * @param account the login of the organisation or user the app is installed on
 * @param accountType {@code Organization} or {@code User}, as GitHub spells it ({@code Enterprise} is kept as given)
 * @param selection whether the app sees every repository of the account or the selected ones
 * @param repositories the selected repositories gitbridge knows of (from installation events); empty when the
 *     selection is {@link Selection#ALL} or not known (GitHub's installation endpoints do not list them); at most
 *     {@link #MAX_REPOSITORIES}
 * @param suspended whether the installation is suspended (GitHub refuses it tokens)
 * @param deleted whether the app was uninstalled (kept so hooks can say why they stopped)
 * @param updatedAt when GitHub last changed it, or when gitbridge learnt of it
 */
public record Installation(long id, String account, String accountType, Selection selection,
        List<Repository> repositories, boolean suspended, boolean deleted, Instant updatedAt) {

    /** The most selected repositories kept per installation (an item stays far below DynamoDB's 400 KB). */
    public static final int MAX_REPOSITORIES = 1000;
    /** The longest full name {@code owner/name} accepted (GitHub: 39 + 1 + 100). */
    public static final int MAX_FULL_NAME_LENGTH = 200;

    /** GitHub's {@code repository_selection}. */
    public enum Selection {
        /** {@code all}: every repository of the account, present and future. */
        ALL("all"),
        /** {@code selected}: the repositories the owner picked. */
        SELECTED("selected");

        private final String wire;

        Selection(String wire) {
            this.wire = wire;
        }

        /** The value as GitHub sends it. */
        public String wire() {
            return wire;
        }

        /** The selection GitHub calls {@code value}. @throws IllegalArgumentException for any other value */
        public static Selection of(String value) {
            for (Selection selection : values()) {
                if (selection.wire.equals(value)) {
                    return selection;
                }
            }
            throw new IllegalArgumentException("repository_selection must be all or selected");
        }
    }

    /**
     * A repository of an installation.
     *
     * @param id GitHub's numeric repository id, positive
     * @param fullName {@code owner/name} as GitHub spells it
     */
    public record Repository(long id, String fullName) {

        /** @throws IllegalArgumentException when the id is not positive or the name is not owner/name */
        public Repository {
            if (id <= 0) {
                throw new IllegalArgumentException("a repository id must be a positive number");
            }
            GitHubApp.bounded("fullName", fullName, MAX_FULL_NAME_LENGTH, true);
            int slash = fullName.indexOf('/');
            if (slash <= 0 || slash != fullName.lastIndexOf('/') || slash == fullName.length() - 1) {
                throw new IllegalArgumentException("fullName must be owner/name");
            }
        }

        /** The full name in lower case, as GitHub compares names. */
        public String key() {
            return fullName.toLowerCase(Locale.ROOT);
        }
    }

    /** @throws IllegalArgumentException naming the field that is missing, malformed or too long */
    public Installation {
        if (id <= 0) {
            throw new IllegalArgumentException("installation id must be a positive number");
        }
        GitHubApp.bounded("account", account, GitHubApp.MAX_ID_LENGTH, true);
        GitHubApp.bounded("accountType", accountType, GitHubApp.MAX_ID_LENGTH, true);
        Objects.requireNonNull(selection, "selection");
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        if (repositories.size() > MAX_REPOSITORIES) {
            throw new IllegalArgumentException("an installation keeps at most " + MAX_REPOSITORIES + " repositories");
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether tokens can be minted for it: neither suspended nor deleted. */
    public boolean active() {
        return !suspended && !deleted;
    }

    /** The same installation with other repositories. */
    public Installation withRepositories(Selection newSelection, List<Repository> newRepositories, Instant at) {
        return new Installation(id, account, accountType, newSelection, newRepositories, suspended, deleted, at);
    }

    /** The same installation, suspended or not, deleted or not, as of {@code at}. */
    public Installation withState(boolean isSuspended, boolean isDeleted, Instant at) {
        return new Installation(id, account, accountType, selection, repositories, isSuspended, isDeleted, at);
    }
}
