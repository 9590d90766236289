package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin token a runner generates without {@code GITBRIDGE_ADMIN_TOKEN}: kept in the data directory (0600), the
 * same after a real restart of the process, a new one once the file is deleted, unused when the variable is set.
 */
class LocalRunnerAdminTokenIT {

    private static final Pattern PRINTED = Pattern.compile("admin token \\(kept in (\\S+): .*\\): (\\S+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    @Test
    void generatedToken_isKeptInTheDataDirectory_reusedAfterARestart_andRenewedWhenTheFileIsDeleted()
            throws Exception {
        Path data = tmp.resolve("data");
        Path file = data.resolve("admin-token");
        String first;
        try (RunnerProcess runner = RunnerProcess.start(data, null, 1)) {
            Matcher printed = printed(runner);
            first = printed.group(2);
            assertThat(Path.of(printed.group(1))).isEqualTo(file);
            assertThat(Files.readString(file, StandardCharsets.UTF_8).strip()).isEqualTo(first);
            assertThat(first).matches("[A-Za-z0-9_-]{32}");
            if (Files.getFileStore(data).supportsFileAttributeView(PosixFileAttributeView.class)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
            assertThat(listHooks(runner.url(), first)).isEqualTo(200);
            assertThat(listHooks(runner.url(), "not-the-token")).isEqualTo(401);
            assertThat(runner.sigterm()).isEqualTo(143);
        }

        try (RunnerProcess restarted = RunnerProcess.start(data, null, 1)) {
            assertThat(printed(restarted).group(2)).isEqualTo(first);
            assertThat(listHooks(restarted.url(), first)).isEqualTo(200);
            restarted.sigterm();
        }

        Files.delete(file);
        try (RunnerProcess renewed = RunnerProcess.start(data, null, 1)) {
            String second = printed(renewed).group(2);
            assertThat(second).isNotEqualTo(first);
            assertThat(Files.readString(file, StandardCharsets.UTF_8).strip()).isEqualTo(second);
            assertThat(listHooks(renewed.url(), first)).isEqualTo(401);
            assertThat(listHooks(renewed.url(), second)).isEqualTo(200);
        }
    }

    @Test
    void tokenFromTheEnvironment_isUsed_andNoFileIsWritten() throws Exception {
        Path data = tmp.resolve("data");
        try (RunnerProcess runner = RunnerProcess.start(data, "token-from-the-environment", 1)) {
            assertThat(listHooks(runner.url(), "token-from-the-environment")).isEqualTo(200);
            assertThat(runner.output()).doesNotContain("admin token (kept in");
            assertThat(data.resolve("admin-token")).doesNotExist();
        }
    }

    @Test
    void unusableTokenFile_stopsTheStart_sayingToDeleteIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("admin-token"), "  \n");

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> RunnerProcess.start(data, null, 1));

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gitbridge could not start: " + data.resolve("admin-token")
                        + " holds no usable admin token; delete it to have a new one generated");
    }

    private static Matcher printed(RunnerProcess runner) throws Exception {
        Matcher printed = PRINTED.matcher(runner.output());
        assertThat(printed.find()).as(runner.output()).isTrue();
        return printed;
    }

    private int listHooks(URI base, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/hooks")).header("authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
