package io.gitbridge.testkit.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An S3-compatible server for tests: <a href="https://github.com/gaul/s3proxy">S3Proxy</a> (Apache 2.0) from its
 * self-contained jar on Maven Central ({@code org.gaul:s3proxy:<version>:jar-with-dependencies}), run as a child
 * process on {@code 127.0.0.1} with its in-memory ("transient") blob store and AWS signature checks on. No Docker.
 *
 * <p>The jar's path comes from the system property {@value #JAR_PROPERTY}, which the modules that use it set in
 * their Failsafe configuration after copying the jar (maven-dependency-plugin). Close the server to kill the
 * process; everything it stored is gone.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** The system property naming S3Proxy's jar-with-dependencies. */
    public static final String JAR_PROPERTY = "s3proxy.jar";
    /** The access key id the server accepts. */
    public static final String ACCESS_KEY = "gitbridge-test";
    /** The secret key the server accepts. */
    public static final String SECRET_KEY = "gitbridge-test-secret";

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private S3ProxyServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts S3Proxy from the jar {@value #JAR_PROPERTY} names, with its files in {@code workDir}, and waits until it
     * answers HTTP.
     *
     * @throws IllegalStateException when the property is unset, the jar is missing, or the server does not answer
     *         within a minute
     */
    public static S3ProxyServer start(Path workDir) {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy's jar is not available: set -D" + JAR_PROPERTY
                    + " to org.gaul:s3proxy:jar-with-dependencies (the module's pre-integration-test phase copies it)");
        }
        return start(Path.of(jar), workDir);
    }

    /** Starts S3Proxy from {@code jar} with its files in {@code workDir}; see {@link #start(Path)}. */
    public static S3ProxyServer start(Path jar, Path workDir) {
        try {
            Files.createDirectories(workDir);
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path properties = workDir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=transient",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY, ""), StandardCharsets.UTF_8);
            Path log = workDir.resolve("s3proxy.log");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m",
                    "-jar", jar.toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            S3ProxyServer server = new S3ProxyServer(process, endpoint, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    /** The server's endpoint, {@code http://127.0.0.1:<port>}; use path-style addressing. */
    public URI endpoint() {
        return endpoint;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + tail());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not answer within " + STARTUP.toSeconds() + " s: " + tail());
    }

    private String tail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }

    /** Kills the process (its blobs live in memory and go with it). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
