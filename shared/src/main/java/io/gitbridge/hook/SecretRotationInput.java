package io.gitbridge.hook;

import java.time.Duration;
import java.util.Optional;

/**
 * A validated secret rotation request ({@link HookValidator#forSecretRotation}).
 *
 * @param secret the new secret, or empty for gitbridge to generate one
 * @param grace how long the previous secret stays valid; zero for none
 */
public record SecretRotationInput(Optional<String> secret, Duration grace) {

    /** Never the secret. */
    @Override
    public String toString() {
        return "SecretRotationInput[secret=" + (secret.isPresent() ? "***" : "generate") + ", grace=" + grace + "]";
    }
}
