package io.gitbridge.bench.sync;

import com.sun.management.OperatingSystemMXBean;
import io.gitbridge.sync.SyncCommand;
import io.gitbridge.sync.SyncResult;
import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.sync.internal.WorkRepositories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * gitbridge's side of {@link SyncBench}: syncs {@code refs/heads/main} of a source repository into branch
 * {@code main} of a build repository the way {@code GitHookSyncer} does (the sync under the work repository's lock,
 * then {@link WorkRepositories#used}, which repacks every {@code SYNC_REPACK_EVERY} syncs), in one work repository.
 *
 * <p>{@code SyncWorker once WORK SOURCE BUILD}: one sync, then exit (a first sync in a fresh process).
 * {@code SyncWorker warm WORK SOURCE BUILD}: reads commands from stdin, {@code sync} (one sync) or {@code quit}, so
 * that consecutive syncs run in one warm JVM, as in a warm Lambda container. Each sync prints one line:
 * {@code wallNanos cpuNanos bytesFetched status packs rssKiB hwmKiB}, where CPU is the whole process's (GC and JIT
 * included), bytes fetched are the sizes of the packs the sync added (-1 when it repacked), packs the pack count
 * after it, and RSS/HWM the process's current and peak resident set from {@code /proc/self/status}.
 */
public final class SyncWorker {

    private SyncWorker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !args[0].equals("once") && !args[0].equals("warm")) {
            System.err.println("usage: SyncWorker once|warm WORK_DIR SOURCE_URL BUILD_URL");
            System.exit(2);
        }
        Path work = Path.of(args[1]).toAbsolutePath();
        Map<String, String> env = new HashMap<>(System.getenv());
        WorkRepositories repositories = WorkRepositories.fromEnvironment(work.getParent(), env);
        if (args[0].equals("once")) {
            System.out.println(syncOnce(work, args[2], args[3], repositories));
            return;
        }
        // Profiling aid: SYNC_BENCH_JFR=FILE records the warm syncs only (from the third on) with JFR's profile settings.
        String jfr = env.get("SYNC_BENCH_JFR");
        Recording recording = null;
        int syncs = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            if (line.equals("sync")) {
                if (jfr != null && ++syncs == 3) {
                    try {
                        recording = new Recording(Configuration.getConfiguration("profile"));
                    } catch (ParseException e) {
                        throw new IllegalStateException(e);
                    }
                    recording.start();
                }
                System.out.println(syncOnce(work, args[2], args[3], repositories));
                System.out.flush();
            }
        }
        if (recording != null) {
            recording.dump(Path.of(jfr));
            recording.close();
        }
    }

    private static String syncOnce(Path work, String source, String build, WorkRepositories repositories)
            throws IOException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Path, Long> packsBefore = packs(work);
        long cpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        repositories.makeRoom(work);
        SyncResult result = CachedRepository.locked(work, () -> {
            try {
                return new SyncCommand(work).setSource(source, null).setSourceRef("refs/heads/main")
                        .setBuild(build, null).setBuildBranch("main").setAllowFileUrls(true).call();
            } finally {
                repositories.used(work);
            }
        });
        long wall = System.nanoTime() - started;
        long cpuUsed = os.getProcessCpuTime() - cpu;
        Map<Path, Long> packsAfter = packs(work);
        long bytes = packsAfter.keySet().containsAll(packsBefore.keySet())
                ? packsAfter.entrySet().stream().filter(e -> !packsBefore.containsKey(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum()
                : -1;
        return wall + " " + cpuUsed + " " + bytes + " " + result.status() + " " + packsAfter.size() + " "
                + status("VmRSS") + " " + status("VmHWM");
    }

    /** The work repository's pack files and their sizes. */
    static Map<Path, Long> packs(Path gitDir) throws IOException {
        Map<Path, Long> packs = new HashMap<>();
        Path dir = gitDir.resolve("objects/pack");
        if (!Files.isDirectory(dir)) {
            return packs;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pack")).toList()) {
                packs.put(file.getFileName(), Files.size(file));
            }
        }
        return packs;
    }

    /** A size from {@code /proc/self/status} in KiB, or -1 where there is none. */
    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: no figure.
        }
        return -1;
    }
}
