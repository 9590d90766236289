package io.gitbridge.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin token the runner generates when {@code GITBRIDGE_ADMIN_TOKEN} is not set, kept in the data directory as
 * {@value #FILE_NAME} (mode 0600, created so before the token is written) and reused by every later start on that
 * directory. Deleting the file rotates it: the next start generates a new one.
 */
final class AdminTokenFile {

    /** The file's name in the data directory; one of {@link DataDirectory#ENTRIES}. */
    static final String FILE_NAME = "admin-token";
    private static final int TOKEN_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminTokenFile() {
    }

    /** Where the token of the data directory {@code dataDir} is kept. */
    static Path of(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * The token kept in {@code dataDir}, generated and stored first when there is none.
     *
     * @throws IOException when the file cannot be read or written, or holds no usable token (the message says to
     *         delete it)
     */
    static String readOrCreate(Path dataDir) throws IOException {
        Path file = of(dataDir);
        if (!Files.exists(file)) {
            String token = newToken();
            try {
                FileAttribute<?>[] ownerOnly = Files.getFileStore(dataDir)
                        .supportsFileAttributeView(PosixFileAttributeView.class)
                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------"))}
                        : new FileAttribute<?>[0];
                Files.createFile(file, ownerOnly);
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                return token;
            } catch (FileAlreadyExistsException e) {
                // Another start created it meanwhile: read theirs.
            }
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IOException(file + " holds no usable admin token; delete it to have a new one generated");
        }
        return token;
    }

    private static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
