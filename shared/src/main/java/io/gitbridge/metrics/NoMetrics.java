package io.gitbridge.metrics;

/** Metrics that go nowhere: where there is no CloudWatch to read them (the local runner, tests). */
final class NoMetrics implements Metrics {

    static final NoMetrics INSTANCE = new NoMetrics();

    private NoMetrics() {
    }

    @Override
    public void delivery(String provider, String outcome) {
    }

    @Override
    public void signatureRejected(String provider) {
    }

    @Override
    public void queueUnavailable(String function) {
    }

    @Override
    public void sync(String status, long millis) {
    }

    @Override
    public void hookFailureStreak(String hookId, int failuresInARow) {
    }

    @Override
    public void deadLettered(String hookId, String reason) {
    }
}
