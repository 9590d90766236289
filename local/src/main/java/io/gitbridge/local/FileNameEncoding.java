package io.gitbridge.local;

import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Whether this JVM can name files with any git ref name. The local runner reads and writes refs of {@code file://}
 * repositories in-process, and JGit stores a ref as a file named after it; the JVM turns those names into bytes with
 * {@code sun.jnu.encoding}, which on Linux comes from the locale at start-up and cannot be changed afterwards. Under a
 * POSIX/C locale it is ASCII, and a branch such as {@code fix-café} can neither be found nor written.
 */
final class FileNameEncoding {

    /** Names that every usable encoding must carry: accents, non-Latin scripts, characters outside the BMP. */
    private static final String SAMPLE = "fix-café-日本-\uD83D\uDE80";

    private FileNameEncoding() {
    }

    /** Why the runner cannot start with file names in {@code encoding}; empty when it can. */
    static Optional<String> problem(String encoding) {
        boolean usable;
        try {
            Charset charset = Charset.forName(encoding == null ? "" : encoding);
            usable = charset.newEncoder().canEncode(SAMPLE)
                    && new String(SAMPLE.getBytes(charset), charset).equals(SAMPLE);
        } catch (IllegalArgumentException e) {
            // IllegalCharsetNameException, UnsupportedCharsetException, or no name at all.
            usable = false;
        }
        if (usable) {
            return Optional.empty();
        }
        return Optional.of("gitbridge cannot start: this JVM writes file names as " + encoding + " (sun.jnu.encoding,"
                + " taken from the locale), so branches whose names are not plain ASCII (an accent, say) would fail"
                + " to sync. Start it under a UTF-8 locale: set the environment variable LC_ALL=C.UTF-8 (or"
                + " LANG=C.UTF-8).");
    }
}
