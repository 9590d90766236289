package io.gitbridge.hook;

import java.util.Optional;

/** Stores hooks; keeps at most one hook per project, enforced atomically by the store. */
public interface HookRepository {

    /**
     * Stores a new hook.
     *
     * @throws ProjectTakenException when the hook's project already has a hook
     */
    void create(Hook hook);

    /** The hook with this id, if it exists. */
    Optional<Hook> find(String id);

    /**
     * The hook of a project, its name compared ignoring case ({@code Demo} finds the hook of {@code demo}). This
     * default walks {@link #list} page by page; a store that keeps a per-project key reads that instead.
     */
    default Optional<Hook> findByProject(String project) {
        String cursor = null;
        do {
            Page<Hook> page = list(HookService.MAX_LIMIT, cursor);
            for (Hook hook : page.items()) {
                if (hook.project().equalsIgnoreCase(project)) {
                    return Optional.of(hook);
                }
            }
            cursor = page.next();
        } while (cursor != null);
        return Optional.empty();
    }

    /**
     * Replaces the admin-set fields of {@code previous} with those of {@code updated} (same id).
     *
     * @return false when the hook no longer exists
     * @throws ProjectTakenException when the project changes to one that already has a hook
     */
    boolean update(Hook previous, Hook updated);

    /** Deletes the hook with this id; false when there was none. */
    boolean delete(String id);

    /**
     * One page of hooks, oldest first.
     *
     * @param cursor null for the first page, otherwise a {@link Page#next()} returned earlier
     * @throws InvalidCursorException when the cursor was not produced by this repository
     */
    Page<Hook> list(int limit, String cursor);

    /** Records the outcome of a sync; does nothing when the hook has been deleted meanwhile. */
    void recordSync(String id, LastSync outcome);
}
