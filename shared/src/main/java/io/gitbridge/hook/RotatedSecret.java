package io.gitbridge.hook;

import java.util.Optional;

/**
 * What {@link HookService#rotateSecret} did.
 *
 * @param hook the hook as stored, with its new secret and, unless the grace period was zero, its
 *        {@link Hook#secretRotation()}
 * @param generatedSecret the new secret when gitbridge generated it, to be shown to the admin once; empty when the
 *        admin chose it (then it is never returned)
 */
public record RotatedSecret(Hook hook, Optional<String> generatedSecret) {

    /** Never the secret. */
    @Override
    public String toString() {
        return "RotatedSecret[hook=" + hook + ", generatedSecret=" + (generatedSecret.isPresent() ? "***" : "none")
                + "]";
    }
}
