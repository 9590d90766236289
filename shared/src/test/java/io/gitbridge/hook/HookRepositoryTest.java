package io.gitbridge.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.provider.HookEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HookRepositoryTest {

    /** Pages through a list, as a store's list does: the default findByProject is all this test needs of it. */
    private static final class PagedHooks implements HookRepository {
        private final List<Hook> hooks = new ArrayList<>();
        private final List<Integer> pagesRead = new ArrayList<>();

        @Override
        public void create(Hook hook) {
            hooks.add(hook);
        }

        @Override
        public Optional<Hook> find(String id) {
            return hooks.stream().filter(hook -> hook.id().equals(id)).findFirst();
        }

        @Override
        public boolean update(Hook previous, Hook updated) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<Hook> list(int limit, String cursor) {
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            pagesRead.add(from);
            int to = Math.min(hooks.size(), from + limit);
            return new Page<>(List.copyOf(hooks.subList(from, to)), to < hooks.size() ? Integer.toString(to) : null);
        }

        @Override
        public void recordSync(String id, LastSync outcome) {
            throw new UnsupportedOperationException();
        }
    }

    private static Hook hook(int i) {
        Instant now = Instant.parse("2026-11-30T04:00:00Z");
        return Hook.builder().id("hk_" + i).project("Project-" + i).provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("0123456789abcdef").buildRepo("https://git.example.net/b.git").buildBranch("master")
                .createdAt(now).updatedAt(now).build();
    }

    @Test
    void findByProject_byDefault_walksEveryPage_andComparesNamesIgnoringCase() {
        PagedHooks hooks = new PagedHooks();
        for (int i = 0; i < 250; i++) {
            hooks.create(hook(i));
        }

        assertThat(hooks.findByProject("project-249").orElseThrow().id()).isEqualTo("hk_249");
        assertThat(hooks.pagesRead).containsExactly(0, 100, 200);
        assertThat(hooks.findByProject("PROJECT-3").orElseThrow().id()).isEqualTo("hk_3");
    }

    @Test
    void findByProject_byDefault_isEmpty_whenNoHookHasTheProject() {
        PagedHooks hooks = new PagedHooks();
        hooks.create(hook(1));

        assertThat(hooks.findByProject("project-2")).isEmpty();
        assertThat(hooks.findByProject("project-")).isEmpty();
        assertThat(new PagedHooks().findByProject("anything")).isEmpty();
    }
}
