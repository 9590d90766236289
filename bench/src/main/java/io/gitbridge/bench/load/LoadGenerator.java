package io.gitbridge.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.ProviderDeliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The local runner under load: for each run, a fresh data directory and fresh repositories, the runner started
 * as users start it ({@code java -jar local/target/gitbridge-local.jar}), {@code --hooks} GitHub hooks, a warm-up,
 * then {@code --deliveries} signed pushes (unique delivery ids, each naming the commit its source holds) from
 * {@code --concurrency} threads, and the zero-loss check. With {@code --baseline}, each run first sends the same
 * deliveries to {@link TrivialEndpoint}, so the runner's rate comes with the rate this machine, client and Jetty
 * reach at the time. Prints one line per run and a Markdown summary (min / median / max); see docs/benchmarks.md.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "load-generator-webhook-secret";
    private static final String ADMIN_TOKEN = "load-generator-admin-token";

    private LoadGenerator() {
    }

    /** The command line; every option has a default. */
    record Options(Path jar, Path benchJar, int hooks, int deliveries, int warmup, int concurrency, int runs,
                   boolean baseline, List<String> runnerJvmArgs, Duration verifyTimeout, Path workDir) {

        static Options parse(String[] args) {
            Path jar = Path.of("local/target/gitbridge-local.jar");
            Path benchJar = Path.of("bench/target/benchmarks.jar");
            int hooks = 8;
            int deliveries = 3000;
            int warmup = 1000;
            int concurrency = 32;
            int runs = 3;
            boolean baseline = false;
            List<String> jvmArgs = new ArrayList<>();
            Duration verify = Duration.ofMinutes(10);
            Path work = Path.of("bench/target/load");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--jar" -> jar = Path.of(require(args[i], value));
                    case "--bench-jar" -> benchJar = Path.of(require(args[i], value));
                    case "--hooks" -> hooks = positive(args[i], value);
                    case "--deliveries" -> deliveries = positive(args[i], value);
                    case "--warmup" -> warmup = Integer.parseInt(require(args[i], value));
                    case "--concurrency" -> concurrency = positive(args[i], value);
                    case "--runs" -> runs = positive(args[i], value);
                    case "--runner-jvm-arg" -> jvmArgs.add(require(args[i], value));
                    case "--verify-timeout-seconds" -> verify = Duration.ofSeconds(positive(args[i], value));
                    case "--work-dir" -> work = Path.of(require(args[i], value));
                    case "--baseline" -> {
                        baseline = true;
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --jar,"
                            + " --bench-jar, --hooks, --deliveries, --warmup, --concurrency, --runs, --baseline,"
                            + " --runner-jvm-arg, --verify-timeout-seconds, --work-dir");
                }
                i++;
            }
            return new Options(jar, benchJar, hooks, deliveries, warmup, concurrency, runs, baseline,
                    List.copyOf(jvmArgs), verify, work);
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static int positive(String option, String value) {
            int number = Integer.parseInt(require(option, value));
            if (number < 1) {
                throw new IllegalArgumentException(option + " must be at least 1");
            }
            return number;
        }
    }

    /** One run's figures; {@code baseline} is null without {@code --baseline}. */
    record RunResult(DeliveryLoad.Result runner, DeliveryLoad.Result baseline, ZeroLossCheck.Verdict verdict,
                     Duration runnerCpu) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        HttpClient http = DeliveryLoad.client();
        List<RunResult> results = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            Path dir = options.workDir().toAbsolutePath().resolve("run-" + run + "-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            RunResult result = run(options, http, dir);
            results.add(result);
            print(run, options, result);
        }
        summarize(options, results);
        System.exit(results.stream().allMatch(r -> r.verdict().zeroLoss()) ? 0 : 1);
    }

    private static RunResult run(Options options, HttpClient http, Path dir) throws Exception {
        List<GitFixtures.HookRepos> repos = new ArrayList<>();
        for (int i = 0; i < options.hooks(); i++) {
            repos.add(GitFixtures.create(dir, i));
        }
        DeliveryLoad.Result baseline = null;
        if (options.baseline()) {
            try (ChildServer trivial = ChildServer.start(List.of("-cp", options.benchJar().toString()),
                    List.of(TrivialEndpoint.class.getName()), Map.of(), dir.resolve("trivial.log"))) {
                List<String> ids = List.of("baseline-hook");
                DeliveryLoad load = new DeliveryLoad(http, options.concurrency());
                load.run(deliveries(trivial.url(), ids, repos, options.warmup(), "w"));
                baseline = load.run(deliveries(trivial.url(), ids, repos, options.deliveries(), "b"));
            }
        }
        List<String> runnerArgs = new ArrayList<>(options.runnerJvmArgs());
        runnerArgs.add("-jar");
        runnerArgs.add(options.jar().toAbsolutePath().toString());
        try (ChildServer runner = ChildServer.start(runnerArgs,
                List.of("--port", "0", "--data-dir", dir.resolve("data").toString()),
                Map.of("GITBRIDGE_ADMIN_TOKEN", ADMIN_TOKEN), dir.resolve("runner.log"))) {
            List<String> hookIds = new ArrayList<>();
            for (int i = 0; i < repos.size(); i++) {
                hookIds.add(createHook(http, runner.url(), ADMIN_TOKEN, SECRET, "load-" + i, repos.get(i)));
            }
            DeliveryLoad load = new DeliveryLoad(http, options.concurrency());
            DeliveryLoad.Result warm = load.run(deliveries(runner.url(), hookIds, repos, options.warmup(), "w"));
            Duration cpuBefore = runner.cpu();
            DeliveryLoad.Result measured = load.run(deliveries(runner.url(), hookIds, repos, options.deliveries(), "d"));
            Duration runnerCpu = runner.cpu().minus(cpuBefore);
            List<DeliveryLoad.Delivery> accepted = new ArrayList<>(warm.accepted());
            accepted.addAll(measured.accepted());
            ZeroLossCheck.Verdict verdict = new ZeroLossCheck(http, runner.url(), ADMIN_TOKEN)
                    .await(accepted, options.verifyTimeout());
            if (warm.accepted().size() != warm.sent() || measured.accepted().size() != measured.sent()) {
                System.err.println("not every delivery was accepted: warm-up " + warm.statuses()
                        + ", measured " + measured.statuses());
            }
            return new RunResult(measured, baseline, verdict, runnerCpu);
        }
    }

    /** {@code count} signed pushes spread round-robin over the hooks, each naming its source's commit. */
    private static List<DeliveryLoad.Delivery> deliveries(URI base, List<String> hookIds,
            List<GitFixtures.HookRepos> repos, int count, String prefix) {
        ProviderDeliveries github = Deliveries.of("github");
        List<DeliveryLoad.Delivery> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int hook = i % hookIds.size();
            String deliveryId = prefix + "-" + UUID.randomUUID();
            TestDelivery signed = github.push(SECRET, GitFixtures.BRANCH, repos.get(hook % repos.size()).commit(),
                    deliveryId);
            list.add(new DeliveryLoad.Delivery(base.resolve("/webhooks/" + hookIds.get(hook)), signed.headers(),
                    signed.body(), hookIds.get(hook), deliveryId));
        }
        return list;
    }

    /** Creates a GitHub push hook for {@code repos} through {@code POST /hooks} and returns its id. */
    static String createHook(HttpClient http, URI runner, String adminToken, String secret, String project,
            GitFixtures.HookRepos repos) throws IOException, InterruptedException {
        ObjectNode hook = JSON.createObjectNode()
                .put("project", project)
                .put("provider", "github")
                .put("sourceRepo", repos.source().toUri().toString())
                .put("branch", GitFixtures.BRANCH)
                .put("secret", secret)
                .put("buildRepo", repos.build().toUri().toString());
        hook.putObject("events").put("push", true).put("ci", false);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(runner.resolve("/hooks"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(hook.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating hook " + project + " answered " + created.statusCode() + ": "
                    + created.body());
        }
        JsonNode body = JSON.readTree(created.body());
        return body.get("id").asText();
    }

    private static void print(int run, Options options, RunResult result) {
        DeliveryLoad.Result r = result.runner();
        ZeroLossCheck.Verdict v = result.verdict();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "run %d: runner %.0f accepted/s (%d of %d in %.2f s, statuses %s), latency p50 %.1f ms p90 %.1f ms"
                        + " p99 %.1f ms max %.1f ms, runner CPU %.2f ms/delivery",
                run, r.acceptedPerSecond(), r.accepted().size(), r.sent(), r.wall().toNanos() / 1e9, r.statuses(),
                r.latencyMillis(50), r.latencyMillis(90), r.latencyMillis(99), r.latencyMillis(100),
                result.runnerCpu().toNanos() / 1e6 / Math.max(1, r.sent())));
        if (result.baseline() != null) {
            DeliveryLoad.Result b = result.baseline();
            line.append(String.format(Locale.ROOT, "; baseline %.0f accepted/s p50 %.1f ms p99 %.1f ms; ratio %.3f",
                    b.acceptedPerSecond(), b.latencyMillis(50), b.latencyMillis(99),
                    r.acceptedPerSecond() / b.acceptedPerSecond()));
        }
        line.append(String.format(Locale.ROOT,
                "%nrun %d: zero loss %s: %d accepted (warm-up included), %d synced/up_to_date, %d missing,"
                        + " %d not queued, %d unsynced, %d failed, sync statuses %s, all synced %.0f s after the load",
                run, v.zeroLoss() ? "YES" : "NO", v.accepted(), v.synced(), v.missing(), v.notQueued(),
                v.unsynced(), v.failed(), v.statuses(), v.waited().toMillis() / 1e3));
        System.out.println(line);
    }

    private static void summarize(Options options, List<RunResult> results) {
        System.out.printf(Locale.ROOT, "%n%d hooks, %d deliveries per run after %d of warm-up, %d threads, %d runs%n%n",
                options.hooks(), options.deliveries(), options.warmup(), options.concurrency(), results.size());
        System.out.println("| measure | min | median | max |");
        System.out.println("|---|---|---|---|");
        row("runner accepted/s", results.stream().mapToDouble(r -> r.runner().acceptedPerSecond()).toArray(), "%.0f");
        row("runner p50 latency, ms", results.stream().mapToDouble(r -> r.runner().latencyMillis(50)).toArray(), "%.1f");
        row("runner p99 latency, ms", results.stream().mapToDouble(r -> r.runner().latencyMillis(99)).toArray(), "%.1f");
        row("runner CPU per delivery, ms", results.stream()
                .mapToDouble(r -> r.runnerCpu().toNanos() / 1e6 / r.runner().sent()).toArray(), "%.2f");
        if (results.get(0).baseline() != null) {
            row("baseline (trivial Jetty) accepted/s",
                    results.stream().mapToDouble(r -> r.baseline().acceptedPerSecond()).toArray(), "%.0f");
            row("ratio runner / baseline", results.stream()
                    .mapToDouble(r -> r.runner().acceptedPerSecond() / r.baseline().acceptedPerSecond()).toArray(),
                    "%.3f");
        }
        row("seconds until all synced", results.stream().mapToDouble(r -> r.verdict().waited().toMillis() / 1e3)
                .toArray(), "%.0f");
        System.out.println("| zero loss (every 202 logged queued and synced/up_to_date) | "
                + results.stream().map(r -> r.verdict().zeroLoss() ? "yes" : "NO").toList() + " | | |");
    }

    private static void row(String name, double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.println("| " + name + " | " + String.format(Locale.ROOT, format, sorted[0]) + " | "
                + String.format(Locale.ROOT, format, median) + " | "
                + String.format(Locale.ROOT, format, sorted[sorted.length - 1]) + " |");
    }
}
