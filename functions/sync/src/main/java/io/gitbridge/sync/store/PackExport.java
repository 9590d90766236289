package io.gitbridge.sync.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Writes one self-contained pack (and its index) of the objects reachable from some commits but not from others, the
 * way upload-pack answers a fetch but never thin: every delta's base is in the same pack or the object is whole. Bounded
 * in bytes and in time: past either, writing stops with an {@link IOException}.
 */
final class PackExport {

    /** The written pack: its files and how it is described in the manifest. */
    record Written(Path pack, Path index, Manifest.StoredPack stored, long objects) {
    }

    private PackExport() {
    }

    /**
     * Writes the pack of what {@code wants} reach and {@code haves} do not into {@code dir} (as {@code *.tmp} files,
     * which {@code CachedRepository} cleans up after a crash); empty when there is no such object.
     *
     * @param haves commits whose objects the store holds already; those missing here are ignored
     */
    static Optional<Written> write(Repository repository, Set<ObjectId> wants, Set<ObjectId> haves, Path dir,
            long maxBytes, long deadlineNanos) throws IOException {
        PackConfig config = new PackConfig(repository);
        Deadline monitor = new Deadline(deadlineNanos);
        try (ObjectReader reader = repository.newObjectReader(); PackWriter writer = new PackWriter(config, reader)) {
            writer.setThin(false);
            writer.setUseBitmaps(true);
            writer.setIgnoreMissingUninteresting(true);
            writer.setDeltaBaseAsOffset(true);
            writer.preparePack(monitor, wants, haves);
            long objects = writer.getObjectCount();
            if (objects == 0) {
                return Optional.empty();
            }
            Path pack = dir.resolve("gitbridge-store-upload.pack.tmp");
            Path index = dir.resolve("gitbridge-store-upload.idx.tmp");
            MessageDigest packDigest = sha256();
            long packBytes;
            try (Bounded out = new Bounded(new DigestOutputStream(Files.newOutputStream(pack), packDigest), maxBytes)) {
                writer.writePack(monitor, monitor, out);
                packBytes = out.written;
            }
            MessageDigest indexDigest = sha256();
            long indexBytes;
            try (Bounded out = new Bounded(new DigestOutputStream(Files.newOutputStream(index), indexDigest),
                    maxBytes)) {
                writer.writeIndex(out);
                indexBytes = out.written;
            }
            if (monitor.isCancelled()) {
                throw new IOException("writing the pack took longer than the time left");
            }
            HexFormat hex = HexFormat.of();
            return Optional.of(new Written(pack, index, new Manifest.StoredPack(writer.computeName().name(),
                    packBytes, hex.formatHex(packDigest.digest()), indexBytes, hex.formatHex(indexDigest.digest())),
                    objects));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Counts what goes through and refuses to pass {@code max} bytes. */
    static final class Bounded extends FilterOutputStream {
        private final long max;
        private long written;

        Bounded(OutputStream out, long max) {
            super(out);
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > max) {
                throw new IOException("the pack is larger than the store's limit of " + max + " bytes");
            }
            out.write(b, off, len);
            written += len;
        }

        long written() {
            return written;
        }
    }

    /** A progress monitor that only says "cancelled" once the deadline has passed, which stops PackWriter. */
    static final class Deadline implements ProgressMonitor {
        private final long deadlineNanos;

        Deadline(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public boolean isCancelled() {
            return System.nanoTime() - deadlineNanos > 0;
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
        }

        @Override
        public void update(int completed) {
        }

        @Override
        public void endTask() {
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }
}
