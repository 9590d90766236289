package io.gitbridge.aws;

import io.gitbridge.crypto.SealedTokenRejectedException;
import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.hook.Hook;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The token attributes of hook items. With a cipher, tokens are stored sealed (binary) for their hook id and field
 * name, and opened on read; without one, they are neither read nor written.
 */
final class HookTokens {

    private final Optional<TokenCipher> cipher;

    HookTokens(Optional<TokenCipher> cipher) {
        this.cipher = cipher;
    }

    /** Whether tokens are read and written at all. */
    boolean enabled() {
        return cipher.isPresent();
    }

    /** The context a token is sealed for: its hook and its field. */
    static Map<String, String> context(String hookId, String field) {
        return Map.of("hookId", hookId, "field", field);
    }

    /**
     * The sealed token attributes of {@code hook}, with null for an absent token (to be removed on update).
     *
     * @throws IllegalStateException when the hook has a token and there is no cipher to seal it
     */
    Map<String, AttributeValue> seal(Hook hook) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put(HookItems.TOKEN, seal(hook.id(), HookItems.TOKEN, hook.token()));
        fields.put(HookItems.BUILD_TOKEN, seal(hook.id(), HookItems.BUILD_TOKEN, hook.buildToken()));
        return fields;
    }

    private AttributeValue seal(String hookId, String field, String token) {
        if (token == null) {
            return null;
        }
        TokenCipher sealer = cipher.orElseThrow(() -> new IllegalStateException(
                "this hook repository has no token cipher, so it cannot store the " + field + " of hook " + hookId));
        return AttributeValue.fromB(SdkBytes.fromByteArray(sealer.seal(token, context(hookId, field))));
    }

    /**
     * The hook with its tokens opened from {@code item}; without a cipher, the hook as it is (no tokens).
     *
     * @throws SealedTokenRejectedException when a stored token does not open for this hook and field
     */
    Opened open(Hook hook, Map<String, AttributeValue> item) {
        if (cipher.isEmpty()) {
            return new Opened(hook, Map.of());
        }
        Map<String, String> legacy = new HashMap<>();
        String token = open(hook.id(), HookItems.TOKEN, item.get(HookItems.TOKEN), legacy);
        String buildToken = open(hook.id(), HookItems.BUILD_TOKEN, item.get(HookItems.BUILD_TOKEN), legacy);
        return new Opened(hook.toBuilder().token(token).buildToken(buildToken).build(), legacy);
    }

    private String open(String hookId, String field, AttributeValue value, Map<String, String> legacy) {
        if (value == null) {
            return null;
        }
        if (value.s() != null) {
            // Stored in plain text before tokens were sealed: usable, and to be sealed now.
            legacy.put(field, value.s());
            return value.s();
        }
        if (value.b() == null) {
            throw new SealedTokenRejectedException("the " + field + " of hook " + hookId
                    + " is neither a sealed token nor a string", null);
        }
        try {
            return cipher.orElseThrow().open(value.b().asByteArray(), context(hookId, field));
        } catch (SealedTokenRejectedException e) {
            throw new SealedTokenRejectedException("the " + field + " of hook " + hookId + ": " + e.getMessage(), e);
        }
    }

    /**
     * A hook read with its tokens.
     *
     * @param hook the hook, tokens opened
     * @param legacy tokens found in plain text, by attribute name: they should be sealed in place
     */
    record Opened(Hook hook, Map<String, String> legacy) {

        /** Never the legacy tokens' values. */
        @Override
        public String toString() {
            return "Opened[hook=" + hook + ", legacy=" + legacy.keySet() + "]";
        }
    }
}
