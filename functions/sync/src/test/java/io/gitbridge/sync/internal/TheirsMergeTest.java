package io.gitbridge.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-path rules of {@link TheirsMerge}, on trees in an in-memory repository. */
class TheirsMergeTest {

    private static final FileMode FILE = FileMode.REGULAR_FILE;
    private static final FileMode EXEC = FileMode.EXECUTABLE_FILE;
    private static final FileMode LINK = FileMode.SYMLINK;

    private final InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("merge"));
    private final ObjectInserter inserter = repository.newObjectInserter();
    private final ObjectReader reader = repository.newObjectReader();

    @AfterEach
    void close() {
        reader.close();
        inserter.close();
        repository.close();
    }

    @Test
    void merge_keepsTheSourcesExecutableBit_andTheBuildsContentChange() throws IOException {
        ObjectId base = tree(entry("run.sh", FILE, "echo 1\n"));
        ObjectId build = tree(entry("run.sh", FILE, "echo build\n"));
        ObjectId source = tree(entry("run.sh", EXEC, "echo 1\n"));

        Map<String, String> merged = read(merge(base, build, source));

        assertThat(merged).containsExactly(Map.entry("run.sh", EXEC.toString() + " echo build\n"));
    }

    @Test
    void merge_keepsTheBuildsModeChange_whenBothChangedTheContent() throws IOException {
        ObjectId base = tree(entry("run.sh", FILE, "a\nb\nc\nd\ne\n"));
        ObjectId build = tree(entry("run.sh", EXEC, "build a\nb\nc\nd\ne\n"));
        ObjectId source = tree(entry("run.sh", FILE, "a\nb\nc\nd\nsource e\n"));

        Map<String, String> merged = read(merge(base, build, source));

        assertThat(merged).containsExactly(Map.entry("run.sh", EXEC.toString() + " build a\nb\nc\nd\nsource e\n"));
    }

    @Test
    void merge_takesTheSourcesSymlink_whenBothChangedIt() throws IOException {
        ObjectId base = tree(entry("current", LINK, "v1"));
        ObjectId build = tree(entry("current", LINK, "v1-build"));
        ObjectId source = tree(entry("current", LINK, "v2"));

        assertThat(read(merge(base, build, source))).containsExactly(Map.entry("current", LINK.toString() + " v2"));
    }

    @Test
    void merge_withoutABase_takesTheSourceForEveryPathBothHave_andKeepsTheRest() throws IOException {
        ObjectId build = tree(entry("app.txt", FILE, "build\n"), entry("deploy.yaml", FILE, "platform\n"));
        ObjectId source = tree(entry("app.txt", FILE, "source\n"), entry("lib.txt", FILE, "lib\n"));

        Map<String, String> merged = read(merge(null, build, source));

        assertThat(merged).containsExactly(Map.entry("app.txt", FILE + " source\n"),
                Map.entry("deploy.yaml", FILE + " platform\n"), Map.entry("lib.txt", FILE + " lib\n"));
    }

    @Test
    void merge_revertsWhatTheSourceReverted_andKeepsBuildOnlyFiles() throws IOException {
        ObjectId newer = tree(entry("app.txt", FILE, "b\n"), entry("added.txt", FILE, "b\n"));
        ObjectId build = tree(entry("app.txt", FILE, "b\n"), entry("added.txt", FILE, "b\n"),
                entry("deploy.yaml", FILE, "platform\n"));
        ObjectId older = tree(entry("app.txt", FILE, "a\n"));

        Map<String, String> merged = read(merge(newer, build, older));

        assertThat(merged).containsExactly(Map.entry("app.txt", FILE + " a\n"),
                Map.entry("deploy.yaml", FILE + " platform\n"));
    }

    @Test
    void merge_returnsTheSourceTree_whenTheBuildHasNoChangesOfItsOwn() throws IOException {
        ObjectId base = tree(entry("app.txt", FILE, "a\n"));
        ObjectId source = tree(entry("app.txt", FILE, "b\n"));

        assertThat(merge(base, base, source)).isEqualTo(source);
    }

    private ObjectId merge(ObjectId base, ObjectId build, ObjectId source) throws IOException {
        ObjectId merged = new TheirsMerge(reader, inserter).merge(base, build, source);
        inserter.flush();
        return merged;
    }

    private record Entry(String path, FileMode mode, String content) {
    }

    private static Entry entry(String path, FileMode mode, String content) {
        return new Entry(path, mode, content);
    }

    private ObjectId tree(Entry... entries) throws IOException {
        Map<String, Entry> sorted = new TreeMap<>();
        for (Entry entry : entries) {
            sorted.put(entry.path(), entry);
        }
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Entry entry : sorted.values()) {
            DirCacheEntry file = new DirCacheEntry(entry.path());
            file.setFileMode(entry.mode());
            file.setObjectId(inserter.insert(Constants.OBJ_BLOB, entry.content().getBytes(StandardCharsets.UTF_8)));
            builder.add(file);
        }
        builder.finish();
        ObjectId tree = index.writeTree(inserter);
        inserter.flush();
        return tree;
    }

    /** Path to "mode content" of every file of a tree. */
    private Map<String, String> read(ObjectId tree) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                String content = new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                files.put(walk.getPathString(), walk.getFileMode(0) + " " + content);
            }
        }
        return files;
    }
}
