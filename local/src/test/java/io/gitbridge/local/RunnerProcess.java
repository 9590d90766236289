package io.gitbridge.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runner in a JVM of its own ({@code java -cp <this test's class path> io.gitbridge.local.LocalRunner}),
 * so that tests can kill it with SIGKILL or stop it with SIGTERM. Its output goes to a log file in the data
 * directory's parent.
 */
final class RunnerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("gitbridge listening on (http://\\S+)");

    private final Process process;
    private final Path log;
    private final URI url;

    private RunnerProcess(Process process, Path log, URI url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /**
     * Starts a runner on a free port with {@code dataDir}, and returns once it answers HTTP.
     *
     * @param adminToken the token set in {@code GITBRIDGE_ADMIN_TOKEN}, or null to leave it unset
     */
    static RunnerProcess start(Path dataDir, String adminToken, int retryAfterSeconds) throws IOException,
            InterruptedException {
        return start(dataDir, adminToken, retryAfterSeconds, java.util.Map.of());
    }

    /** As {@link #start(Path, String, int)}, with {@code environment} added to the runner's environment. */
    static RunnerProcess start(Path dataDir, String adminToken, int retryAfterSeconds,
                               java.util.Map<String, String> environment) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-runner-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-D" + LocalRunner.RETRY_AFTER_PROPERTY + "=" + retryAfterSeconds,
                "-cp", System.getProperty("java.class.path"), LocalRunner.class.getName(),
                "--port", "0", "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (adminToken == null) {
            builder.environment().remove("GITBRIDGE_ADMIN_TOKEN");
        } else {
            builder.environment().put("GITBRIDGE_ADMIN_TOKEN", adminToken);
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (listening.find()) {
                return new RunnerProcess(process, log, URI.create(listening.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the runner did not start: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    URI url() {
        return url;
    }

    /** Everything the runner printed so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGKILL: no shutdown hook runs. Returns the exit code (137). */
    int kill9() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM: the runner's shutdown hook stops it. Returns the exit code (143). */
    int sigterm() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    private int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the runner did not exit within 30 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

}
