package io.gitbridge.sync;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests of what a sync publishes get fresh {@link SyncRepos} in a temporary directory for each test. */
abstract class WithSyncRepos {

    @TempDir
    Path tmp;

    SyncRepos repos;

    @BeforeEach
    void createRepositories() {
        repos = new SyncRepos(tmp);
    }

    @AfterEach
    void closeRepositories() {
        repos.close();
    }
}
