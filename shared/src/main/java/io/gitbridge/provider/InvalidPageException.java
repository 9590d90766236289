package io.gitbridge.provider;

/** A page token that this provider's {@link RepositoryListing} never gives (a forged or mangled cursor). */
public final class InvalidPageException extends IllegalArgumentException {

    public InvalidPageException(String message) {
        super(message);
    }
}
