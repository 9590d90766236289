package io.gitbridge.sync.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads one stored file in parts of at most {@code partBytes}, {@value #STREAMS} at a time (one S3 connection
 * gives tens of MB/s; a big pack comes faster over several), each written at its offset, then checks the file's size
 * and SHA-256 as a whole. A file of one part is one plain GET.
 */
final class RangedDownload {

    static final int STREAMS = 4;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(STREAMS, task -> {
        Thread thread = new Thread(task, "gitbridge-store-download");
        thread.setDaemon(true);
        return thread;
    });

    private RangedDownload() {
    }

    /**
     * Writes the blob {@code key} of {@code size} bytes to the new file {@code target} and checks it against
     * {@code sha256}, giving up at {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws IOException naming {@code key} when it is missing, damaged, or not downloaded in time
     */
    static void download(ObjectStore objects, String key, Path target, long size, String sha256, long partBytes,
            long deadlineNanos) throws IOException {
        int parts = (int) Math.max(1, (size + partBytes - 1) / partBytes);
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            List<Future<?>> running = new ArrayList<>();
            for (int part = 0; part < parts; part++) {
                long from = part * partBytes;
                long length = parts == 1 ? size : Math.min(partBytes, size - from);
                running.add(POOL.submit(() -> {
                    fetchPart(objects, key, channel, from, length, parts == 1);
                    return null;
                }));
            }
            try {
                for (Future<?> part : running) {
                    part.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                throw new IOException(key + " was not downloaded within the restore's time limit", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(key + ": " + cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + key, e);
            } finally {
                running.forEach(part -> part.cancel(true));
            }
        }
        MessageDigest digest = PackExport.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(target), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (Files.size(target) != size || !HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
            throw new IOException(key + " is damaged: its size or SHA-256 is not what the manifest names");
        }
    }

    private static void fetchPart(ObjectStore objects, String key, FileChannel channel, long from, long length,
            boolean whole) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(length, Integer.MAX_VALUE - 8));
        boolean found;
        try (PackExport.Bounded out = new PackExport.Bounded(buffer, length)) {
            found = whole ? objects.copyTo(key, out) : objects.copyRangeTo(key, from, from + length - 1, out);
        } catch (StoreException e) {
            if (e.getCause() instanceof IOException io && io.getMessage() != null) {
                throw new IOException(key + " is damaged: " + io.getMessage(), e);
            }
            throw new IOException(key + ": " + e.getMessage(), e);
        }
        if (!found) {
            throw new IOException(key + " is missing from the store");
        }
        if (buffer.size() != length) {
            throw new IOException(key + " is damaged: its size or SHA-256 is not what the manifest names");
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
        long position = from;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }
}
