package io.gitbridge.bench.load;

import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runner's start with and without its AppCDS archive (issue 11 §1): {@code java -jar gitbridge-local.jar
 * --port 0 --data-dir <fresh>} as users start it, timed from before the process starts to the "gitbridge listening on"
 * line, and on to the first delivery answered (an admin {@code POST /hooks}, then a signed GitHub push answered
 * {@code 202}), with the CPU time of the runner's processes at that point. Two targets take turns in every round
 * (which goes first alternates): {@code archive} (the jar as built, which relaunches itself with the archive) and
 * {@code no-archive} ({@code GITBRIDGE_APPCDS=off}). Prints min / median / max per target and of the per-round ratios.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gitbridge.bench.load.RunnerStart [ROUNDS] [JAR]
 * </pre>
 */
public final class RunnerStart {

    private static final Pattern LISTENING = Pattern.compile("gitbridge listening on (http://\\S+)");
    private static final String TOKEN = "runner-start-admin-token";
    private static final String SECRET = "runner-start-webhook-secret";
    private static final List<String> TARGETS = List.of("archive", "no-archive");

    private RunnerStart() {
    }

    /** One start: ms to listening, ms to the first delivery answered, CPU ms of the runner's processes then. */
    record Sample(double listeningMs, double answeredMs, double cpuMs) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path jar = Path.of(args.length > 1 ? args[1] : "local/target/gitbridge-local.jar").toAbsolutePath();
        Path work = Path.of("bench/target/runnerstart").toAbsolutePath();
        Files.createDirectories(work);
        HttpClient http = HttpClient.newHttpClient();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        TARGETS.forEach(t -> samples.put(t, new ArrayList<>()));
        try (Writer tsv = Files.newBufferedWriter(work.resolve("runs.tsv"), StandardCharsets.UTF_8)) {
            tsv.write("round\ttarget\tlistening_ms\tanswered_ms\tcpu_ms\tload\n");
            for (int round = 0; round <= rounds; round++) {  // round 0: one untimed start each (page cache)
                List<String> order = new ArrayList<>(TARGETS);
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String target : order) {
                    Path dir = work.resolve("r" + round + "-" + target + "-" + System.nanoTime());
                    Sample sample = start(http, jar, dir, target.equals("no-archive"));
                    String line = String.format(Locale.ROOT, "%d\t%s\t%.0f\t%.0f\t%.0f\t%s", round, target,
                            sample.listeningMs(), sample.answeredMs(), sample.cpuMs(), load());
                    System.out.println(line);
                    if (round > 0) {
                        samples.get(target).add(sample);
                        tsv.write(line + "\n");
                        tsv.flush();
                    }
                }
            }
        }
        summarize(samples);
    }

    private static Sample start(HttpClient http, Path jar, Path dir, boolean withoutArchive) throws Exception {
        Files.createDirectories(dir);
        GitFixtures.HookRepos repos = GitFixtures.create(dir, 0);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0", "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true);
        builder.environment().put("GITBRIDGE_ADMIN_TOKEN", TOKEN);
        if (withoutArchive) {
            builder.environment().put("GITBRIDGE_APPCDS", "off");
        } else {
            builder.environment().remove("GITBRIDGE_APPCDS");
        }
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            CompletableFuture<URI> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> copyOutput(process, dir.resolve("runner.log"), listening));
            reader.setDaemon(true);
            reader.start();
            URI url = listening.get(180, TimeUnit.SECONDS);
            double listeningMs = (System.nanoTime() - started) / 1e6;
            String hookId = LoadGenerator.createHook(http, url, TOKEN, SECRET, "start", repos);
            TestDelivery push = Deliveries.of("github").push(SECRET, GitFixtures.BRANCH, repos.commit(),
                    UUID.randomUUID().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("/webhooks/" + hookId))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(push.body()));
            push.headers().forEach(request::header);
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            double answeredMs = (System.nanoTime() - started) / 1e6;
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("the delivery was answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return new Sample(listeningMs, answeredMs, cpuMillis(process));
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** CPU time of the process and its children (the runner relaunched with the archive is a child). */
    private static double cpuMillis(Process process) {
        ProcessHandle handle = process.toHandle();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(handle), handle.descendants())
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<URI> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    listening.complete(URI.create(matcher.group(1)));
                }
                out.write(line + "\n");
            }
            listening.completeExceptionally(new IllegalStateException("the runner ended before listening; see " + log));
        } catch (IOException e) {
            listening.completeExceptionally(new UncheckedIOException(e));
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void summarize(Map<String, List<Sample>> samples) {
        System.out.println();
        System.out.println("| target | start -> listening, ms: min / median / max | start -> first delivery answered,"
                + " ms: min / median / max | CPU of the runner's processes then, ms: min / median / max |");
        System.out.println("|---|---|---|---|");
        samples.forEach((target, list) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", target,
                range(list.stream().map(Sample::listeningMs).toList()),
                range(list.stream().map(Sample::answeredMs).toList()),
                range(list.stream().map(Sample::cpuMs).toList())));
        List<Sample> with = samples.get("archive");
        List<Sample> without = samples.get("no-archive");
        List<Double> listening = new ArrayList<>();
        List<Double> answered = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < with.size(); i++) {
            listening.add(with.get(i).listeningMs() / without.get(i).listeningMs());
            answered.add(with.get(i).answeredMs() / without.get(i).answeredMs());
            cpu.add(with.get(i).cpuMs() / without.get(i).cpuMs());
        }
        System.out.printf(Locale.ROOT, "| ratio archive / no-archive, per round | %s | %s | %s |%n",
                ratios(listening), ratios(answered), ratios(cpu));
    }

    private static String range(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", sorted.get(0), median(sorted),
                sorted.get(sorted.size() - 1));
    }

    private static String ratios(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", sorted.get(0), median(sorted),
                sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
