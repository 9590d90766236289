package io.gitbridge.bench.freshcontainer;

import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.sync.GitHookSyncer;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncResult;
import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.sync.store.S3ObjectStore;
import io.gitbridge.sync.store.StoreSettings;
import io.gitbridge.sync.store.WorkRepositoryStore;
import io.gitbridge.testkit.git.FastImportHistory;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.s3.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Fresh-container sync against warm sync, on a generated source history ({@code git fast-import}) served from disk
 * and an S3 work store in S3Proxy (a child process on loopback). Each round pushes one new commit to the source and
 * then syncs it, in rotating order, with three hooks that differ only in their build repository:
 * <ul>
 *   <li>{@code warm}: the work repository of the previous round, no store (the warm-container baseline);</li>
 *   <li>{@code warm+store}: the same, also saving the new objects to the store after the sync (as deployed);</li>
 *   <li>{@code fresh}: an empty work root and a new store client each round, as on a new Lambda container; the
 *       sync restores from the store, fetches, pushes and saves.</li>
 * </ul>
 * For each sync it reports the wall time of {@code GitHookSyncer.sync} and the bytes fetched (the packs the sync's
 * fetches wrote, restored packs excluded), next to the size of the new objects ({@code git pack-objects} of the
 * new commit alone). One JVM for all: the JIT is warm for every variant, so the numbers compare git and store work,
 * not JVM start.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.gitbridge.bench.freshcontainer.FreshContainerSync
 * [commits=20000] [rounds=7] [warm-up rounds=3]}, with {@code -Ds3proxy.jar=} S3Proxy's jar (default
 * {@code bench/target/s3proxy/s3proxy.jar}).
 */
public final class FreshContainerSync {

    private static final String BUCKET = "gitbridge-bench";
    private static final int FILES = 200;
    private static final int FILE_BYTES = 1024;

    private final Path dir;
    private final Path source;
    private final StoreSettings settings;
    private final S3Client s3;
    private long seed = 1;

    private FreshContainerSync(Path dir, StoreSettings settings, S3Client s3) {
        this.dir = dir;
        this.source = GitRepos.createBare(dir.resolve("source.git"));
        this.settings = settings;
        this.s3 = s3;
    }

