package io.gitbridge.provider.github.app;

/**
 * The app as {@code GET /app} describes it to its own JWT (REST "Apps": "Get the authenticated app").
 *
 * @param id the app's numeric id
 * @param clientId its client id, null when GitHub (an older GitHub Enterprise Server) does not send one
 * @param slug its URL name
 * @param name its display name
 * @param owner the login of the account that owns it
 */
public record AppDescription(long id, String clientId, String slug, String name, String owner) {
}
