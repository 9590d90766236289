package io.gitbridge.bench.coldstart;

/** The baseline target: an empty {@link Runnable}, so the harness constructs something but loads nothing else. */
public final class Nothing implements Runnable {

    @Override
    public void run() {
        // Nothing: the baseline measures the JVM and the harness alone.
    }
}
