package io.gitbridge.provider;


/**
 * What a provider's webhook for a hook must look like, and the credential to manage it with.
 *
 * @param location the repository whose webhook it is
 * @param token the credential allowed to manage the repository's webhooks; never logged or put in a message
 * @param webhookUrl the absolute URL the provider delivers to (the hook's {@code webhookUrl})
 * @param secret the hook's secret, which the provider signs or authenticates deliveries with
 * @param events the events the hook wants
 * @param branch the hook's branch, used as the provider's branch filter where it has one
 * @param label a short text naming the hook, shown on the provider where its webhooks have a name or description
 * @param sourceRepo the hook's source repository clone URL, for registrations that name the repository by its web
 *     address (GitHub's PubSubHubbub topics); null where the caller has none
 */
public record RegistrationRequest(
        RepositoryLocation location,
        String token,
        String webhookUrl,
        String secret,
        HookEvents events,
        String branch,
        String label,
        String sourceRepo) {

    /** A request without the source repository's clone URL, for registrars that address it by {@code location}. */
    public RegistrationRequest(RepositoryLocation location, String token, String webhookUrl, String secret,
            HookEvents events, String branch, String label) {
        this(location, token, webhookUrl, secret, events, branch, label, null);
    }

    @Override
    public String toString() {
        return "RegistrationRequest[location=" + location + ", webhookUrl=" + webhookUrl + ", events=" + events
                + ", branch=" + branch + ", label=" + label + "]";
    }
}
