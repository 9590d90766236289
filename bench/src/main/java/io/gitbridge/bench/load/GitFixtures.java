package io.gitbridge.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The repositories a load run syncs: for each hook a bare source repository with one commit on {@code main} and an
 * empty bare build repository, made with C git so the harness needs no git library.
 */
final class GitFixtures {

    static final String BRANCH = "main";

    private GitFixtures() {
    }

    /** A pair of repositories for one hook, and the commit the source's {@code main} holds. */
    record HookRepos(Path source, Path build, String commit) {
    }

    static HookRepos create(Path dir, int index) throws IOException, InterruptedException {
        Path source = dir.resolve("source-" + index + ".git");
        Path build = dir.resolve("build-" + index + ".git");
        Path work = dir.resolve("work-" + index);
        git(dir, "init", "-q", "--bare", "-b", BRANCH, source.toString());
        git(dir, "init", "-q", "--bare", build.toString());
        git(dir, "init", "-q", "-b", BRANCH, work.toString());
        Files.writeString(work.resolve("app.txt"), "hook " + index + "\n");
        git(work, "add", "app.txt");
        git(work, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "app");
        git(work, "push", "-q", source.toUri().toString(), BRANCH);
        String commit = git(work, "rev-parse", "HEAD").strip();
        return new HookRepos(source, build, commit);
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
