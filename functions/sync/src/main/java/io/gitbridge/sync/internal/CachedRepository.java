package io.gitbridge.sync.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

/**
 * The bare repository a sync works in, kept in a directory of its own between invocations so a warm Lambda
 * fetches only what is new. Its refs live under {@link #REFS}; anything that cannot be opened or whose refs
 * do not resolve to readable commits is treated as damaged, and callers {@link #delete} it and start over.
 *
 * <p>The process also keeps the last {@value #MAX_OPEN} work repositories it used open (JGit {@link Repository}
 * objects with their pack indexes read), so a warm container's next sync of the same hook does not read them again.
 * Each is used under its directory's {@link #locked lock}, one sync at a time; one evicted from the cache is closed
 * when its last user closes it. Code that changes a work repository's files other than through JGit while this
 * process may hold it open calls {@link #forget} first.
 */
public final class CachedRepository {

    /** Where the cache keeps the tips it fetched and pushed; they also serve as "have"s when fetching. */
    public static final String REFS = "refs/gitbridge/";

    /**
     * How many work repositories the process keeps open between syncs. Each holds its pack indexes in the heap twice
     * (its own and its {@link NegotiationView}'s): about 2 × 19 MB for a 100k-commit history of 700k objects,
     * so four of those fit the sync function's 320 MB heap next to a sync.
     */
    static final int MAX_OPEN = 4;

    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    /** Open work repositories by directory, least recently used first; each holds one use of its repository. */
    private static final Map<Path, Repository> OPEN = new LinkedHashMap<>(16, 0.75f, true);
    private static final System.Logger LOG = System.getLogger(CachedRepository.class.getName());

    /**
     * Temporary files JGit (and C git) write while a fetch, a push or a gc is in progress and rename or delete when
     * it ends: {@code incoming_*.pack/.idx} (JGit's pack parser), {@code gc_*_tmp} (JGit's gc), {@code *.tmp}
     * ({@code *.pack.tmp}, loose-object {@code noz*.tmp}), {@code tmp_pack_*}/{@code tmp_idx_*}/{@code tmp_obj_*}
     * (C git), {@code pack-*.keep} (a fetch's pack lock) and every {@code *.lock} (ref, config, packed-refs locks).
     */
    private static final Pattern LEFTOVER = Pattern.compile(
            "incoming_.*\\.(pack|idx)|gc_.*_tmp|.*\\.tmp|tmp_(pack|idx|obj)_.*|pack-.*\\.keep|.*\\.lock");

    private CachedRepository() {
    }

    /**
     * Runs {@code action} while no other thread of this process works in {@code dir}. (A Lambda container
     * runs one invocation at a time; the local runner may not.)
     */
    public static <T> T locked(Path dir, Supplier<T> action) {
        ReentrantLock lock = lock(dir);
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} only if no thread works in {@code dir} now; false when it is in use. */
    public static boolean ifNotInUse(Path dir, Runnable action) {
        ReentrantLock lock = lock(dir);
        if (!lock.tryLock()) {
            return false;
        }
        try {
            action.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static ReentrantLock lock(Path dir) {
        return LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
    }

    /**
     * Opens the cache in {@code dir}, creating an empty one when there is none; the caller closes what it gets, and
     * the process keeps the repository open for the next call (see the class comment). When the process opens the
     * directory for the first time, temporary files left in it by a fetch, push or gc that did not end (the process
     * was killed) are deleted first: call it only while holding
     * {@link #locked} for {@code dir}, so that no other sync of this process is writing them, and with no other
     * process using the same directory (the local runner's data directory is locked by its H2 database, a Lambda
     * container runs one invocation at a time).
     *
     * @throws IOException when the directory holds something that is not a healthy repository
     */
    public static Repository openOrCreate(Path dir) throws IOException {
        Path key = key(dir);
        Repository cached;
        synchronized (OPEN) {
            cached = OPEN.get(key);
            if (cached != null) {
                cached.incrementOpen();
            }
        }
        if (cached != null) {
            if (Files.isDirectory(dir.resolve("objects"))) {
                try {
                    check(cached);
                    return cached;
                } catch (IOException | RuntimeException e) {
                    // Changed behind the cache's back: read it again from disk.
                }
            }
            cached.close();
            forget(dir);
        }
        Repository repository = openOrCreateUncached(dir);
        remember(key, repository);
        return repository;
    }

    /**
     * Closes the open repository this process keeps for {@code dir}, if any (once its current user, if any, closes
     * it too), so the next {@link #openOrCreate} reads the directory again.
     */
    public static void forget(Path dir) {
        Repository evicted;
        synchronized (OPEN) {
            evicted = OPEN.remove(key(dir));
        }
        if (evicted != null) {
            NegotiationView.forget(evicted);
            evicted.close();
        }
    }

    private static void remember(Path key, Repository repository) {
        List<Repository> evicted = new ArrayList<>();
        synchronized (OPEN) {
            repository.incrementOpen(); // the cache's own use
            Repository replaced = OPEN.put(key, repository);
            if (replaced != null && replaced != repository) {
                evicted.add(replaced);
            }
            Iterator<Map.Entry<Path, Repository>> eldest = OPEN.entrySet().iterator();
            while (OPEN.size() > MAX_OPEN && eldest.hasNext()) {
                evicted.add(eldest.next().getValue());
                eldest.remove();
            }
        }
        for (Repository r : evicted) {
            NegotiationView.forget(r);
            r.close();
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    private static Repository openOrCreateUncached(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return create(dir);
        }
        List<Path> removed = removeLeftovers(dir);
        if (!removed.isEmpty()) {
            LOG.log(Level.INFO, "removed " + removed.size() + " temporary file(s) an interrupted git operation left in "
                    + dir + ": " + removed.stream().map(p -> dir.relativize(p).toString()).toList());
        }
        Repository repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
        try {
            check(repository);
            return repository;
        } catch (IOException | RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    /**
     * Deletes the temporary files (see {@link #LEFTOVER}) under {@code dir}'s {@code objects} and {@code refs}
     * directories and at its top level, and returns them.
     */
    public static List<Path> removeLeftovers(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> top = Files.list(dir)) {
            top.filter(Files::isRegularFile).forEach(candidates::add);
        }
        for (String sub : List.of("objects", "refs", "logs")) {
            Path root = dir.resolve(sub);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(candidates::add);
                }
            }
        }
        for (Path file : candidates) {
            if (LEFTOVER.matcher(file.getFileName().toString()).matches() && Files.deleteIfExists(file)) {
                removed.add(file);
            }
        }
        return removed;
    }

    /** Deletes the cache in {@code dir} and everything in it. */
    public static void delete(Path dir) throws IOException {
        forget(dir);
        FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
    }

    private static Repository create(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Repository repository = FileRepositoryBuilder.create(dir.toFile());
        repository.create(true);
        StoredConfig config = repository.getConfig();
        // The cache lives as long as a container; collecting garbage would only cost invocation time.
        config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, false);
        config.save();
        return repository;
    }

    /** Reads every commit the cache's refs name, which fails on missing or corrupt objects. */
    private static void check(Repository repository) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(REFS)) {
                if (ref.getObjectId() == null) {
                    throw new IOException("cache ref " + ref.getName() + " points nowhere");
                }
                walk.parseCommit(ref.getObjectId());
            }
        }
    }
}
