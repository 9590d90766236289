package io.gitbridge.provider;

/** The kinds of provider event a hook can subscribe to. */
public enum EventKind {
    /** A push to a branch. */
    PUSH,
    /** CI succeeded on a branch. */
    CI
}
