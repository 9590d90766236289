package io.gitbridge.embedded;

/** Thrown when an embedded AWS service cannot start or stop; the cause says why. */
public class EmbeddedServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the service and what failed. */
    public EmbeddedServiceException(String message) {
        super(message);
    }

    /** Creates an exception that keeps the library's own failure as its cause. */
    public EmbeddedServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
