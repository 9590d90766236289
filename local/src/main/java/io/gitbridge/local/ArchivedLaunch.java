package io.gitbridge.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code java -jar gitbridge-local.jar} use the AppCDS archive built for that jar at package time
 * ({@link ArchiveTraining}): the runner then runs in a child JVM started with {@code -XX:SharedArchiveFile}, which maps
 * the classes a start and a first delivery need instead of loading them (a jar's manifest cannot name JVM options).
 * Fail soft: without an archive, with one built for another JVM or another build of the jar, with {@code
 * GITBRIDGE_APPCDS=off}, with JVM options a second JVM must not repeat (agents, debuggers, flight recordings, other
 * class-data sharing options), or when the child cannot be started, the runner runs in this JVM as before.
 *
 * <p>The child's standard input is a pipe from this JVM: when this JVM ends, even by SIGKILL, the child sees its end
 * and halts, so no runner outlives the process its user started. SIGTERM and SIGINT reach the child through this
 * JVM's shutdown hook (SIGTERM to the child, then a bounded wait), so it stops as the runner always does.
 */
final class ArchivedLaunch {

    /** {@code GITBRIDGE_APPCDS=off} runs the runner in the JVM the user started, without the archive. */
    static final String SWITCH = "GITBRIDGE_APPCDS";
    /** Set on the child, so that it does not launch again and halts when its parent is gone. */
    static final String CHILD_PROPERTY = "gitbridge.appcds.child";
    /** Keys of the file next to the archive that says what the archive was built for. */
    static final String VM_VERSION = "java.vm.version";
    static final String JAVA_HOME = "java.home";
    static final String JAR = "jar";
    static final String JAR_SIZE = "jar.size";
    static final String JAR_MODIFIED = "jar.lastModified";
    /** Options whose effect a second JVM would repeat or which belong to the JVM the user started. */
    private static final List<String> KEEP_IN_THIS_JVM = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrun",
            "-Xdebug", "-Xshare", "-Xlog", "-Xloggc", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive", "-XX:AOT", "-XX:DumpLoadedClassList", "-XX:SharedClassListFile",
            "-XX:StartFlightRecording", "-XX:+StartFlightRecording", "-XX:FlightRecorderOptions", "-D" + CHILD_PROPERTY);
    private static final long STOP_WAIT_SECONDS = 60;

    private ArchivedLaunch() {
    }

    /**
     * Runs the runner in a child JVM with the archive and returns the child's exit code once it has ended, or empty
     * when the runner is to run in this JVM (see the class comment). In the child, starts the watch on the parent.
     */
    static OptionalInt run(String[] args) {
        if (System.getProperty(CHILD_PROPERTY) != null) {
            haltWhenParentEnds();
            return OptionalInt.empty();
        }
        if ("off".equalsIgnoreCase(System.getenv(SWITCH))) {
            return OptionalInt.empty();
        }
        Optional<Path> jar = jar();
        Optional<Path> archive = jar.flatMap(ArchivedLaunch::fittingArchive);
        if (archive.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (jvmOptions.stream().anyMatch(option -> KEEP_IN_THIS_JVM.stream().anyMatch(option::startsWith))) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-XX:SharedArchiveFile=" + archive.get());
        // A mismatch the file next to the archive did not catch falls back to loading classes, silently.
        command.add("-Xshare:auto");
        command.add("-Xlog:cds=off");
        command.add("-Xlog:cds+dynamic=off");
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.add("-cp");
        command.add(jar.get().toString());
        command.add(LocalRunner.class.getName());
        command.addAll(List.of(args));
        Process child;
        try {
            child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException | RuntimeException e) {
            System.err.println("gitbridge: starting without the class archive (" + e.getMessage() + ")");
            return OptionalInt.empty();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "gitbridge-stop-child"));
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // Only a signal ends this JVM's wait; its shutdown hook stops the child.
            }
        }
    }

    /** The archive next to {@code jar}, if the file beside it says it was built from this jar for this JVM. */
    static Optional<Path> fittingArchive(Path jar) {
        Path archive = archiveOf(jar);
        Path description = descriptionOf(jar);
        if (!Files.isRegularFile(archive) || !Files.isRegularFile(description)) {
            return Optional.empty();
        }
        try (Reader in = Files.newBufferedReader(description, StandardCharsets.UTF_8)) {
            Properties built = new Properties();
            built.load(in);
            return built.equals(description(jar)) ? Optional.of(archive) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * What an archive built now from {@code jar} fits, as the JVM checks it too: this JVM's build and home, the jar's
     * path, size and modification time.
     */
    static Properties description(Path jar) throws IOException {
        Properties description = new Properties();
        description.setProperty(VM_VERSION, System.getProperty("java.vm.version"));
        description.setProperty(JAVA_HOME, System.getProperty("java.home"));
        description.setProperty(JAR, jar.toString());
        description.setProperty(JAR_SIZE, Long.toString(Files.size(jar)));
        description.setProperty(JAR_MODIFIED, Long.toString(Files.getLastModifiedTime(jar).toMillis()));
        return description;
    }

    /** Writes {@link #description} next to the archive (the training run, before the JVM writes the archive). */
    static void writeDescription(Path jar) throws IOException {
        try (Writer out = Files.newBufferedWriter(descriptionOf(jar), StandardCharsets.UTF_8)) {
            description(jar).store(out, "what " + archiveOf(jar).getFileName() + " was built for (ArchiveTraining)");
        }
    }

    /** {@code gitbridge-local.jsa} for {@code gitbridge-local.jar}. */
    static Path archiveOf(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    }

    /** {@code gitbridge-local.jsa.properties}: what the archive was built for. */
    static Path descriptionOf(Path jar) {
        return archiveOf(jar).resolveSibling(archiveOf(jar).getFileName() + ".properties");
    }

    /** The jar this class runs from, absolute, or empty when it runs from a directory (tests, an IDE). */
    static Optional<Path> jar() {
        try {
            CodeSource source = ArchivedLaunch.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return path.toString().endsWith(".jar") && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void stop(Process child) {
        child.destroy();
        try {
            if (!child.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** In the child: standard input is the parent's pipe; its end means the parent is gone (even by SIGKILL). */
    private static void haltWhenParentEnds() {
        Thread watch = new Thread(() -> {
            try {
                InputStream parent = System.in;
                while (parent.read() >= 0) {
                    // The parent writes nothing; the read returns at its end.
                }
            } catch (IOException e) {
                // Same as the end: the pipe is gone.
            }
            Runtime.getRuntime().halt(1);
        }, "gitbridge-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
