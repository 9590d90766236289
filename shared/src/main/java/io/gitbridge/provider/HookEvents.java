package io.gitbridge.provider;

/**
 * Which provider events start a sync. When both are set, only CI success syncs: a push waits for its CI.
 *
 * @param push sync on a push to the hook's branch
 * @param ci sync on CI success on the hook's branch
 */
public record HookEvents(boolean push, boolean ci) {

    /** True when a push alone should start a sync. */
    public boolean syncsOnPush() {
        return push && !ci;
    }

    /** True when CI success should start a sync. */
    public boolean syncsOnCi() {
        return ci;
    }
}
