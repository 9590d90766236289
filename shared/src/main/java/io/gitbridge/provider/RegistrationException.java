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
    public static final class ProviderUnavailable extends RegistrationException {

        public ProviderUnavailable(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public ProviderUnavailable withAdvice(String advice) {
            return new ProviderUnavailable(getMessage() + "; " + advice, this);
        }
    }
}
