package io.gitbridge.sync.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.merge.ContentMergeStrategy;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A three-way merge of two trees in which the source ("theirs") wins every conflict: {@code git merge -X theirs},
 * completed for the conflicts git leaves to a human. Per path, with base B, build side O ("ours") and source side T:
 * <ul>
 *   <li>O equals T: that entry (both made the same change, or neither changed it);
 *   <li>only T changed it (O equals B): T's entry, so the source's edits, additions and deletions (also a
 *       revert of earlier source changes, as after a rollback) are applied;
 *   <li>only O changed it (T equals B): O's entry, so changes made only on the build branch, such as a file the
 *       platform committed there, are kept;
 *   <li>both changed a text file: a line-level merge by JGit's {@link MergeAlgorithm} with
 *       {@link ContentMergeStrategy#THEIRS}, so build-side hunks survive and each conflicting hunk is the source's;
 *   <li>every other conflict is the source's entry, or no entry when the source deleted it: modify/delete and
 *       delete/modify, add/add, binary files, symbolic links and submodules, files over {@value #MAX_TEXT_MERGE_BYTES}
 *       bytes, and one side of a rename (renames are not detected: a file the source renamed appears under its new
 *       name with the source's content, and a build-side edit of the old name is dropped like any modify/delete).
 * </ul>
 * A path that ends up both a file and a directory (file/directory conflict) keeps the side the source has.
 *
 * <p>JGit's {@code ResolveMerger} with the same content strategy gives up the whole tree when one path is a
 * modify/delete, file/directory or binary conflict; resolving those paths afterwards would need this per-path pass
 * anyway, so the whole merge is one pass over the three flattened trees and JGit does the line-level work.
 */
public final class TheirsMerge {

    /** Files larger than this (on any side) are not merged line by line; the source's version wins. */
    static final int MAX_TEXT_MERGE_BYTES = 8 * 1024 * 1024;

    private final ObjectReader reader;
    private final ObjectInserter inserter;

    /** A merge that reads objects with {@code reader} and writes blobs and trees with {@code inserter}. */
    public TheirsMerge(ObjectReader reader, ObjectInserter inserter) {
        this.reader = reader;
        this.inserter = inserter;
    }

    /**
     * Merges the trees and inserts the result (the caller flushes the inserter).
     *
     * @param base the common ancestor's tree, or null for none (every file present on both sides is then an add/add)
     * @param ours the build branch's tree
     * @param theirs the source commit's tree
     * @return the merged tree's id
     */
    public ObjectId merge(AnyObjectId base, AnyObjectId ours, AnyObjectId theirs) throws IOException {
        if (Objects.equals(base, ours) || ours.equals(theirs)) {
            return theirs.copy();
        }
        if (Objects.equals(base, theirs)) {
            return ours.copy();
        }
        Map<String, Entry> b = base == null ? Map.of() : flatten(base);
        Map<String, Entry> o = flatten(ours);
        Map<String, Entry> t = flatten(theirs);
        TreeSet<String> paths = new TreeSet<>(o.keySet());
        paths.addAll(t.keySet());
        paths.addAll(b.keySet());
        TreeMap<String, Entry> result = new TreeMap<>();
        for (String path : paths) {
            Entry merged = mergeEntry(b.get(path), o.get(path), t.get(path));
            if (merged != null) {
                result.put(path, merged);
            }
        }
        dropFileDirectoryConflicts(result, t);
        return writeTree(result);
    }

    private Entry mergeEntry(Entry base, Entry ours, Entry theirs) throws IOException {
        if (Objects.equals(ours, theirs)) {
            return ours;
        }
        if (Objects.equals(base, ours)) {
            return theirs;
        }
        if (Objects.equals(base, theirs)) {
            return ours;
        }
        if (base != null && ours != null && theirs != null && base.isFile() && ours.isFile() && theirs.isFile()) {
            int mode = theirs.mode == base.mode ? ours.mode : theirs.mode;
            ObjectId content = ours.id.equals(theirs.id) ? theirs.id : mergeText(base.id, ours.id, theirs.id);
            return new Entry(mode, content == null ? theirs.id : content);
        }
        return theirs;
    }

    /** The line-level merge with conflicting hunks taken from the source; null when a side is binary or too large. */
    private ObjectId mergeText(ObjectId base, ObjectId ours, ObjectId theirs) throws IOException {
        byte[] baseBytes = text(base);
        byte[] oursBytes = baseBytes == null ? null : text(ours);
        byte[] theirsBytes = oursBytes == null ? null : text(theirs);
        if (theirsBytes == null) {
            return null;
        }
        MergeAlgorithm algorithm = new MergeAlgorithm();
        algorithm.setContentMergeStrategy(ContentMergeStrategy.THEIRS);
        MergeResult<RawText> merged = algorithm.merge(RawTextComparator.DEFAULT, new RawText(baseBytes),
                new RawText(oursBytes), new RawText(theirsBytes));
        if (merged.containsConflicts()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MergeFormatter().formatMerge(out, merged, "base", "build", "source", StandardCharsets.UTF_8);
        return inserter.insert(Constants.OBJ_BLOB, out.toByteArray());
    }

    /** The blob's bytes when it is text of a mergeable size; null otherwise. */
    private byte[] text(ObjectId blob) throws IOException {
        ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
        if (loader.isLarge() || loader.getSize() > MAX_TEXT_MERGE_BYTES) {
            return null;
        }
        byte[] bytes = loader.getCachedBytes();
        return RawText.isBinary(bytes) ? null : bytes;
    }

    /**
     * Where a path is a file and also the prefix of other paths, keeps whichever the source has: the source's
     * tree is a valid tree, so at most one side of each clash comes from it.
     */
    private static void dropFileDirectoryConflicts(TreeMap<String, Entry> result, Map<String, Entry> theirs) {
        List<String> drop = new ArrayList<>();
        for (String path : result.keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String prefix = path.substring(0, slash);
                Entry file = result.get(prefix);
                if (file != null) {
                    drop.add(file.equals(theirs.get(prefix)) ? path : prefix);
                }
            }
        }
        drop.forEach(result::remove);
    }

    private Map<String, Entry> flatten(AnyObjectId tree) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                entries.put(walk.getPathString(), new Entry(walk.getRawMode(0), walk.getObjectId(0)));
            }
        }
        return entries;
    }

    private ObjectId writeTree(Map<String, Entry> entries) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            DirCacheEntry file = new DirCacheEntry(entry.getKey());
            file.setFileMode(FileMode.fromBits(entry.getValue().mode));
            file.setObjectId(entry.getValue().id);
            builder.add(file);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    /** One path of a flattened tree. */
    private record Entry(int mode, ObjectId id) {

        boolean isFile() {
            return (mode & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
        }
    }
}
