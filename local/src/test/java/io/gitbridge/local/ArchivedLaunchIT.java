package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar target/gitbridge-local.jar} as users run it, with the AppCDS archive {@code mvn package} trained
 * next to it ({@link ArchiveTraining}): the runner runs in a child JVM that maps the archive, ends with its launcher
 * even on SIGKILL, and still runs the runner when the archive cannot be mapped.
 */
class ArchivedLaunchIT {

    private static final Path JAR = Path.of("target", "gitbridge-local.jar").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("gitbridge listening on (http://\\S+)");
    private static final String TOKEN = "archived-launch-it-admin-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<Process, Path> logs = new HashMap<>();
    private Path dir;
    private Process launcher;

    @BeforeEach
    void createDirectory() throws IOException {
        // Under target/, on the jar's file system, so that the jar can be hard-linked (same size and time).
        dir = Files.createTempDirectory(JAR.getParent(), "archived-launch-it");
    }

    @AfterEach
    void stopAndDelete() throws Exception {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void javaJar_runsTheRunnerInAChildJvmMappingTheArchive_thatEndsWithItsLauncherOnSigkill() throws Exception {
        Path archive = ArchivedLaunch.archiveOf(JAR);
        assertThat(ArchivedLaunch.fittingArchive(JAR)).as("mvn package's training run wrote a fitting archive")
                .contains(archive);
        Path data = dir.resolve("data");
        launcher = start(JAR, data, Map.of());
        URI url = awaitListening(launcher);

        List<ProcessHandle> children = launcher.toHandle().children().toList();
        assertThat(children).hasSize(1);
        ProcessHandle child = children.get(0);
        assertThat(child.info().arguments().orElseThrow()).contains("-XX:SharedArchiveFile=" + archive,
                "-D" + ArchivedLaunch.CHILD_PROPERTY + "=true", LocalRunner.class.getName(), "--data-dir",
                data.toString());
        assertThat(Files.readString(Path.of("/proc", Long.toString(child.pid()), "maps")))
                .as("the child JVM maps the archive").contains(archive.toString());
        assertThat(listHooks(url).statusCode()).isEqualTo(200);

        launcher.destroyForcibly();
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Instant deadline = Instant.now().plusSeconds(20);
        boolean refused = false;
        while (!refused && Instant.now().isBefore(deadline)) {
            try {
                listHooks(url);
                Thread.sleep(100);
            } catch (ConnectException e) {
                refused = true;
            }
        }
        assertThat(refused).as("the runner stopped answering once its launcher was killed").isTrue();
    }

    @Test
    void javaJar_withAFittingDescriptionOfAnArchiveTheJvmCannotMap_stillRunsTheRunner_andPassesItsExitCodeOn()
            throws Exception {
        Path jar = dir.resolve("gitbridge-local.jar");
        Files.createLink(jar, JAR);
        Files.writeString(ArchivedLaunch.archiveOf(jar), "not a class data archive");
        ArchivedLaunch.writeDescription(jar);
        assertThat(ArchivedLaunch.fittingArchive(jar)).as("so the launcher relaunches with it").isPresent();
        Path log = dir.resolve("help.log");
        Process help = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--help").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The child JVM ignored the archive it could not map, ran the runner (which refuses --help with its usage,
        // exit 2), and the launcher exited with the child's code.
        assertThat(help.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("GITBRIDGE_APPCDS=off")
                .doesNotContain("Exception");
    }

    private Process start(Path jar, Path data, Map<String, String> environment) throws IOException {
        Path log = dir.resolve("runner-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("GITBRIDGE_ADMIN_TOKEN", TOKEN);
        builder.environment().remove(ArchivedLaunch.SWITCH);
        builder.environment().putAll(environment);
        Process process = builder.start();
        logs.put(process, log);
        return process;
    }

    private URI awaitListening(Process process) throws IOException, InterruptedException {
        Path log = logs.get(process);
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher listening = LISTENING.matcher(output);
            if (listening.find()) {
                return URI.create(listening.group(1));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the runner did not start: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> listHooks(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url.resolve("/hooks")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