    public static void main(String[] args) throws Exception {
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path jar = Path.of(System.getProperty(S3ProxyServer.JAR_PROPERTY, "bench/target/s3proxy/s3proxy.jar"));
        Path dir = Files.createTempDirectory("gitbridge-freshcontainer");
        try (S3ProxyServer server = S3ProxyServer.start(jar, dir.resolve("s3proxy"));
                S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint())
                        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                        .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            StoreSettings settings = StoreSettings.of(BUCKET, "us-east-1", Optional.of(server.endpoint()));
            new FreshContainerSync(dir, settings, s3).run(commits, rounds, warmUp);
        } finally {
            CachedRepository.delete(dir);
        }
    }

    private void run(int commits, int rounds, int warmUp) throws IOException {
        long started = System.nanoTime();
        FastImportHistory.append(source, commits, FILES, FILE_BYTES, seed++, false);
        System.out.printf(Locale.ROOT, "generated %d commits in %.1f s; source pack %d bytes%n", commits,
                seconds(started), packBytes(source));

        WorkRepositoryStore sharedStore = store();
        Variant warm = new Variant("warm", dir.resolve("work-warm"), WorkRepositoryStore.none());
        Variant stored = new Variant("warm+store", dir.resolve("work-stored"), sharedStore);
        Variant fresh = new Variant("fresh", dir.resolve("work-fresh"), store());
        for (Variant variant : List.of(warm, stored, fresh)) {
            Sample first = variant.sync(Set.of());
            System.out.printf(Locale.ROOT, "first sync %-10s %8.0f ms, fetched %,d bytes%n", variant.name,
                    first.millis, first.fetchedBytes);
        }

        List<List<Sample>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Long> newObjects = new ArrayList<>();
        List<Variant> variants = List.of(warm, stored, fresh);
        for (int round = 0; round < warmUp + rounds; round++) {
            String before = GitRepos.requireHead(source, "main").name();
            FastImportHistory.append(source, 1, FILES, FILE_BYTES, seed++, true);
            long newBytes = newObjectBytes(before, GitRepos.requireHead(source, "main").name());
            for (int i = 0; i < variants.size(); i++) {
                int index = (round + i) % variants.size();
                Variant variant = variants.get(index);
                Set<String> restored = Set.of();
                if (variant == fresh) {
                    CachedRepository.delete(fresh.workRoot);
                    fresh.newContainer(store());
                    restored = storedPackNames();
                }
                Sample sample = variant.sync(restored);
                if (round >= warmUp) {
                    samples.get(index).add(sample);
                }
            }
            if (round >= warmUp) {
                newObjects.add(newBytes);
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%d rounds, 1 new commit each (new objects: %s bytes)%n", rounds,
                range(newObjects.stream().map(Long::doubleValue).toList(), "%,.0f"));
        System.out.println("| sync of 1 new commit | wall ms min / median / max | bytes fetched min / median / max |");
        System.out.println("|---|---|---|");
        for (int i = 0; i < variants.size(); i++) {
            List<Sample> list = samples.get(i);
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", variants.get(i).name,
                    range(list.stream().map(s -> s.millis).toList(), "%.0f"),
                    range(list.stream().map(s -> (double) s.fetchedBytes).toList(), "%,.0f"));
        }
        System.out.println();
        System.out.println("| ratio (per round, min / median / max) | value | goal |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| fresh / warm wall time | %s | <= 2.0 |%n",
                range(ratios(samples.get(2), samples.get(0)), "%.2f"));
        System.out.printf(Locale.ROOT, "| fresh / warm+store wall time | %s | - |%n",
                range(ratios(samples.get(2), samples.get(1)), "%.2f"));
        System.out.printf(Locale.ROOT, "| warm+store / warm wall time | %s | - |%n",
                range(ratios(samples.get(1), samples.get(0)), "%.2f"));
        List<Double> bytesRatio = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            bytesRatio.add(samples.get(2).get(r).fetchedBytes / (double) newObjects.get(r));
        }
        System.out.printf(Locale.ROOT, "| fresh bytes fetched / new objects | %s | <= 2.0 |%n",
                range(bytesRatio, "%.2f"));
    }

    private WorkRepositoryStore store() {
        return new WorkRepositoryStore(new S3ObjectStore(s3, BUCKET), settings, Clock.systemUTC());
    }

    private Set<String> storedPackNames() {
        Set<String> names = new HashSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().forEach(o -> {
            String key = o.key();
            String file = key.substring(key.lastIndexOf('/') + 1);
            if (file.endsWith(".pack")) {
                names.add(file);
            }
        });
        return names;
    }

    /** One hook, its build repository and its work root. */
    private final class Variant {
        final String name;
        final Path workRoot;
        final Hook hook;
        GitHookSyncer syncer;

        Variant(String name, Path workRoot, WorkRepositoryStore store) {
            this.name = name;
            this.workRoot = workRoot;
            String id = "hk_" + name.replace('+', '_');
            Path build = GitRepos.createBare(dir.resolve("build-" + id + ".git"));
            this.hook = Hook.builder().id(id).project("bench").provider("github")
                    .sourceRepo(GitRepos.fileUri(source).toString()).branch("main")
                    .events(new HookEvents(true, false)).secret("bench-secret")
                    .buildRepo(GitRepos.fileUri(build).toString()).buildBranch("main")
                    .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build();
            newContainer(store);
        }

        void newContainer(WorkRepositoryStore store) {
            syncer = new GitHookSyncer(Providers.standard(), workRoot, true, Clock.systemUTC()).withStore(store);
        }

        Sample sync(Set<String> restoredPacks) throws IOException {
            Set<String> before = packs(workRoot);
            long started = System.nanoTime();
            SyncResult result = syncer.sync(hook, SyncRequest.headOf(hook.id(), "bench-" + seed, "refs/heads/main"));
            double millis = (System.nanoTime() - started) / 1e6;
            if (!result.status().pushed()) {
                throw new IllegalStateException(name + ": the sync did not push: " + result.status());
            }
            long fetched = 0;
            try (Stream<Path> files = Files.walk(workRoot)) {
                for (Path pack : files.filter(p -> p.getFileName().toString().endsWith(".pack")).toList()) {
                    String file = pack.getFileName().toString();
                    if (!before.contains(pack.toString()) && !restoredPacks.contains(file)) {
                        fetched += Files.size(pack);
                    }
                }
            }
            return new Sample(millis, fetched);
        }
    }

    private record Sample(double millis, long fetchedBytes) {
    }

    private static Set<String> packs(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return new HashSet<>(files.filter(p -> p.getFileName().toString().endsWith(".pack"))
                    .map(Path::toString).toList());
        }
    }

    /** The size of a pack of exactly the objects {@code after} has and {@code before} has not. */
    private long newObjectBytes(String before, String after) throws IOException {
        Process process = new ProcessBuilder("git", "-C", source.toString(), "pack-objects", "--stdout", "--revs")
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((after + "\n^" + before + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        long bytes = process.getInputStream().transferTo(OutputStream.nullOutputStream());
        try {
            if (process.waitFor() != 0) {
                throw new IOException("git pack-objects failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return bytes;
    }

    private static long packBytes(Path repo) throws IOException {
        try (Stream<Path> files = Files.walk(repo.resolve("objects"))) {
            long total = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static List<Double> ratios(List<Sample> a, List<Sample> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i).millis / b.get(i).millis);
        }
        return ratios;
    }

    private static String range(List<Double> values, String format) {
        List<Double> sorted = values.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, sorted.get(0), median,
                sorted.get(sorted.size() - 1));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
