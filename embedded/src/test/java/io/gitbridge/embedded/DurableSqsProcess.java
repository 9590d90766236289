package io.gitbridge.embedded;

import java.nio.file.Path;

/**
 * A durable ElasticMQ in a process of its own, for tests that kill it with SIGKILL: prints
 * {@code endpoint=<url>} once it accepts requests and then waits to be killed.
 */
public final class DurableSqsProcess {

    private DurableSqsProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedSqs sqs = EmbeddedSqs.start(0, Path.of(args[0]));
        System.out.println("endpoint=" + sqs.endpoint());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
