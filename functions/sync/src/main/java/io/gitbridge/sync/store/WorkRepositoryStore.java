package io.gitbridge.sync.store;

import io.gitbridge.sync.internal.CachedRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each hook's work repository (its cache refs and the objects they reach) in an {@link ObjectStore}, so that a
 * container whose work root is empty can rebuild it before fetching and fetch only what changed.
 *
 * <ul>
 *   <li>{@link #save} runs after a successful sync: it uploads one pack of the objects that are new since the stored
 *       refs (only what changed), then the manifest naming the refs and every pack; now and then (too many packs, an old
 *       oldest pack, a store this container could not trust) one pack of everything replaces them.</li>
 *   <li>{@link #restore} runs before a sync when the work repository does not exist: it downloads the packs with their
 *       indexes (no re-indexing), checks every file's size and SHA-256 against the manifest, writes the refs and moves
 *       the result into place in one rename. The fetch then negotiates with the restored commits.</li>
 * </ul>
 * Both are bounded in bytes ({@link StoreSettings#maxBytes}) and time, and neither ever throws: a store that cannot be
 * read, a damaged or missing object, or a timeout only costs the full fetch the sync would have done anyway, and one
 * WARN line says why. Objects live under {@code <prefix><hook id>/<work repository name>/}; {@link #forget} removes a
 * hook's. Call {@link #restore} and {@link #save} while holding the work repository's lock
 * ({@link CachedRepository#locked}).
 */
public final class WorkRepositoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(WorkRepositoryStore.class);
    private static final Pattern HOOK_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final String MANIFEST = "manifest";
    /** A save that would have less time than this is not started. */
    private static final Duration MIN_SAVE_TIME = Duration.ofSeconds(2);
    private static final WorkRepositoryStore NONE = new WorkRepositoryStore();
    /** Packs larger than this are downloaded in parts, several at a time ({@link RangedDownload}). */
    static final long PART_BYTES = 8L * 1024 * 1024;

    private final ObjectStore objects;
    private final StoreSettings settings;
    private final Clock clock;
    private final long partBytes;
    /** The manifest this process last wrote or read per work repository, so an unchanged sync costs no request. */
    private final Map<Path, Manifest> known = new ConcurrentHashMap<>();
    /** Work repositories whose stored state could not be read back: their next save replaces it whole. */
    private final Set<Path> untrusted = ConcurrentHashMap.newKeySet();

    private WorkRepositoryStore() {
        this.objects = null;
        this.settings = null;
        this.clock = Clock.systemUTC();
        this.partBytes = PART_BYTES;
    }

    /** A store in {@code objects}, bounded as {@code settings} say. */
    public WorkRepositoryStore(ObjectStore objects, StoreSettings settings, Clock clock) {
        this(objects, settings, clock, PART_BYTES);
    }

    /** Also downloading packs in parts of {@code partBytes} (tests). */
    WorkRepositoryStore(ObjectStore objects, StoreSettings settings, Clock clock, long partBytes) {
        this.objects = objects;
        this.settings = settings;
        this.clock = clock;
        this.partBytes = partBytes;
    }

    /** No store: restores and saves do nothing (the local runner, whose data directory outlives its process). */
    public static WorkRepositoryStore none() {
        return NONE;
    }

    /**
     * The store the environment configures ({@link StoreSettings#fromEnvironment}) in S3, with its client built now;
     * {@link #none()} when {@value StoreSettings#BUCKET} is unset.
     */
    public static WorkRepositoryStore fromEnvironment(Map<String, String> env) {
        return StoreSettings.fromEnvironment(env)
                .map(settings -> new WorkRepositoryStore(S3ObjectStore.create(settings), settings, Clock.systemUTC()))
                .orElse(NONE);
    }

    /** True when a store is configured. */
    public boolean enabled() {
        return objects != null;
    }

    /**
     * Rebuilds the work repository {@code workDir} of hook {@code hookId} from the store, when it does not exist and
     * the store holds it. Never throws.
     */
    public RestoreResult restore(String hookId, Path workDir) {
        if (!enabled()) {
            return RestoreResult.skipped("no store is configured");
        }
        if (Files.exists(workDir)) {
            return RestoreResult.skipped("the work repository exists");
        }
        long started = System.nanoTime();
        long deadline = started + settings.restoreTimeout().toNanos();
        Path staging = workDir.resolveSibling(workDir.getFileName() + ".restoring");
        try {
            String base = keyBase(hookId, workDir);
            Optional<byte[]> raw = objects.read(base + MANIFEST, Manifest.MAX_BYTES);
            if (raw.isEmpty()) {
                return new RestoreResult(RestoreResult.Status.NOTHING_STORED, 0, 0, since(started), null);
            }
            Manifest manifest = Manifest.decode(raw.get());
            if (manifest.bytes() > settings.maxBytes()) {
                throw new IOException("the stored packs hold " + manifest.bytes() + " bytes, more than the limit of "
                        + settings.maxBytes());
            }
            CachedRepository.delete(staging);
            CachedRepository.openOrCreate(staging).close();
            Path packDir = staging.resolve("objects").resolve("pack");
            Files.createDirectories(packDir);
            long bytes = 0;
            for (Manifest.StoredPack pack : manifest.packs()) {
                RangedDownload.download(objects, base + packKey(pack.name(), ".pack"),
                        packDir.resolve("pack-" + pack.name() + ".pack"), pack.packBytes(), pack.packSha256(),
                        partBytes, deadline);
                RangedDownload.download(objects, base + packKey(pack.name(), ".idx"),
                        packDir.resolve("pack-" + pack.name() + ".idx"), pack.idxBytes(), pack.idxSha256(), partBytes,
                        deadline);
                bytes += pack.bytes();
            }
            writeRefs(staging, manifest.refs());
            move(staging, workDir);
            known.put(workDir, manifest);
            untrusted.remove(workDir);
            RestoreResult result = new RestoreResult(RestoreResult.Status.RESTORED, manifest.packs().size(), bytes,
                    since(started), null);
            LOG.info("restored work repository {} from the store: {} pack(s), {} bytes in {} ms", workDir.getFileName(),
                    result.packs(), bytes, result.took().toMillis());
            return result;
        } catch (IOException | UncheckedIOException | StoreException | IllegalArgumentException e) {
            deleteQuietly(staging);
            untrusted.add(workDir);
            known.remove(workDir);
            LOG.warn("cannot restore work repository {} from the store, fetching everything instead: {}",
                    workDir.getFileName(), describe(e));
            return new RestoreResult(RestoreResult.Status.FAILED, 0, 0, since(started), describe(e));
        } catch (RuntimeException e) {
            deleteQuietly(staging);
            untrusted.add(workDir);
            LOG.warn("restoring work repository {} failed unexpectedly, fetching everything instead", workDir.getFileName(),
                    e);
            return new RestoreResult(RestoreResult.Status.FAILED, 0, 0, since(started), describe(e));
        }
    }

    /**
     * Uploads what the work repository {@code workDir} of hook {@code hookId} holds that the store does not, after a
     * successful sync that began at {@code syncStartedNanos} ({@link System#nanoTime()}): within the sync's budget and
     * the save timeout, whichever ends first. Never throws.
     */
    public SaveResult save(String hookId, Path workDir, long syncStartedNanos) {
        if (!enabled()) {
            return SaveResult.skipped("no store is configured");
        }
        long started = System.nanoTime();
        Duration left = settings.syncBudget().minus(Duration.ofNanos(started - syncStartedNanos));
        Duration allowed = left.compareTo(settings.saveTimeout()) < 0 ? left : settings.saveTimeout();
        if (allowed.compareTo(MIN_SAVE_TIME) < 0) {
            LOG.warn("work repository {} not saved to the store: the sync used its time budget", workDir.getFileName());
            return SaveResult.skipped("the sync left no time");
        }
        long deadline = started + allowed.toNanos();
        try (Repository repository = new FileRepositoryBuilder().setGitDir(workDir.toFile()).setBare()
                .setMustExist(true).build()) {
            Map<String, ObjectId> refs = cacheRefs(repository);
            if (refs.isEmpty()) {
                return SaveResult.skipped("the work repository has no refs");
            }
            boolean trusted = !untrusted.contains(workDir);
            Manifest last = known.get(workDir);
            if (trusted && last != null && last.refs().equals(refs)) {
                return new SaveResult(SaveResult.Status.UNCHANGED, 0, 0, since(started), null);
            }
            String base = keyBase(hookId, workDir);
            Optional<Manifest> stored = readManifest(base);
            if (trusted && stored.isPresent() && stored.get().refs().equals(refs)) {
                known.put(workDir, stored.get());
                return new SaveResult(SaveResult.Status.UNCHANGED, 0, 0, since(started), null);
            }
            boolean consolidate = !trusted || stored.isEmpty()
                    || stored.get().packs().size() + 1 > settings.consolidateAfter()
                    || stored.get().base().plus(settings.refreshAfter()).isBefore(clock.instant())
                    || !allPresent(repository, stored.get().refs().values());
            Set<ObjectId> haves = consolidate ? Set.of() : new HashSet<>(stored.get().refs().values());
            long room = settings.maxBytes() - (consolidate ? 0 : stored.get().bytes());
            if (room <= 0) {
                consolidate = true;
                haves = Set.of();
                room = settings.maxBytes();
            }
            Optional<PackExport.Written> pack = PackExport.write(repository, new HashSet<>(refs.values()), haves,
                    workDir, room, deadline);
            try {
                long bytes = 0;
                List<Manifest.StoredPack> packs = new ArrayList<>(consolidate ? List.of() : stored.get().packs());
                if (pack.isPresent()) {
                    Manifest.StoredPack written = pack.get().stored();
                    objects.write(base + packKey(written.name(), ".pack"), pack.get().pack());
                    objects.write(base + packKey(written.name(), ".idx"), pack.get().index());
                    packs.removeIf(p -> p.name().equals(written.name()));
                    packs.add(written);
                    bytes += written.bytes();
                }
                Instant baseTime = consolidate ? clock.instant() : stored.get().base();
                Manifest manifest = new Manifest(baseTime, refs, packs);
                byte[] encoded = manifest.encode();
                objects.write(base + MANIFEST, encoded);
                bytes += encoded.length;
                known.put(workDir, manifest);
                untrusted.remove(workDir);
                if (consolidate && stored.isPresent()) {
                    deleteReplaced(base, stored.get(), manifest);
                }
                SaveResult result = new SaveResult(consolidate ? SaveResult.Status.CONSOLIDATED
                        : SaveResult.Status.INCREMENT, pack.map(PackExport.Written::objects).orElse(0L), bytes,
                        since(started), null);
                LOG.info("saved work repository {} to the store ({}): {} object(s), {} bytes in {} ms",
                        workDir.getFileName(), result.status(), result.objects(), bytes, result.took().toMillis());
                return result;
            } finally {
                if (pack.isPresent()) {
                    Files.deleteIfExists(pack.get().pack());
                    Files.deleteIfExists(pack.get().index());
                }
            }
        } catch (IOException | UncheckedIOException | StoreException | IllegalArgumentException e) {
            known.remove(workDir);
            LOG.warn("cannot save work repository {} to the store: {}", workDir.getFileName(), describe(e));
            return new SaveResult(SaveResult.Status.FAILED, 0, 0, since(started), describe(e));
        } catch (RuntimeException e) {
            known.remove(workDir);
            LOG.warn("saving work repository {} to the store failed unexpectedly", workDir.getFileName(), e);
            return new SaveResult(SaveResult.Status.FAILED, 0, 0, since(started), describe(e));
        }
    }

    /**
     * Deletes every object the store holds for hook {@code hookId} (all its work repositories), for a hook that was
     * deleted; returns how many.
     *
     * @throws StoreException when the store cannot be listed or an object cannot be deleted
     * @throws IllegalArgumentException when {@code hookId} is not a hook id
     */
    public int forget(String hookId) {
        if (!enabled()) {
            return 0;
        }
        List<String> keys = objects.list(hookPrefix(hookId));
        objects.delete(keys);
        known.keySet().removeIf(dir -> dir.getFileName().toString().startsWith(hookId + "-"));
        return keys.size();
    }

    /** The key prefix of everything stored for hook {@code hookId}. */
    String hookPrefix(String hookId) {
        if (!HOOK_ID.matcher(hookId).matches()) {
            throw new IllegalArgumentException("not a hook id: " + hookId.length() + " characters");
        }
        return settings.prefix() + hookId + "/";
    }

    /** The key prefix of one work repository's objects. */
    String keyBase(String hookId, Path workDir) {
        return hookPrefix(hookId) + workDir.getFileName() + "/";
    }

    private static String packKey(String name, String extension) {
        return "pack-" + name + extension;
    }

    private Optional<Manifest> readManifest(String base) {
        Optional<byte[]> raw = objects.read(base + MANIFEST, Manifest.MAX_BYTES);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Manifest.decode(raw.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("the stored manifest {} is damaged ({}); replacing it", base + MANIFEST, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the cache refs, then checks that each names a commit the restored packs hold. */
    private static void writeRefs(Path dir, Map<String, ObjectId> refs) throws IOException {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true)
                .build(); RevWalk walk = new RevWalk(repository)) {
            for (Map.Entry<String, ObjectId> ref : refs.entrySet()) {
                walk.parseCommit(ref.getValue());
                RefUpdate update = repository.updateRef(CachedRepository.REFS + ref.getKey());
                update.setNewObjectId(ref.getValue());
                update.setForceUpdate(true);
                update.disableRefLog();
                RefUpdate.Result result = update.update(walk);
                if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED
                        && result != RefUpdate.Result.NO_CHANGE) {
                    throw new IOException("cannot write " + update.getName() + ": " + result);
                }
            }
        }
        CachedRepository.openOrCreate(dir).close();
    }

    private static Map<String, ObjectId> cacheRefs(Repository repository) throws IOException {
        Map<String, ObjectId> refs = new LinkedHashMap<>();
        for (Ref ref : repository.getRefDatabase().getRefsByPrefix(CachedRepository.REFS)) {
            String name = ref.getName().substring(CachedRepository.REFS.length());
            if (ref.getObjectId() != null && name.matches("[a-z]{1,32}")) {
                refs.put(name, ref.getObjectId());
            }
        }
        return refs;
    }

    private static boolean allPresent(Repository repository, Iterable<ObjectId> ids) throws IOException {
        for (ObjectId id : ids) {
            if (!repository.getObjectDatabase().has(id)) {
                return false;
            }
        }
        return true;
    }

    /** Best effort: an old pack left behind costs storage until the lifecycle rule expires it, nothing else. */
    private void deleteReplaced(String base, Manifest old, Manifest current) {
        Set<String> kept = new HashSet<>();
        current.packs().forEach(p -> kept.add(p.name()));
        List<String> keys = new ArrayList<>();
        for (Manifest.StoredPack pack : old.packs()) {
            if (!kept.contains(pack.name())) {
                keys.add(base + packKey(pack.name(), ".pack"));
                keys.add(base + packKey(pack.name(), ".idx"));
            }
        }
        try {
            objects.delete(keys);
        } catch (StoreException e) {
            LOG.warn("cannot delete {} replaced object(s) under {}: {}", keys.size(), base, describe(e));
        }
    }

    private static void move(Path staging, Path workDir) throws IOException {
        try {
            Files.move(staging, workDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            CachedRepository.delete(dir);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        if (e.getCause() != null && e.getCause() != e) {
            text.append(" (").append(e.getCause().getClass().getSimpleName()).append(": ")
                    .append(e.getCause().getMessage()).append(')');
        }
        return text.length() <= 500 ? text.toString() : text.substring(0, 500) + "…";
    }
}
