package io.gitbridge.bench.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Incremental and first syncs by gitbridge ({@link SyncWorker}) against C git doing the same, on generated source
 * repositories of a given number of commits. Usage:
 *
 * <pre>java -cp bench/target/benchmarks.jar io.gitbridge.bench.sync.SyncBench [--commits 5000,20000]
 *     [--rounds 20] [--warmup 10] [--first-rounds 5] [--jvm "-XX:+UseSerialGC"] [--dir bench/target/sync]
 *     [--only incremental|first]</pre>
 *
 * <p>Per size it generates (once, then reuses) {@code source.git} with {@code git fast-import}, and a build
 * repository holding the source's history plus one build-only commit, copied for each side. Every round adds one new
 * commit to the source, then both sides sync it into their own build repository, taking turns at going first:
 * <ul>
 *   <li><b>incremental</b>: gitbridge in one warm JVM and one work repository for all rounds; C git in one clone:
 *       {@code git fetch source} + {@code git merge -X theirs} + {@code git push build};
 *   <li><b>first</b>: gitbridge in a fresh JVM with an empty work repository; C git in a fresh {@code git init}:
 *       fetch source, fetch build, check out the build branch, merge {@code -X theirs}, push.
 * </ul>
 * After every round both build branches must hold the same tree. Prints Markdown tables (min / median / max of each
 * side, and of the per-round ratios gitbridge / C git) and writes the raw rounds to {@code DIR/rounds.tsv}.
 */
public final class SyncBench {

    private static final String TIME = "/usr/bin/time";

    private final Path root;
    private final List<String> jvm;
    private final Writer raw;

    private SyncBench(Path root, List<String> jvm, Writer raw) {
        this.root = root;
        this.jvm = jvm;
        this.raw = raw;
    }

