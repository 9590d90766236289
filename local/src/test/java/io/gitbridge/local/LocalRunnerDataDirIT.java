package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.git.GitRepos;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory holds every webhook secret: nobody but its owner may read anything in it. */
class LocalRunnerDataDirIT {

    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path tmp;

    @Test
    void start_makesTheDataDirectory0700_andEveryFileInIt0600() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class));
        Path data = tmp.resolve("data");
        // A directory left world-readable by an older version, with a file in it.
        Files.createDirectories(data.resolve("git"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(data.resolve("git/old-file"), "left over");
        Files.setPosixFilePermissions(data.resolve("git/old-file"), PosixFilePermissions.fromString("rw-r--r--"));
        RunnerOptions options = new RunnerOptions(0, data, Optional.empty(), Optional.empty());

        try (LocalRunner runner = LocalRunner.start(options, "data-dir-admin-token")) {
            ObjectNode create = Json.MAPPER.createObjectNode()
                    .put("project", "perm-app")
                    .put("provider", "github")
                    .put("sourceRepo", GitRepos.fileUri(GitRepos.createBare(tmp.resolve("source.git"))).toString())
                    .put("branch", "main")
                    .put("secret", "a-secret-that-must-stay-private")
                    .put("buildRepo", GitRepos.fileUri(GitRepos.createBare(tmp.resolve("build.git"))).toString());
            create.putObject("events").put("push", true).put("ci", false);
            HttpResponse<String> created = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(runner.url().resolve("/hooks"))
                            .header("content-type", "application/json")
                            .header("authorization", "Bearer data-dir-admin-token")
                            .POST(HttpRequest.BodyPublishers.ofString(create.toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertOwnerOnly(data);
            assertThat(everything(data)).anyMatch(p -> p.startsWith(data.resolve("dynamodb")) && Files.isRegularFile(p))
                    .anyMatch(p -> p.startsWith(data.resolve(LocalRunner.SQS_DIR)) && Files.isRegularFile(p));
        }
        assertOwnerOnly(data);
    }

    @Test
    void start_inAFolderWithOtherFiles_leavesTheirModesAndTheFolders() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class));
        Path folder = tmp.resolve("project");
        Files.createDirectories(folder.resolve("sub"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(folder.resolve("sub"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(folder.resolve("script.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(folder.resolve("script.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        RunnerOptions options = new RunnerOptions(0, folder, Optional.empty(), Optional.empty());

        try (LocalRunner runner = LocalRunner.start(options, "data-dir-admin-token")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("dynamodb"))))
                    .isEqualTo("rwx------");
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("script.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("sub"))))
                .isEqualTo("rwxr-xr-x");
        for (String entry : DataDirectory.ENTRIES) {
            if (Files.exists(folder.resolve(entry))) {
                assertOwnerOnly(folder.resolve(entry));
            }
        }
    }

    private static void assertOwnerOnly(Path data) throws Exception {
        for (Path path : everything(data)) {
            Set<PosixFilePermission> permissions;
            try {
                permissions = Files.getPosixFilePermissions(path);
            } catch (NoSuchFileException e) {
                continue; // a journal or temporary file, deleted since the walk listed it
            }
            assertThat(permissions).as("%s is %s", data.relativize(path), PosixFilePermissions.toString(permissions))
                    .doesNotContainAnyElementsOf(OTHERS);
        }
    }

    private static List<Path> everything(Path data) throws Exception {
        try (Stream<Path> paths = Files.walk(data)) {
            return paths.filter(p -> !Files.isSymbolicLink(p)).toList();
        }
    }

}
