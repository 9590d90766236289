package io.gitbridge.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work repositories {@link CachedRepository} keeps open between syncs, on real directories. */
class CachedRepositoryTest {

    @TempDir
    Path tmp;

    private final List<Path> used = new ArrayList<>();

    @AfterEach
    void forget() {
        used.forEach(CachedRepository::forget);
    }

    @Test
    void openOrCreate_returnsTheRepositoryItKeptOpen_onTheNextCall() throws IOException {
        Path dir = dir("hook");
        Repository first = CachedRepository.openOrCreate(dir);
        first.close();

        try (Repository second = CachedRepository.openOrCreate(dir)) {
            assertThat(second).isSameAs(first);
            assertThat(second.getObjectDatabase().exists()).isTrue();
        }
    }

    @Test
    void openOrCreate_readsTheDirectoryAgain_whenItWasDeletedBehindTheCache() throws IOException {
        Path dir = dir("hook");
        Repository first = CachedRepository.openOrCreate(dir);
        first.close();
        FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE);

        try (Repository second = CachedRepository.openOrCreate(dir)) {
            assertThat(second).isNotSameAs(first);
            assertThat(dir.resolve("objects")).isDirectory();
        }
    }

    @Test
    void delete_dropsTheOpenRepository() throws IOException {
        Path dir = dir("hook");
        Repository first = CachedRepository.openOrCreate(dir);
        first.close();

        CachedRepository.delete(dir);

        assertThat(dir).doesNotExist();
        try (Repository second = CachedRepository.openOrCreate(dir)) {
            assertThat(second).isNotSameAs(first);
        }
    }

    @Test
    void openOrCreate_keepsOnlyTheMostRecentlyUsed_open() throws IOException {
        List<Repository> first = new ArrayList<>();
        for (int i = 0; i <= CachedRepository.MAX_OPEN; i++) {
            Repository repository = CachedRepository.openOrCreate(dir("hook" + i));
            repository.close();
            first.add(repository);
        }

        try (Repository eldest = CachedRepository.openOrCreate(dir("hook0"));
                Repository newest = CachedRepository.openOrCreate(dir("hook" + CachedRepository.MAX_OPEN))) {
            assertThat(eldest).as("evicted, so opened again").isNotSameAs(first.get(0));
            assertThat(newest).as("still open").isSameAs(first.get(CachedRepository.MAX_OPEN));
        }
    }

    private Path dir(String name) {
        Path dir = tmp.resolve(name);
        used.add(dir);
        return dir;
    }
}
