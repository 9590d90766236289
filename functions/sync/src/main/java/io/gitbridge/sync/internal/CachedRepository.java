package io.gitbridge.sync.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class CachedRepository {

    /** Where the cache keeps the tips it fetched and pushed; they also serve as "have"s when fetching. */
    public static final String REFS = "refs/gitbridge/";

    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

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
     * Opens the cache in {@code dir}, creating an empty one when there is none.
     *
     * @throws IOException when the directory holds something that is not a healthy repository
     */
    public static Repository openOrCreate(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return create(dir);
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

    /** Deletes the cache in {@code dir} and everything in it. */
    public static void delete(Path dir) throws IOException {
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
