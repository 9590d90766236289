package io.gitbridge.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a JVM of its own, started the way users start the runner, known to be up once it prints
 * {@code gitbridge listening on URL}; its output goes to a log file. Stopped with SIGTERM.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("gitbridge listening on (http://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final URI url;
    private final Path log;

    private ChildServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts {@code java <jvmArgs> <mainArgs>} with {@code environment} added, and waits until it listens. */
    static ChildServer start(List<String> jvmArgs, List<String> mainArgs, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(mainArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (listening.find()) {
                return new ChildServer(process, URI.create(listening.group(1)), log);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("did not start: " + String.join(" ", command) + "\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    URI url() {
        return url;
    }

    Path log() {
        return log;
    }

    /**
     * CPU time (user + system) the process and its live children have used so far (the runner started with {@code -jar}
     * runs in a child JVM when it has its class archive), or zero where the platform does not say.
     */
    Duration cpu() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()),
                        process.toHandle().descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
    }

    /** SIGTERM, then waits for the exit (a JFR recording is written on the way out). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