    /**
     * The options with their defaults, each given one as {@code --name value}. An unknown option, or one without a
     * value ({@code --help} alone, say), is refused: before, a lone last argument was dropped silently and the default
     * run, tens of minutes, started.
     */
    static Map<String, String> options(String... args) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--commits", "5000,20000", "--rounds", "20",
                "--warmup", "10", "--first-rounds", "5", "--jvm", "-XX:+UseSerialGC", "--dir", "bench/target/sync",
                "--only", ""));
        for (int i = 0; i < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options, each with a value: "
                        + String.join(", ", options.keySet()));
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path root = Path.of(options.get("--dir")).toAbsolutePath();
        Files.createDirectories(root);
        List<String> jvm = Arrays.stream(options.get("--jvm").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        try (Writer raw = Files.newBufferedWriter(root.resolve("rounds.tsv"), StandardCharsets.UTF_8)) {
            raw.write("commits\tkind\tround\tside\twall_ms\tcpu_ms\tpeak_rss_kib\tbytes_fetched\tprocess_wall_ms\n");
            SyncBench bench = new SyncBench(root, jvm, raw);
            System.out.println("JVM flags of gitbridge's side: " + String.join(" ", jvm));
            for (String size : options.get("--commits").split(",")) {
                int commits = Integer.parseInt(size.trim());
                Path dir = bench.prepare(commits);
                if (!options.get("--only").equals("first")) {
                    bench.incremental(commits, dir, Integer.parseInt(options.get("--warmup")),
                            Integer.parseInt(options.get("--rounds")));
                }
                if (!options.get("--only").equals("incremental")) {
                    bench.first(commits, dir, Integer.parseInt(options.get("--first-rounds")));
                }
            }
        }
    }

    /** One side's measurement of one round. */
    private record Sample(double wallMs, double cpuMs, long peakRssKib, long bytes, double processWallMs) {
    }

    /** Generates the source and the build template for {@code commits}, unless an earlier run did. */
    private Path prepare(int commits) throws IOException, InterruptedException {
        Path dir = root.resolve(Integer.toString(commits));
        Path done = dir.resolve("generated");
        if (Files.exists(done)) {
            return dir;
        }
        delete(dir);
        Files.createDirectories(dir);
        long started = System.nanoTime();
        Path source = dir.resolve("source.git");
        git(dir, "init", "-q", "--bare", "--initial-branch=main", source.toString());
        SourceGenerator.history(source, commits);
        git(source, "repack", "-a", "-d", "-q");
        Path build = dir.resolve("build-template.git");
        git(dir, "init", "-q", "--bare", "--initial-branch=main", build.toString());
        git(build, "fetch", "-q", source.toString(), "refs/heads/main:refs/heads/main");
        SourceGenerator.buildOnlyCommit(build);
        git(build, "repack", "-a", "-d", "-q");
        Files.writeString(done, "");
        System.out.printf(Locale.ROOT, "generated %d commits in %.1f s (source pack %d KiB)%n", commits,
                (System.nanoTime() - started) / 1e9, packBytes(source.resolve("objects/pack")) / 1024);
        return dir;
    }

    private void incremental(int commits, Path dir, int warmup, int rounds) throws IOException, InterruptedException {
        Path source = dir.resolve("source.git");
        Path gbBuild = copyBuild(dir, "build-gitbridge.git");
        Path cgBuild = copyBuild(dir, "build-cgit.git");
        Path gbWork = fresh(dir.resolve("work-gitbridge")).resolve("hook");
        Path cgWork = fresh(dir.resolve("work-cgit")).resolve("clone");
        git(dir, "clone", "-q", "-o", "build", cgBuild.toString(), cgWork.toString());
        configure(cgWork);
        git(cgWork, "remote", "add", "source", source.toString());
        git(cgWork, "fetch", "-q", "source");
        List<Sample> gb = new ArrayList<>();
        List<Sample> cg = new ArrayList<>();
        try (Worker worker = new Worker(gbWork, source, gbBuild)) {
            worker.sync(); // the first sync of the work repository: not measured
            for (int round = 0; round < warmup + rounds; round++) {
                SourceGenerator.newCommit(source, commits * 10 + round);
                Sample a = null;
                Sample b = null;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == (round % 2 == 0)) {
                        a = worker.sync();
                    } else {
                        b = cgitIncremental(cgWork);
                    }
                }
                sameTree(gbBuild, cgBuild);
                if (round >= warmup) {
                    gb.add(a);
                    cg.add(b);
                    record(commits, "incremental", round - warmup, "gitbridge", a);
                    record(commits, "incremental", round - warmup, "cgit", b);
                }
            }
        }
        report("Incremental sync of 1 new commit, warm, " + commits + " commits", gb, cg);
    }

    private void first(int commits, Path dir, int rounds) throws IOException, InterruptedException {
        Path source = dir.resolve("source.git");
        Path gbBuild = copyBuild(dir, "build-gitbridge.git");
        Path cgBuild = copyBuild(dir, "build-cgit.git");
        List<Sample> gb = new ArrayList<>();
        List<Sample> cg = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            SourceGenerator.newCommit(source, commits * 10 + 5000 + round);
            Sample a = null;
            Sample b = null;
            for (int turn = 0; turn < 2; turn++) {
                if ((turn == 0) == (round % 2 == 0)) {
                    a = gitbridgeFirst(fresh(dir.resolve("first-gitbridge")).resolve("hook"), source, gbBuild);
                } else {
                    b = cgitFirst(fresh(dir.resolve("first-cgit")).resolve("clone"), source, cgBuild);
                }
            }
            sameTree(gbBuild, cgBuild);
            gb.add(a);
            cg.add(b);
            record(commits, "first", round, "gitbridge", a);
            record(commits, "first", round, "cgit", b);
        }
        delete(dir.resolve("first-gitbridge"));
        delete(dir.resolve("first-cgit"));
        report("First sync (empty work repository), " + commits + " commits", gb, cg);
    }

    private Sample cgitIncremental(Path clone) throws IOException, InterruptedException {
        Map<String, Long> before = packSizes(clone.resolve(".git/objects/pack"));
        Sample timed = timed(clone, List.of("sh", "-ec",
                "git fetch -q source +refs/heads/main:refs/remotes/source/main\n"
                + "git merge -q -X theirs --no-edit refs/remotes/source/main\n"
                + "git push -q build HEAD:refs/heads/main\n"));
        Map<String, Long> after = packSizes(clone.resolve(".git/objects/pack"));
        long bytes = after.keySet().containsAll(before.keySet()) ? after.entrySet().stream()
                .filter(e -> !before.containsKey(e.getKey())).mapToLong(Map.Entry::getValue).sum() : -1;
        return new Sample(timed.wallMs(), timed.cpuMs(), timed.peakRssKib(), bytes, timed.wallMs());
    }

    private Sample cgitFirst(Path clone, Path source, Path build) throws IOException, InterruptedException {
        Sample timed = timed(clone.getParent(), List.of("sh", "-ec",
                "git init -q --initial-branch=main clone\ncd clone\n"
                + "git config user.name Bench\ngit config user.email bench@example.com\n"
                + "git fetch -q " + source + " +refs/heads/main:refs/remotes/source/main\n"
                + "git fetch -q " + build + " +refs/heads/main:refs/remotes/build/main\n"
                + "git checkout -q -b main refs/remotes/build/main\n"
                + "git merge -q -X theirs --no-edit refs/remotes/source/main\n"
                + "git push -q " + build + " HEAD:refs/heads/main\n"));
        long bytes = packBytes(clone.resolve(".git/objects/pack"));
        return new Sample(timed.wallMs(), timed.cpuMs(), timed.peakRssKib(), bytes, timed.wallMs());
    }

    private Sample gitbridgeFirst(Path work, Path source, Path build) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("once", work.toString(), source.toUri().toString(), build.toUri().toString()));
        Path out = work.getParent().resolve("worker.out");
        Sample process = timed(work.getParent(), command, out);
        String[] line = resultLine(Files.readAllLines(out));
        return new Sample(Long.parseLong(line[0]) / 1e6, Long.parseLong(line[1]) / 1e6, process.peakRssKib(),
                Long.parseLong(line[2]), process.wallMs());
    }

    private Sample timed(Path dir, List<String> command) throws IOException, InterruptedException {
        return timed(dir, command, null);
    }

    /** Runs {@code command} under {@code /usr/bin/time}: wall from here, CPU (user + sys) and peak RSS from time. */
    private Sample timed(Path dir, List<String> command, Path stdout) throws IOException, InterruptedException {
        Path times = Files.createTempFile(root, "time", ".txt");
        List<String> full = new ArrayList<>(List.of(TIME, "-f", "%U %S %M", "-o", times.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("XDG_CONFIG_HOME", root.resolve("xdg").toString());
        builder.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        long started = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e6;
        List<String> lines = Files.readAllLines(times);
        Files.delete(times);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "): " + lines);
        }
        String[] parts = lines.get(lines.size() - 1).trim().split("\\s+");
        double cpu = (Double.parseDouble(parts[0]) + Double.parseDouble(parts[1])) * 1000;
        return new Sample(wall, cpu, Long.parseLong(parts[2]), -1, wall);
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        command.addAll(List.of("-cp", classPath, SyncWorker.class.getName()));
        return command;
    }

    private static String[] resultLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] parts = lines.get(i).trim().split(" ");
            if (parts.length == 7 && parts[0].matches("\\d+")) {
                return parts;
            }
        }
        throw new IllegalStateException("the sync worker printed no result: " + lines);
    }

    /** gitbridge's warm side: one {@link SyncWorker} process whose syncs are driven over stdin. */
    private final class Worker implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Worker(Path work, Path source, Path build) throws IOException {
            List<String> command = new ArrayList<>(javaCommand());
            command.addAll(List.of("warm", work.toString(), source.toUri().toString(), build.toUri().toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("XDG_CONFIG_HOME", root.resolve("xdg").toString());
            process = builder.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        Sample sync() throws IOException {
            in.write("sync\n");
            in.flush();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 7 && parts[0].matches("\\d+")) {
                    return new Sample(Long.parseLong(parts[0]) / 1e6, Long.parseLong(parts[1]) / 1e6,
                            Long.parseLong(parts[5]), Long.parseLong(parts[2]), Long.parseLong(parts[0]) / 1e6);
                }
            }
            throw new IllegalStateException("the sync worker ended");
        }

        @Override
        public void close() throws IOException {
            in.write("quit\n");
            in.flush();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(int commits, String kind, int round, String side, Sample s) throws IOException {
        raw.write(String.format(Locale.ROOT, "%d\t%s\t%d\t%s\t%.2f\t%.2f\t%d\t%d\t%.2f%n", commits, kind, round, side,
                s.wallMs(), s.cpuMs(), s.peakRssKib(), s.bytes(), s.processWallMs()));
        raw.flush();
    }

    private static void report(String title, List<Sample> gb, List<Sample> cg) {
        System.out.println();
        System.out.println("### " + title + " (" + gb.size() + " rounds)");
        System.out.println();
        System.out.println("| measure | gitbridge min / median / max | C git min / median / max | ratio min / median / max |");
        System.out.println("|---|---|---|---|");
        row("wall time (ms)", gb, cg, Sample::wallMs, "%.1f");
        row("CPU time (ms)", gb, cg, Sample::cpuMs, "%.1f");
        row("peak RSS (MiB)", gb, cg, s -> s.peakRssKib() / 1024.0, "%.0f");
        row("bytes fetched (KiB)", gb, cg, s -> s.bytes() < 0 ? Double.NaN : s.bytes() / 1024.0, "%.1f");
        if (gb.stream().anyMatch(s -> s.processWallMs() != s.wallMs())) {
            row("process wall, JVM start included (ms)", gb, cg, Sample::processWallMs, "%.1f");
        }
        System.out.flush();
    }

    private static void row(String name, List<Sample> gb, List<Sample> cg,
            java.util.function.ToDoubleFunction<Sample> metric, String format) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < gb.size(); i++) {
            double a = metric.applyAsDouble(gb.get(i));
            double b = metric.applyAsDouble(cg.get(i));
            if (!Double.isNaN(a) && !Double.isNaN(b) && b > 0) {
                ratios.add(a / b);
            }
        }
        System.out.println("| " + name + " | " + stats(gb.stream().map(metric::applyAsDouble).toList(), format) + " | "
                + stats(cg.stream().map(metric::applyAsDouble).toList(), format) + " | " + stats(ratios, "%.2f") + " |");
    }

    private static String stats(List<Double> values, String format) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return "–";
        }
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, sorted.get(0), median,
                sorted.get(n - 1));
    }

    private static void sameTree(Path a, Path b) throws IOException, InterruptedException {
        String treeA = git(a, "rev-parse", "refs/heads/main^{tree}");
        String treeB = git(b, "rev-parse", "refs/heads/main^{tree}");
        if (!treeA.equals(treeB)) {
            throw new IllegalStateException("the build branches differ: gitbridge " + treeA + ", C git " + treeB);
        }
    }

    private static void configure(Path clone) throws IOException, InterruptedException {
        git(clone, "config", "user.name", "Bench");
        git(clone, "config", "user.email", "bench@example.com");
        // Keep every fetched pack as it came, as JGit does, so its size is the bytes fetched.
        git(clone, "config", "transfer.unpackLimit", "1");
    }

    private static Path copyBuild(Path dir, String name) throws IOException, InterruptedException {
        Path copy = dir.resolve(name);
        delete(copy);
        git(dir, "clone", "-q", "--bare", "--no-local", dir.resolve("build-template.git").toString(), copy.toString());
        return copy;
    }

    private static Path fresh(Path dir) throws IOException {
        delete(dir);
        Files.createDirectories(dir);
        return dir;
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return out;
    }

    private static Map<String, Long> packSizes(Path dir) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return sizes;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pack")).toList()) {
                sizes.put(f.getFileName().toString(), Files.size(f));
            }
        }
        return sizes;
    }

    private static long packBytes(Path dir) throws IOException {
        return packSizes(dir).values().stream().mapToLong(Long::longValue).sum();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
