package io.gitbridge.metrics;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * {@link Metrics} as CloudWatch Embedded Metric Format documents, written by AWS's EMF library
 * ({@code software.amazon.cloudwatchlogs:aws-embedded-metrics}): one JSON line per fact, which CloudWatch Logs
 * turns into metrics in namespace {@value Metrics#NAMESPACE}. On Lambda the library's environment prints the line to
 * stdout, which the runtime forwards to the function's log group as it is (also with {@code LogFormat: JSON}).
 */
public final class EmfMetrics implements Metrics {

    /** Longer dimension values are cut; they come from small fixed sets, so this never cuts a real one. */
    static final int MAX_DIMENSION_LENGTH = 64;

    private static final Logger LOG = System.getLogger(EmfMetrics.class.getName());

    private final Environment environment;

    /** Writes through {@code environment}'s sink; tests pass one whose sink keeps the documents. */
    public EmfMetrics(Environment environment) {
        this.environment = environment;
    }

    /** Writes to stdout as the Lambda environment does, with its function name, version and log stream. */
    static EmfMetrics lambda() {
        return new EmfMetrics(new LambdaEnvironment());
    }

    @Override
    public void delivery(String provider, String outcome) {
        write(m -> m.setDimensions(DimensionSet.of("provider", value(provider), "outcome", value(outcome)))
                .putMetric(DELIVERIES, 1, Unit.COUNT));
    }

    @Override
    public void signatureRejected(String provider) {
        write(m -> m.setDimensions(DimensionSet.of("provider", value(provider)))
                .putMetric(SIGNATURE_REJECTIONS, 1, Unit.COUNT));
    }

    @Override
    public void queueUnavailable(String function) {
        write(m -> m.setDimensions(DimensionSet.of("function", value(function)))
                .putMetric(QUEUE_UNAVAILABLE, 1, Unit.COUNT));
    }

    @Override
    public void sync(String status, long millis) {
        write(m -> m.setDimensions(DimensionSet.of("status", value(status)))
                .putMetric(SYNC_RESULTS, 1, Unit.COUNT)
                .putMetric(SYNC_DURATION, millis, Unit.MILLISECONDS));
    }

    @Override
    public void hookFailureStreak(String hookId, int failuresInARow) {
        write(m -> m.setDimensions(new DimensionSet())
                .putMetric(HOOK_FAILURE_STREAK, failuresInARow, Unit.COUNT)
                .putProperty("hookId", hookId));
    }

    @Override
    public void deadLettered(String hookId, String reason) {
        write(m -> m.setDimensions(new DimensionSet())
                .putMetric(DEAD_LETTERED_SYNCS, 1, Unit.COUNT)
                .putProperty("hookId", hookId)
                .putProperty("reason", reason));
    }

    private void write(Consumer<MetricsLogger> metric) {
        try {
            MetricsLogger logger = new MetricsLogger(environment);
            logger.setNamespace(NAMESPACE);
            metric.accept(logger);
            logger.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a metric could not be written: " + e);
        }
    }

    /** A dimension value EMF accepts: ASCII, not empty, at most {@value #MAX_DIMENSION_LENGTH} characters. */
    static String value(String raw) {
        if (raw == null || raw.isBlank()) {
            return "none";
        }
        String cut = raw.length() <= MAX_DIMENSION_LENGTH ? raw : raw.substring(0, MAX_DIMENSION_LENGTH);
        return cut.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
