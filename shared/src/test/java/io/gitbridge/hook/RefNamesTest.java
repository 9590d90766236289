package io.gitbridge.hook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "master", "release/2.0", "feature/JIRA-12_x", "v1.2.3", "a@b", "ünïcode"})
    void branchProblem_acceptsNamesGitAccepts(String name) {
        assertThat(RefNames.branchProblem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "@", "/main", "main/", "a//b", "main.", "a..b", "a@{1}", "a~1", "a^", "a:b",
            "a?", "a*", "a[b", "a\\b", "a b", "a\tb", ".hidden", "dir/.hidden", "x.lock", "dir/x.lock/y",
            "refs/heads/main", "HEAD", "lone\uD800surrogate"})
    void branchProblem_rejectsNamesGitRejects(String name) {
        assertThat(RefNames.branchProblem(name)).isPresent();
    }
}
