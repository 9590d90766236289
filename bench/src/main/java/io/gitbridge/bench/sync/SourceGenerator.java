package io.gitbridge.bench.sync;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes {@code git fast-import} streams: a source history of N commits over {@value #FILES} files of
 * {@value #LINES} lines in {@value #DIRS} directories, each commit changing a line or two in one to three files (the
 * first adds them all), and single new commits on top of it. Deterministic for a given N.
 */
final class SourceGenerator {

    static final int FILES = 300;
    static final int LINES = 30;
    static final int DIRS = 20;
    /** Commit times of the generated history: one a minute from here; new commits get the current time. */
    private static final long HISTORY_START = 1_600_000_000L;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

    private SourceGenerator() {
    }

    /** Imports a history of {@code commits} commits into {@code refs/heads/main} of the (bare) repository. */
    static void history(Path repository, int commits) throws IOException, InterruptedException {
        Random random = new Random(commits);
        List<String[]> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            String[] lines = new String[LINES];
            for (int l = 0; l < LINES; l++) {
                lines[l] = line(random, f, l);
            }
            files.add(lines);
        }
        Process importer = fastImport(repository);
        try (OutputStream out = new BufferedOutputStream(importer.getOutputStream(), 1 << 16)) {
            for (int c = 0; c < commits; c++) {
                StringBuilder changes = new StringBuilder();
                if (c == 0) {
                    for (int f = 0; f < FILES; f++) {
                        modify(changes, f, files.get(f));
                    }
                } else {
                    int touched = 1 + random.nextInt(3);
                    for (int t = 0; t < touched; t++) {
                        int f = random.nextInt(FILES);
                        String[] lines = files.get(f);
                        int edits = 1 + random.nextInt(2);
                        for (int e = 0; e < edits; e++) {
                            int l = random.nextInt(LINES);
                            lines[l] = line(random, f, l);
                        }
                        modify(changes, f, lines);
                    }
                }
                commit(out, HISTORY_START + 60L * c, "Change " + c + "\n", changes, null);
            }
        }
        await(importer, "git fast-import");
    }

    /** Imports one new commit on top of {@code refs/heads/main} that rewrites one file (30 lines, about 1 KB), dated now. */
    static void newCommit(Path repository, int round) throws IOException, InterruptedException {
        Random random = new Random(round * 7919L);
        int f = random.nextInt(FILES);
        String[] lines = new String[LINES];
        for (int l = 0; l < LINES; l++) {
            lines[l] = "line " + l + " of file " + f + ": " + WORDS[l % WORDS.length];
        }
        // The time makes the content new to repositories that earlier runs added rounds to.
        lines[round % LINES] = "changed in round " + round + " at " + System.nanoTime() + ": "
                + WORDS[random.nextInt(WORDS.length)];
        StringBuilder changes = new StringBuilder();
        modify(changes, f, lines);
        Process importer = fastImport(repository);
        try (OutputStream out = importer.getOutputStream()) {
            commit(out, System.currentTimeMillis() / 1000, "Round " + round + "\n", changes, "refs/heads/main^0");
        }
        await(importer, "git fast-import");
    }

    /** Adds {@code platform/config.yml} on top of {@code refs/heads/main}: the build branch's own change. */
    static void buildOnlyCommit(Path repository) throws IOException, InterruptedException {
        StringBuilder changes = new StringBuilder();
        data(changes.append("M 100644 inline platform/config.yml\n"), "runtime: java21\nreplicas: 2\n");
        Process importer = fastImport(repository);
        try (OutputStream out = importer.getOutputStream()) {
            commit(out, HISTORY_START + 60L * 10_000_000, "Platform configuration\n", changes, "refs/heads/main^0");
        }
        await(importer, "git fast-import");
    }

    private static String line(Random random, int file, int line) {
        return "line " + line + " of file " + file + ": " + WORDS[random.nextInt(WORDS.length)] + " "
                + WORDS[random.nextInt(WORDS.length)] + " " + random.nextInt(1_000_000);
    }

    private static void modify(StringBuilder changes, int file, String[] lines) {
        changes.append("M 100644 inline src/m").append(file % DIRS).append("/f").append(file).append(".txt\n");
        data(changes, String.join("\n", lines) + "\n");
    }

    private static void data(StringBuilder out, String content) {
        out.append("data ").append(content.getBytes(StandardCharsets.UTF_8).length).append('\n').append(content)
                .append('\n');
    }

    private static void commit(OutputStream out, long time, String message, StringBuilder changes, String from)
            throws IOException {
        StringBuilder commit = new StringBuilder("commit refs/heads/main\n");
        commit.append("committer Dev <dev@example.com> ").append(time).append(" +0000\n");
        data(commit, message);
        if (from != null) {
            commit.append("from ").append(from).append('\n');
        }
        commit.append(changes).append('\n');
        out.write(commit.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Process fastImport(Path repository) throws IOException {
        return new ProcessBuilder("git", "-C", repository.toString(), "fast-import", "--quiet")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void await(Process process, String what) throws InterruptedException {
        if (process.waitFor() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + process.exitValue());
        }
    }
}
