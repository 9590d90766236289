package io.gitbridge.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/** An EMF environment whose sink keeps the serialized documents instead of printing them. */
final class CapturingEnvironment implements Environment, ISink {

    final List<String> documents = new ArrayList<>();

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return "test";
    }

    @Override
    public String getType() {
        return "test";
    }

    @Override
    public String getLogGroupName() {
        return "test";
    }

    @Override
    public void configureContext(MetricsContext context) {
    }

    @Override
    public ISink getSink() {
        return this;
    }

    @Override
    public void accept(MetricsContext context) {
        try {
            documents.addAll(context.serialize());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }
}
