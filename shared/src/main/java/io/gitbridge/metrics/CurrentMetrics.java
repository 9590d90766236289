package io.gitbridge.metrics;

/** Holds {@link Metrics#get()}: EMF when the Lambda runtime's {@code AWS_LAMBDA_FUNCTION_NAME} is set, else none. */
final class CurrentMetrics {

    static volatile Metrics current =
            System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? EmfMetrics.lambda() : Metrics.none();

    private CurrentMetrics() {
    }
}
