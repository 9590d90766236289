package io.gitbridge.provider.github.app;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where gitbridge keeps its one GitHub App: the app (with its private key sealed), the pending webhook secret a
 * registration link generated, the installations, and the routes from a repository to the hooks in app mode that sync
 * it. Not found is empty; storage failures are the implementation's unchecked exceptions.
 */
public interface GitHubAppStore {

    /**
     * The stored app and when it was stored.
     *
     * @param app the app, with its webhook secret
     * @param updatedAt when it was last stored
     */
    record StoredApp(GitHubApp app, Instant updatedAt) {
    }

    /** The app, when one was stored with {@link #putApp}. */
    Optional<StoredApp> app();

    /**
     * Stores the app and its private key (sealed), replacing any app stored before, and clears the pending webhook
     * secret.
     *
     * @param privateKeyPem the PEM as given, already checked with {@link AppPrivateKey#parse}
     * @throws IllegalStateException when this store has no cipher to seal the key with
     */
    void putApp(GitHubApp app, String privateKeyPem, Instant at);

    /**
     * The app's private key, opened; empty when no app is stored.
     *
     * @throws IllegalStateException when this store has no cipher that can open it
     * @throws GitHubAppException.InvalidPrivateKey when the stored key no longer reads (never expected)
     */
    Optional<AppPrivateKey> privateKey();

    /** Keeps a webhook secret generated for an app not registered yet, replacing any pending one. */
    void putPendingWebhookSecret(String secret);

    /** The webhook secret a registration link generated, until {@link #putApp} stores an app. */
    Optional<String> pendingWebhookSecret();

    /**
     * Stores an installation unless the stored one is newer: a write whose {@code updatedAt} is before the stored
     * one's is ignored (installation events may arrive out of order), decided by a conditional write.
     *
     * @return whether it was written
     */
    boolean putInstallation(Installation installation);

    /** One installation. */
    Optional<Installation> installation(long installationId);

    /** Every installation, deleted ones included, by id. */
    List<Installation> installations();

    /**
     * Routes the app's deliveries for a repository to a hook: by GitHub's repository id and by its full name (lower
     * case). Adding a route that exists is not an error.
     *
     * @param repositoryId GitHub's repository id; 0 or less when not known (then only the name route is added)
     * @param fullName {@code owner/name}, in any case
     */
    void addRoutes(String hookId, long repositoryId, String fullName);

    /** Removes the routes {@link #addRoutes} added; removing routes that do not exist is not an error. */
    void removeRoutes(String hookId, long repositoryId, String fullName);

    /**
     * The hooks a delivery about a repository goes to: first the hooks routed by its id (sorted by hook id), then the
     * hooks routed by its full name (compared in lower case, sorted by hook id) that are not among them. The id is what
     * GitHub keeps when a repository is renamed or moved; the name covers hooks created before the id was known. At most
     * {@link #MAX_ROUTES} of each.
     *
     * @param repositoryId the delivery's {@code repository.id}; 0 or less when it has none
     * @param fullName the delivery's {@code repository.full_name}; null when it has none
     */
    List<String> hooksFor(long repositoryId, String fullName);

    /** The most hooks one repository routes to, per kind of route. */
    int MAX_ROUTES = 100;
}
