package io.gitbridge.provider;

/**
 * A user name and password for git over HTTPS. {@link #toString()} never shows the password.
 *
 * @param username the user name
 * @param password the password, usually a token
 */
public record GitCredentials(String username, String password) {

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=***]";
    }
}
