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
 */
public record RegistrationRequest(
        RepositoryLocation location,
        String token,
        String webhookUrl,
        String secret,
        HookEvents events,
        String branch,
        String label) {

    @Override
    public String toString() {
        return "RegistrationRequest[location=" + location + ", webhookUrl=" + webhookUrl + ", events=" + events
                + ", branch=" + branch + ", label=" + label + "]";
    }
}
