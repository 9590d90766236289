package io.gitbridge.sync.store;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A flat store of named blobs (an S3 bucket): what {@link WorkRepositoryStore} needs of it and nothing more. Keys are
 * {@code /}-separated. Every method throws {@link StoreException} when the store cannot be reached or refuses.
 */
public interface ObjectStore {

    /** The blob at {@code key}, when there is one of at most {@code maxBytes} bytes; empty when there is none. */
    Optional<byte[]> read(String key, long maxBytes);

    /**
     * Writes the blob at {@code key} to {@code out}.
     *
     * @return false when there is no blob at {@code key} (nothing was written)
     */
    boolean copyTo(String key, OutputStream out);

    /**
     * Writes bytes {@code from} to {@code to} (both included, as in an HTTP {@code Range}) of the blob at {@code key}
     * to {@code out}.
     *
     * @return false when there is no blob at {@code key}
     */
    boolean copyRangeTo(String key, long from, long to, OutputStream out);

    /** Stores {@code bytes} at {@code key}, replacing what was there. */
    void write(String key, byte[] bytes);

    /** Stores the file's content at {@code key}, replacing what was there. */
    void write(String key, Path file);

    /** The keys that start with {@code prefix}, in no particular order. */
    List<String> list(String prefix);

    /** Deletes the blobs at {@code keys}; keys without a blob are no error. */
    void delete(Collection<String> keys);
}
