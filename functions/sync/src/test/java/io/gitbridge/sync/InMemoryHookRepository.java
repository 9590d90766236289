package io.gitbridge.sync;

import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.hook.ProjectTakenException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link HookRepository} in a map, recording every {@link #recordSync} call in order. */
class InMemoryHookRepository implements HookRepository {

    private final Map<String, Hook> hooks = new LinkedHashMap<>();
    private final List<String> recordedIds = new ArrayList<>();

    @Override
    public synchronized void create(Hook hook) {
        if (hooks.values().stream().anyMatch(h -> h.project().equals(hook.project()))) {
            throw new ProjectTakenException(hook.project(), null);
        }
        hooks.put(hook.id(), hook);
    }

    @Override
    public synchronized Optional<Hook> find(String id) {
        return Optional.ofNullable(hooks.get(id));
    }

    @Override
    public synchronized boolean update(Hook previous, Hook updated) {
        return hooks.replace(previous.id(), updated) != null;
    }

    @Override
    public synchronized boolean delete(String id) {
        return hooks.remove(id) != null;
    }

    @Override
    public synchronized Page<Hook> list(int limit, String cursor) {
        return new Page<>(hooks.values().stream().limit(limit).toList(), null);
    }

    @Override
    public synchronized void recordSync(String id, LastSync outcome) {
        recordedIds.add(id);
        hooks.computeIfPresent(id, (key, hook) -> hook.toBuilder().lastSync(outcome)
                .consecutiveFailures(outcome.status() == LastSync.Status.FAILED ? hook.consecutiveFailures() + 1
                        : outcome.status().succeeded() ? 0 : hook.consecutiveFailures())
                .build());
    }

    /** The last sync recorded for a hook, if any. */
    synchronized Optional<LastSync> lastSync(String id) {
        return find(id).map(Hook::lastSync);
    }

    /** The hook ids of every {@link #recordSync} call, in order. */
    synchronized List<String> recordedIds() {
        return List.copyOf(recordedIds);
    }
}
