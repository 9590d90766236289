package io.gitbridge.provider.github.app;

/**
 * Something GitHub (or the app's own configuration) refused in GitHub App mode. Messages are admin-readable and safe
 * to return: they never contain the private key, the JWT or an installation token.
 */
public abstract class GitHubAppException extends RuntimeException {

    private final int status;

    protected GitHubAppException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** GitHub's HTTP status, or 0 when there was no answer (a connection failure, a refused host, a bad key). */
    public int status() {
        return status;
    }

    /**
     * The private key is not one a GitHub App can sign with; {@link #problem()} says why. The message never echoes
     * the key.
     */
    public static final class InvalidPrivateKey extends GitHubAppException {

        /** Why a PEM is refused. */
        public enum Problem {
            /** Nothing, or only blanks, was given. */
            EMPTY,
            /** Longer than {@link AppPrivateKey#MAX_PEM_LENGTH} characters. */
            TOO_LONG,
            /** No {@code -----BEGIN ...-----} block, or one that does not decode. */
            NOT_PEM,
            /** A password-protected key ({@code ENCRYPTED PRIVATE KEY} or {@code Proc-Type: 4,ENCRYPTED}). */
            ENCRYPTED,
            /** A private key of another algorithm (EC, Ed25519, DSA, RSASSA-PSS). */
            NOT_RSA,
            /** A certificate instead of a key. */
            CERTIFICATE,
            /** A public key instead of the private one. */
            PUBLIC_KEY,
            /** An RSA key shorter than the 2048 bits RS256 requires. */
            TOO_SHORT,
            /** Some other PEM object (a certificate request, parameters). */
            OTHER
        }

        private final Problem problem;

        public InvalidPrivateKey(Problem problem, String message, Throwable cause) {
            super(message, 0, cause);
            this.problem = problem;
        }

        /** Why the key was refused. */
        public Problem problem() {
            return problem;
        }
    }

    /**
     * GitHub refused the app's JWT (HTTP 401): the private key does not belong to the app id or client id it was
     * signed for, the app does not exist, or the JWT's time window was wrong (a clock far off).
     */
    public static final class CredentialsRejected extends GitHubAppException {

        public CredentialsRejected(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    /** The installation is gone (HTTP 404 on an installation's endpoint): uninstalled, or never this app's. */
    public static final class NotInstalled extends GitHubAppException {

        public NotInstalled(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    /**
     * GitHub answered but refused the request: 403 that is not a rate limit (a suspended installation), 422 (a
     * repository or permission the installation does not grant), a redirect, another 4xx, or a host the URL policy
     * refuses.
     */
    public static final class Refused extends GitHubAppException {

        public Refused(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    /** GitHub could not be reached, timed out, failed (5xx) or answered something unreadable: retrying may work. */
    public static class Unavailable extends GitHubAppException {

        public Unavailable(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    /**
     * GitHub is rate-limiting the app (HTTP 429, or 403 with {@code X-RateLimit-Remaining: 0} or a
     * {@code Retry-After}): retry after {@link #retryAfterSeconds()}.
     */
    public static final class RateLimited extends Unavailable {

        private final long retryAfterSeconds;

        /** @param retryAfterSeconds how long to wait, in seconds, at least 1 */
        public RateLimited(String message, int status, long retryAfterSeconds) {
            super(message, status, null);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** How long to wait before trying again, in seconds. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
