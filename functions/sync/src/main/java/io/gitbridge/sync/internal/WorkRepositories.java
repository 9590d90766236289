package io.gitbridge.sync.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the work root (Lambda's {@code /tmp}, 512 MB to 10 GB) usable: before a sync, evicts the least recently
 * used work repositories of other hooks while free space is below a threshold, never one a sync is working in;
 * after a sync, marks the repository used and repacks it every N syncs so its fetched packs do not pile up.
 * The marker and the counter are small files in the work repository's own directory.
 */
public final class WorkRepositories {

    /** The file whose modification time says when the work repository was last used. */
    static final String LAST_USED = "gitbridge-last-used";
    /** The file counting the syncs done in the work repository. */
    static final String SYNC_COUNT = "gitbridge-syncs";
    /**
     * Without a configured threshold: keep this share of the work root's file store free, or
     * {@link #DEFAULT_MIN_FREE_BYTES} if that is less (a developer's big, nearly full disk should not evict).
     */
    static final int DEFAULT_MIN_FREE_PERCENT = 20;
    static final long DEFAULT_MIN_FREE_BYTES = 512L * 1024 * 1024;
    /** Without a configured interval: repack after this many syncs. */
    static final int DEFAULT_REPACK_EVERY = 20;

    private static final Logger LOG = LoggerFactory.getLogger(WorkRepositories.class);

    private final Path root;
    private final Optional<Long> minFreeBytes;
    private final int repackEvery;
    private final FreeSpace freeSpace;

    /** How much space is free for the work root, in bytes. */
    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes(Path root) throws IOException;
    }

    /**
     * @param minFreeBytes evict while fewer bytes are free; empty: {@value #DEFAULT_MIN_FREE_PERCENT}% of the store,
     *        at most 512 MB
     * @param repackEvery repack a work repository after this many syncs in it
     */
    public WorkRepositories(Path root, Optional<Long> minFreeBytes, int repackEvery, FreeSpace freeSpace) {
        if (repackEvery < 1) {
            throw new IllegalArgumentException("repackEvery must be at least 1");
        }
        this.root = root;
        this.minFreeBytes = minFreeBytes;
        this.repackEvery = repackEvery;
        this.freeSpace = freeSpace;
    }

    /**
     * Reads {@code SYNC_WORK_MIN_FREE_MB} and {@code SYNC_REPACK_EVERY} (both optional) and probes the file store.
     *
     * @throws IllegalStateException when a value is not a whole number
     */
    public static WorkRepositories fromEnvironment(Path root, Map<String, String> env) {
        try {
            Optional<Long> minFree = Optional.ofNullable(env.get("SYNC_WORK_MIN_FREE_MB")).map(String::trim)
                    .filter(v -> !v.isEmpty()).map(mb -> Long.parseLong(mb) * 1024 * 1024);
            int repackEvery = Optional.ofNullable(env.get("SYNC_REPACK_EVERY")).map(String::trim)
                    .filter(v -> !v.isEmpty()).map(Integer::parseInt).orElse(DEFAULT_REPACK_EVERY);
            return new WorkRepositories(root, minFree, repackEvery, WorkRepositories::usableSpace);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("SYNC_WORK_MIN_FREE_MB and SYNC_REPACK_EVERY must be whole numbers", e);
        }
    }

    /**
     * Deletes least recently used work repositories other than {@code current}, skipping those in use, until the
     * free space reaches the threshold or nothing is left to evict. Failures are logged, never thrown: a full disk
     * then fails the sync with its own error.
     */
    public void makeRoom(Path current) {
        try {
            if (!Files.isDirectory(root) || freeSpace.usableBytes(root) >= threshold()) {
                return;
            }
            Path keep = current.toAbsolutePath().normalize();
            for (Path candidate : leastRecentlyUsedFirst()) {
                if (candidate.toAbsolutePath().normalize().equals(keep)) {
                    continue;
                }
                boolean evicted = CachedRepository.ifNotInUse(candidate, () -> delete(candidate));
                if (evicted) {
                    LOG.info("evicted work repository {} to free space in {}", candidate.getFileName(), root);
                }
                if (freeSpace.usableBytes(root) >= threshold()) {
                    return;
                }
            }
            LOG.warn("the work root {} is still short of space after evicting every idle work repository", root);
        } catch (IOException e) {
            LOG.warn("cannot free space in the work root {}: {}", root, e.toString());
        }
    }

    /**
     * Marks {@code dir} used now and counts the sync; every {@code repackEvery}-th sync packs its objects into one
     * pack. Call while holding the work repository's lock. Failures are logged, never thrown.
     */
    public void used(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Path marker = dir.resolve(LAST_USED);
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
            long count = syncCount(dir) + 1;
            Files.writeString(dir.resolve(SYNC_COUNT), Long.toString(count), StandardCharsets.US_ASCII);
            if (count % repackEvery == 0) {
                repack(dir);
            }
        } catch (IOException | GitAPIException | RuntimeException e) {
            LOG.warn("cannot maintain the work repository {}: {}", dir.getFileName(), e.toString());
        }
    }

    private static long syncCount(Path dir) throws IOException {
        Path counter = dir.resolve(SYNC_COUNT);
        if (!Files.exists(counter)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(counter, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void repack(Path dir) throws IOException, GitAPIException {
        long started = System.nanoTime();
        // The repository the process keeps open, so its pack list follows the repack (and the next sync reads only the
        // new pack's index).
        try (Repository repository = CachedRepository.openOrCreate(dir); Git git = Git.wrap(repository)) {
            // Old packs go at once (JGit keeps them an hour by default): only this process, under the work
            // repository's lock, reads them. Only objects the cache refs reach matter to the next sync.
            repository.getConfig().setString(ConfigConstants.CONFIG_GC_SECTION, null,
                    ConfigConstants.CONFIG_KEY_PRUNEPACKEXPIRE, "now");
            git.gc().call();
            NegotiationView.forget(repository);
        }
        LOG.info("repacked work repository {} in {} ms", dir.getFileName(), (System.nanoTime() - started) / 1_000_000);
    }

    private long threshold() throws IOException {
        if (minFreeBytes.isPresent()) {
            return minFreeBytes.get();
        }
        return Math.min(DEFAULT_MIN_FREE_BYTES, Files.getFileStore(root).getTotalSpace() / 100 * DEFAULT_MIN_FREE_PERCENT);
    }

    private List<Path> leastRecentlyUsedFirst() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            entries.forEach(dirs::add);
        }
        dirs.sort(Comparator.comparing(WorkRepositories::lastUsed));
        return dirs;
    }

    private static FileTime lastUsed(Path dir) {
        try {
            Path marker = dir.resolve(LAST_USED);
            return Files.getLastModifiedTime(Files.exists(marker) ? marker : dir);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void delete(Path dir) {
        try {
            CachedRepository.delete(dir);
        } catch (IOException e) {
            LOG.warn("cannot evict work repository {}: {}", dir.getFileName(), e.toString());
        }
    }

    private static long usableSpace(Path root) throws IOException {
        return Files.getFileStore(Files.isDirectory(root) ? root : root.getParent()).getUsableSpace();
    }
}
