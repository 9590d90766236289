package io.gitbridge.testkit.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Writes a linear history of {@code refs/heads/main} into a bare repository with the {@code git fast-import} command
 * line (which must be on the {@code PATH}): thousands of commits in seconds, the same ones for the same seed.
 */
public final class FastImportHistory {

    private FastImportHistory() {
    }

    /**
     * Appends {@code commits} commits to {@code refs/heads/main} of the bare repository {@code repo}, each rewriting one
     * of {@code files} files with {@code bytesPerFile} bytes of seeded random text (which does not compress away).
     *
     * @param seed makes the content and the commit times; use another one for each call on the same repository
     * @param fromExisting true to continue the branch's existing history, false when the repository is empty
     * @throws IllegalStateException when git fails or takes longer than ten minutes
     */
    public static void append(Path repo, int commits, int files, int bytesPerFile, long seed, boolean fromExisting) {
        Random random = new Random(seed);
        try {
            Process process = new ProcessBuilder(List.of("git", "-C", repo.toString(), "fast-import", "--quiet"))
                    .redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                for (int i = 0; i < commits; i++) {
                    StringBuilder text = new StringBuilder(bytesPerFile + 64);
                    while (text.length() < bytesPerFile) {
                        text.append(Long.toString(random.nextLong(), 36)).append(i % 7 == 0 ? '\n' : ' ');
                    }
                    byte[] content = text.toString().getBytes(StandardCharsets.US_ASCII);
                    byte[] message = ("commit " + seed + "-" + i + "\n").getBytes(StandardCharsets.US_ASCII);
                    long time = 1_700_000_000L + seed * 1_000_000 + i;
                    StringBuilder header = new StringBuilder()
                            .append("commit refs/heads/main\n")
                            .append("committer Dev <dev@example.com> ").append(time).append(" +0000\n")
                            .append("data ").append(message.length).append('\n');
                    in.write(header.toString().getBytes(StandardCharsets.US_ASCII));
                    in.write(message);
                    if (i == 0 && fromExisting) {
                        in.write("from refs/heads/main^0\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    in.write(("M 100644 inline file-" + (i % files) + ".txt\ndata " + content.length + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    in.write(content);
                    in.write('\n');
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git fast-import failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run git fast-import", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
