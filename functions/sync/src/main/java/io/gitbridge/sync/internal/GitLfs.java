package io.gitbridge.sync.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a synced commit uses Git LFS: a {@code .gitattributes} anywhere in its tree routes paths through
 * {@code filter=lfs}. gitbridge moves Git objects only, so such paths reach the build repository as LFS pointer
 * files, not their content.
 */
public final class GitLfs {

    /** What the sync result says about a source that uses Git LFS. */
    public static final String WARNING = "the source uses Git LFS; only LFS pointer files reach the build repository";

    private static final Logger LOG = LoggerFactory.getLogger(GitLfs.class);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** A .gitattributes file is small; a bigger one is not read. */
    private static final long MAX_ATTRIBUTES_BYTES = 1024 * 1024;

    private GitLfs() {
    }

    /** True when {@code commit} in the work repository {@code dir} uses Git LFS; false when it cannot tell. */
    public static boolean usedBy(Path dir, AnyObjectId commit) {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true)
                .build(); RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            tree.addTree(parsed.getTree());
            tree.setRecursive(true);
            tree.setFilter(PathSuffixFilter.create(Constants.DOT_GIT_ATTRIBUTES));
            while (tree.next()) {
                if (!tree.getNameString().equals(Constants.DOT_GIT_ATTRIBUTES)) {
                    continue;
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() <= MAX_ATTRIBUTES_BYTES
                        && routesToLfs(new String(loader.getBytes(), StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot tell whether commit {} uses Git LFS: {}", commit.name(), e.toString());
            return false;
        }
    }

    /** True when a line of the attributes file (a pattern, then attributes; # starts a comment) sets filter=lfs. */
    static boolean routesToLfs(String attributes) {
        return attributes.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(WHITESPACE::split)
                .anyMatch(fields -> java.util.Arrays.stream(fields).skip(1).anyMatch("filter=lfs"::equals));
    }
}
