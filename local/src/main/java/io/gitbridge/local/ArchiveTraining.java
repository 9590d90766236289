package io.gitbridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The AppCDS training run of the runner's jar, run by {@code mvn package} with {@code -XX:ArchiveClassesAtExit}
 * (local/pom.xml): starts the runner on a fresh data directory, creates a hook (an admin call), serves one signed
 * GitHub push end to end (answered, queued, synced into a build repository) and exits, so that the archive holds what
 * a start and a first delivery load. It writes {@code gitbridge-local.jsa.properties} next to the jar, which {@link
 * ArchivedLaunch} checks before it uses the archive. Every wait is bounded, and a watchdog ends the run after {@link
 * #LIMIT}: a failed or stopped training leaves no archive description, and the runner then runs without one.
 */
final class ArchiveTraining {

    static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String TOKEN = "training-admin-token-" + UUID.randomUUID();
    private static final String SECRET = "training-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = ArchivedLaunch.jar().orElseThrow(() -> new IllegalStateException("not run from a jar"));
        Files.deleteIfExists(ArchivedLaunch.descriptionOf(jar));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LIMIT.toMillis());
                System.err.println("archive training stopped after " + LIMIT.toSeconds() + " s; no archive");
                Runtime.getRuntime().halt(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "training-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Instant started = Instant.now();
        Path dir = Files.createTempDirectory("gitbridge-training");
        PrintStream console = System.out;
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve("runner.log")), true,
                StandardCharsets.UTF_8)) {
            System.setOut(log);  // the runner's log lines, not the build's
            String phases = train(dir, started);
            System.setOut(console);
            console.println("archive training: " + phases);
            ArchivedLaunch.writeDescription(jar);
        } catch (Exception e) {
            System.setOut(console);
            // The build goes on: the runner runs without an archive (no description, and halt writes none).
            System.err.println("archive training failed, no archive: " + e);
            tail(dir.resolve("runner.log"));
            deleteTree(dir);
            Runtime.getRuntime().halt(0);
        }
        deleteTree(dir);
        console.println("archive training: done in " + Duration.between(started, Instant.now()).toMillis() + " ms");
        System.exit(0);
    }

    /** Returns when each step ended, in ms from {@code started}. */
    private static String train(Path dir, Instant started) throws Exception {
        StringBuilder phases = new StringBuilder();
        Path source = dir.resolve("source");
        Path build = dir.resolve("build.git");
        RevCommit commit;
        try (Git git = Git.init().setDirectory(source.toFile()).setInitialBranch("main").call()) {
            Files.writeString(source.resolve("README.md"), "training\n");
            git.add().addFilepattern("README.md").call();
            commit = git.commit().setMessage("training").setAuthor("gitbridge", "training@example.invalid")
                    .setCommitter("gitbridge", "training@example.invalid").setSign(false).call();
        }
        Git.init().setBare(true).setDirectory(build.toFile()).setInitialBranch("main").call().close();

        LocalLogging.configure();
        try (LocalRunner runner = LocalRunner.start(
                RunnerOptions.parse("--port", "0", "--data-dir", dir.resolve("data").toString()), TOKEN)) {
            phase(phases, "listening", started);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            ObjectNode hook = JSON.createObjectNode().put("project", "training").put("provider", "github")
                    .put("sourceRepo", source.toUri().toString()).put("branch", "main").put("secret", SECRET)
                    .put("buildRepo", build.toUri().toString());
            hook.putObject("events").put("push", true).put("ci", false);
            JsonNode created = send(http, admin(runner.url().resolve("/hooks"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(hook.toString())), 201);
            String hookId = created.path("id").asText();
            phase(phases, "hook created", started);

            ObjectNode push = JSON.createObjectNode().put("ref", "refs/heads/main")
                    .put("before", "0000000000000000000000000000000000000000").put("after", commit.name())
                    .put("deleted", false);
            push.putObject("repository").put("full_name", "training/source")
                    .put("clone_url", source.toUri().toString());
            byte[] body = push.toString().getBytes(StandardCharsets.UTF_8);
            send(http, HttpRequest.newBuilder(runner.url().resolve("/webhooks/" + hookId))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", "sha256=" + hmacSha256(SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 202);
            phase(phases, "delivery answered", started);

            Instant deadline = Instant.now().plus(LIMIT.dividedBy(2));
            while (true) {
                JsonNode page = send(http, admin(runner.url().resolve("/hooks/" + hookId + "/deliveries")).GET(), 200);
                String status = page.path("_embedded").path("deliveries").path(0).path("sync").path("status").asText();
                if (status.equals("synced")) {
                    phase(phases, "delivery synced", started);
                    return phases.toString();
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the training delivery was not synced in time: " + page);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void phase(StringBuilder phases, String name, Instant started) {
        phases.append(phases.length() == 0 ? "" : ", ").append(name).append(" at ")
                .append(Duration.between(started, Instant.now()).toMillis()).append(" ms");
    }

    private static HttpRequest.Builder admin(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder request, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String hmacSha256(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** The runner's last log lines, to say why a training failed. */
    private static void tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("(no runner log: " + e.getMessage() + ")");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("archive training: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
