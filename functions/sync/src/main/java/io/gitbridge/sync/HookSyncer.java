package io.gitbridge.sync;

import io.gitbridge.hook.Hook;

/** Brings a hook's build branch to the commit a request names. */
@FunctionalInterface
public interface HookSyncer {

    /**
     * Syncs {@code request.commit()} (without one, the head of {@code request.ref()}) into {@code hook}'s build branch.
     *
     * @throws SyncException when the sync fails; its message is safe to show the hook's admin
     */
    SyncResult sync(Hook hook, SyncRequest request);
}
