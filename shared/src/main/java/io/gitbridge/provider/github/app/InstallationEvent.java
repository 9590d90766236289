package io.gitbridge.provider.github.app;

import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.Reasons;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One verified {@code installation} or {@code installation_repositories} delivery of the app's webhook, read from its
 * payload, and the installation record it leads to ({@link #applyTo}).
 *
 * <p>Payload shapes from GitHub's "Webhook events and payloads": {@code installation} (actions {@code created},
 * {@code deleted}, {@code suspend}, {@code unsuspend}, {@code new_permissions_accepted}) carries the {@code
 * installation} object ({@code id}, {@code account.login} and {@code account.type}, {@code repository_selection},
 * {@code suspended_at}, {@code updated_at} as an ISO 8601 string or epoch seconds) and, for {@code created}, the
 * {@code repositories} the installation can access; {@code installation_repositories} (actions {@code added},
 * {@code removed}) carries the {@code installation} object, the new top-level {@code repository_selection}, and
 * {@code repositories_added} and {@code repositories_removed}, each repository as {@code {id, full_name}}.
 *
 * @param event {@link #INSTALLATION} or {@link #INSTALLATION_REPOSITORIES}
 * @param action the payload's {@code action}, at most {@value #MAX_ACTION_LENGTH} characters
 * @param installation the installation as the payload describes it; its repositories are the payload's
 *     {@code repositories} for an {@code installation} event (empty when it lists none), none for
 *     {@code installation_repositories}
 * @param listsRepositories whether an {@code installation} payload listed the installation's repositories
 * @param added the repositories an {@code installation_repositories} event added; empty otherwise
 * @param removed the repositories an {@code installation_repositories} event removed; empty otherwise
 */
public record InstallationEvent(String event, String action, Installation installation, boolean listsRepositories,
        List<Installation.Repository> added, List<Installation.Repository> removed) {

    /** The {@code X-GitHub-Event} of installation changes. */
    public static final String INSTALLATION = "installation";
    /** The {@code X-GitHub-Event} of changes to an installation's selected repositories. */
    public static final String INSTALLATION_REPOSITORIES = "installation_repositories";
    /** The longest action accepted, in characters. */
    public static final int MAX_ACTION_LENGTH = 64;
    /** The most repositories read from one payload's list (GitHub lists at most a few hundred per delivery). */
    public static final int MAX_LISTED = Installation.MAX_REPOSITORIES;

    /** The {@code installation} actions gitbridge records. */
    public static final List<String> INSTALLATION_ACTIONS = List.of("created", "deleted", "suspend", "unsuspend",
            "new_permissions_accepted");
    /** The {@code installation_repositories} actions gitbridge records. */
    public static final List<String> REPOSITORIES_ACTIONS = List.of("added", "removed");

    private static final Pattern POSITIVE_INTEGER = Pattern.compile("[1-9][0-9]{0,17}");

    public InstallationEvent {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /**
     * Reads the payload of a verified delivery.
     *
     * @param event {@link #INSTALLATION} or {@link #INSTALLATION_REPOSITORIES}
     * @param receivedAt the installation's time when the payload gives no {@code updated_at}
     * @throws MalformedPayloadException naming the field that is missing, of the wrong type, out of bounds or
     *         impossible (an installation id that is not a positive integer, an unknown repository selection)
     */
    public static InstallationEvent read(String event, PayloadNode payload, Instant receivedAt) {
        if (!INSTALLATION.equals(event) && !INSTALLATION_REPOSITORIES.equals(event)) {
            throw new IllegalArgumentException("not an installation event: " + Reasons.cut(event));
        }
        String action = bounded("action", Payloads.text(payload, "action"), MAX_ACTION_LENGTH);
        PayloadNode object = payload.path("installation");
        if (!object.isObject()) {
            throw new MalformedPayloadException("payload lacks the object installation");
        }
        long id = positiveLong(object.path("id"), "installation.id");
        PayloadNode account = object.path("account");
        if (!account.isObject()) {
            throw new MalformedPayloadException("payload lacks the object installation.account");
        }
        // An enterprise installation's account has a slug instead of a login.
        String login = Payloads.optionalText(account, "login", Payloads.optionalText(account, "slug", null));
        if (login == null) {
            throw new MalformedPayloadException("payload lacks the string field installation.account.login");
        }
        String accountType = Payloads.optionalText(account, "type", "Enterprise");
        boolean repositoriesEvent = INSTALLATION_REPOSITORIES.equals(event);
        String selectionText = repositoriesEvent ? Payloads.text(payload, "repository_selection")
                : Payloads.text(object, "repository_selection");
        Installation.Selection selection;
        try {
            selection = Installation.Selection.of(selectionText);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException("payload field repository_selection must be all or selected, not '"
                    + Reasons.cut(selectionText) + "'", e);
        }
        boolean suspended = object.hasNonNull("suspended_at");
        Instant updatedAt = time(object.path("updated_at"), receivedAt);
        boolean listsRepositories = !repositoriesEvent && payload.path("repositories").isArray();
        List<Installation.Repository> repositories = listsRepositories
                ? repositories(payload.path("repositories"), "repositories") : List.of();
        Installation installation;
        try {
            installation = new Installation(id, bounded("installation.account.login", login, GitHubApp.MAX_ID_LENGTH),
                    bounded("installation.account.type", accountType, GitHubApp.MAX_ID_LENGTH), selection,
                    selected(Installation.Selection.SELECTED, repositories), suspended, false, updatedAt);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException("payload's installation is not valid: " + e.getMessage(), e);
        }
        List<Installation.Repository> added = repositoriesEvent
                ? repositories(payload.path("repositories_added"), "repositories_added") : List.of();
        List<Installation.Repository> removed = repositoriesEvent
                ? repositories(payload.path("repositories_removed"), "repositories_removed") : List.of();
        return new InstallationEvent(event, action, installation, listsRepositories, added, removed);
    }

    /** The installation's id. */
    public long installationId() {
        return installation.id();
    }

    /**
     * The record this event leads to, given the stored one: empty for an action gitbridge does not record.
     * <ul>
     *   <li>{@code installation} {@code created}, {@code new_permissions_accepted}, {@code suspend}, {@code unsuspend},
     *   {@code deleted}: the installation as the payload describes it, suspended for {@code suspend} (and when
     *   {@code suspended_at} is set, except for {@code unsuspend}), deleted for {@code deleted}; its selected
     *   repositories are the payload's when it lists them, else the stored ones;</li>
     *   <li>{@code installation_repositories} {@code added} and {@code removed}: the stored installation (or the
     *   payload's, when none is stored) with the new selection, and for {@code selected} its repositories with those
     *   added and without those removed (none kept, as unknown, beyond {@link Installation#MAX_REPOSITORIES}); its time is
     *   the later of the payload's and the stored one's, since a change applied to the stored state is at least as
     *   new.</li>
     * </ul>
     * Repositories are kept only when the selection is {@code selected}.
     */
    public Optional<Installation> applyTo(Optional<Installation> stored) {
        if (INSTALLATION.equals(event)) {
            if (!INSTALLATION_ACTIONS.contains(action)) {
                return Optional.empty();
            }
            boolean suspended = action.equals("suspend") || !action.equals("unsuspend") && installation.suspended();
            List<Installation.Repository> repositories = listsRepositories ? installation.repositories()
                    : stored.map(Installation::repositories).orElse(List.of());
            return Optional.of(new Installation(installation.id(), installation.account(), installation.accountType(),
                    installation.selection(), selected(installation.selection(), repositories), suspended,
                    action.equals("deleted"), installation.updatedAt()));
        }
        if (!REPOSITORIES_ACTIONS.contains(action)) {
            return Optional.empty();
        }
        Installation base = stored.orElse(installation);
        Map<Long, Installation.Repository> repositories = new LinkedHashMap<>();
        base.repositories().forEach(repository -> repositories.put(repository.id(), repository));
        added.forEach(repository -> repositories.put(repository.id(), repository));
        removed.forEach(repository -> repositories.remove(repository.id()));
        Instant at = stored.map(Installation::updatedAt).filter(time -> time.isAfter(installation.updatedAt()))
                .orElse(installation.updatedAt());
        return Optional.of(base.withRepositories(installation.selection(),
                selected(installation.selection(), new ArrayList<>(repositories.values())), at));
    }

    private static List<Installation.Repository> selected(Installation.Selection selection,
            List<Installation.Repository> repositories) {
        if (selection != Installation.Selection.SELECTED) {
            return List.of();
        }
        // Too many to keep: keep none (unknown, so no hook reads as removed) rather than an arbitrary first part,
        // whose missing repositories would show as removed from the installation.
        return repositories.size() > Installation.MAX_REPOSITORIES ? List.of() : repositories;
    }

    private static List<Installation.Repository> repositories(PayloadNode array, String field) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new MalformedPayloadException("payload field " + field + " is not an array");
        }
        List<Installation.Repository> repositories = new ArrayList<>();
        int index = 0;
        for (PayloadNode element : array) {
            if (repositories.size() > MAX_LISTED) {
                break; // one more than kept: selected() then knows the list is too long to keep
            }
            String name = field + "[" + index++ + "]";
            if (!element.isObject()) {
                throw new MalformedPayloadException("payload field " + name + " is not an object");
            }
            long id = positiveLong(element.path("id"), name + ".id");
            String fullName = Payloads.text(element, "full_name");
            try {
                repositories.add(new Installation.Repository(id, fullName));
            } catch (IllegalArgumentException e) {
                throw new MalformedPayloadException("payload field " + name + " is not a repository: "
                        + e.getMessage(), e);
            }
        }
        return repositories;
    }

    /**
     * A positive integer field, such as an installation or repository id.
     *
     * @throws MalformedPayloadException when it is missing, not a number, or not a positive integer below 10^18
     */
    public static long positiveLong(PayloadNode value, String field) {
        if (!value.isNumber() || !POSITIVE_INTEGER.matcher(value.asText()).matches()) {
            throw new MalformedPayloadException("payload field " + field + " must be a positive integer");
        }
        return Long.parseLong(value.asText());
    }

    /** An ISO 8601 date-time with offset, or epoch seconds; {@code fallback} when absent or null. */
    private static Instant time(PayloadNode value, Instant fallback) {
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return Instant.ofEpochSecond(positiveLong(value, "installation.updated_at"));
        }
        if (!value.isTextual()) {
            throw new MalformedPayloadException("payload field installation.updated_at is not a time");
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedPayloadException("payload field installation.updated_at is not an ISO 8601 time: '"
                    + Reasons.cut(value.asText()) + "'", e);
        }
    }

    private static String bounded(String field, String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            throw new MalformedPayloadException("payload field " + field + " must be 1 to " + max + " characters");
        }
        return value;
    }
}
