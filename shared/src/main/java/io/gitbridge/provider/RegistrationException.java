package io.gitbridge.provider;

/**
 * A webhook registration the provider did not carry out. Messages are admin-readable and safe to return: they never
 * contain the token or the hook's secret.
 */
public abstract class RegistrationException extends RuntimeException {

    protected RegistrationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure with a sentence added that tells the admin what to do next. */
    public abstract RegistrationException withAdvice(String advice);

    /** The provider refused the token (401, 403, 404): it is wrong, expired, or lacks a scope or role. */
    public static final class TokenRejected extends RegistrationException {

        public TokenRejected(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public TokenRejected withAdvice(String advice) {
            return new TokenRejected(getMessage() + "; " + advice, this);
        }
    }

    /** The provider accepted the token but refused the request, e.g. a webhook URL it will not deliver to. */
    public static final class Refused extends RegistrationException {

        public Refused(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public Refused withAdvice(String advice) {
            return new Refused(getMessage() + "; " + advice, this);
        }
    }

    /** The provider could not be reached, timed out, or failed (5xx, rate limit): trying again later may work. */
    public static class ProviderUnavailable extends RegistrationException {

        public ProviderUnavailable(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public ProviderUnavailable withAdvice(String advice) {
            return new ProviderUnavailable(getMessage() + "; " + advice, this);
        }
    }

    /**
     * The provider is rate-limiting the token (HTTP 429, or 403 with {@code X-RateLimit-Remaining: 0} or a
     * {@code Retry-After}): trying again after {@link #retryAfterSeconds()} may work.
     */
    public static final class RateLimited extends ProviderUnavailable {

        private final long retryAfterSeconds;

        /** @param retryAfterSeconds how long to wait before trying again, in seconds, at least 1 */
        public RateLimited(String message, long retryAfterSeconds, Throwable cause) {
            super(message, cause);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** How long to wait before trying again, in seconds. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        @Override
        public RateLimited withAdvice(String advice) {
            return new RateLimited(getMessage() + "; " + advice, retryAfterSeconds, this);
        }
    }
}
