package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner reads and writes refs of file repositories in-process, with file names in the JVM's
 * {@code sun.jnu.encoding}; a real runner process started under {@code LC_ALL=C} (ASCII file names, where a branch
 * such as {@code fix-café} is not found) refuses to start and names the environment variable to set.
 */
class LocalRunnerLocaleIT {

    @TempDir
    Path tmp;

    @Test
    void runner_refusesToStart_underThePosixLocale_namingTheVariableToSet() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRunner.class.getName(),
                "--port", "0", "--data-dir", tmp.resolve("data").toString()))
                .redirectErrorStream(true);
        builder.environment().remove("LANG");
        builder.environment().remove("LC_CTYPE");
        builder.environment().put("LC_ALL", "C");
        Process runner = builder.start();
        String output = new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).isEqualTo(2);
        assertThat(output).contains("gitbridge cannot start: this JVM writes file names as ANSI_X3.4-1968"
                + " (sun.jnu.encoding, taken from the locale)")
                .contains("set the environment variable LC_ALL=C.UTF-8");
        assertThat(Files.exists(tmp.resolve("data"))).as("nothing was started").isFalse();
    }
}
