package io.gitbridge.hook;

import io.gitbridge.provider.RegistrationMethod;

/**
 * The webhook gitbridge created on the provider for a hook; for a hook in GitHub App mode, the state of the app's
 * installation on its repository (whose app-level webhook delivers its events), computed when the hook is read and
 * never stored.
 *
 * @param status where the registration stands
 * @param providerHookId the provider's id of the webhook (a subscription id on Azure DevOps), once registered; for
 *     {@link RegistrationMethod#PUBSUBHUBBUB}, the hub callback and the topics subscribed, separated by spaces
 *     ({@code io.gitbridge.provider.github.GitHubHubRegistrar}); null in GitHub App mode
 * @param error what went wrong, admin-readable, when the provider refused a later update, or (GitHub App mode) why
 *     the app cannot read the repository; otherwise null
 * @param method how the hook is registered; never null (null given, as for registrations stored before the field
 *     existed, reads as {@link RegistrationMethod#WEBHOOK}, which is also what a hook in GitHub App mode shows: the
 *     app's webhook)
 */
public record Registration(Status status, String providerHookId, String error, RegistrationMethod method) {

    public Registration {
        method = method == null ? RegistrationMethod.WEBHOOK : method;
    }

    /** A registration through the provider's webhook API ({@link RegistrationMethod#WEBHOOK}). */
    public Registration(Status status, String providerHookId, String error) {
        this(status, providerHookId, error, RegistrationMethod.WEBHOOK);
    }

    /** Where a registration stands. */
    public enum Status {
        /** The provider's webhook points at the hook with its current secret, events and branch. */
        REGISTERED,
        /** The provider refused the last update; the webhook there may be out of date. */
        FAILED,
        /** GitHub App mode: the app is installed where it can read the repository, and its webhook covers it. */
        INSTALLED,
        /** GitHub App mode: the installation is suspended; GitHub mints it no tokens and sends it no events. */
        SUSPENDED,
        /** GitHub App mode: the app was uninstalled from the account that owns the repository. */
        UNINSTALLED,
        /** GitHub App mode: the repository was removed from the installation's selected repositories. */
        REPOSITORY_REMOVED;

        /** The value used on the wire and in the table. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@link #wire()}. */
        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
