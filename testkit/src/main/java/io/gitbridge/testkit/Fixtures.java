package io.gitbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fixture files under the repository's {@code events/} directory, the same ones {@code sam local invoke} uses. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The {@code events/} directory, found from the working directory of any module. */
    public static Path eventsDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("events")) && Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("events");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no events/ directory above " + Path.of("").toAbsolutePath());
    }

    /** The exact bytes of {@code events/<relative>}. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(eventsDir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of {@code events/<relative>}. */
    public static String text(String relative) {
        return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }
}
