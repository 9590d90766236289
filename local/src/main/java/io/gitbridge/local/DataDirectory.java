package io.gitbridge.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The runner's data directory holds every webhook secret (DynamoDB Local's file), the token key, the queued syncs
 * and the git caches: a directory the runner creates (or finds holding only its own entries) is made 0700, and everything gitbridge keeps
 * in it is made owner-only (directories 0700, files 0600). DynamoDB Local, H2 and JGit create their own files with
 * the process umask; {@link #tighten} fixes their modes at start and at stop. Only gitbridge's own entries
 * ({@link #ENTRIES}) are touched: a data directory given as an existing folder with other files in it (say
 * {@code --data-dir .}) keeps its own mode and its other files keep theirs. On file systems without POSIX
 * permissions nothing is changed.
 */
final class DataDirectory {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * What the runner keeps in its data directory: DynamoDB Local, the durable queue, work repositories, the key, the
     * generated admin token.
     */
    static final Set<String> ENTRIES = Set.of("dynamodb", LocalRunner.SQS_DIR, "git", "token-key",
            AdminTokenFile.FILE_NAME);

    private DataDirectory() {
    }

    /** Creates {@code dir} (and missing parents); makes it 0700 when it was missing or holds only gitbridge's entries. */
    static Path create(Path dir) throws IOException {
        boolean fresh = !Files.exists(dir) || onlyOwnEntries(dir);
        Files.createDirectories(dir);
        if (fresh && posix(dir)) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
        return dir;
    }

    /**
     * Makes every directory among gitbridge's entries of {@code dir}, and below them, 0700 and every file 0600;
     * symbolic links are not followed.
     */
    static void tighten(Path dir) throws IOException {
        if (!Files.isDirectory(dir) || !posix(dir)) {
            return;
        }
        for (String entry : ENTRIES) {
            Path path = dir.resolve(entry);
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                tightenTree(path);
            }
        }
    }

    private static boolean onlyOwnEntries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.allMatch(entry -> ENTRIES.contains(entry.getFileName().toString()));
        }
    }

    private static void tightenTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes) throws IOException {
                return restrict(d, DIRECTORY) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    restrict(file, FILE);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A file deleted while walking (a temporary one) needs no permissions.
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** False when the path vanished meanwhile (a journal or temporary file a service deleted). */
    private static boolean restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static boolean posix(Path dir) throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
