package io.gitbridge.hook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;

/**
 * The API representation of a hook. It has no place for the secret or the tokens: they never leave. A rotated secret
 * shows only until when the previous one is accepted ({@code secretRotation.previousValidUntil}).
 */
public final class HookJson {

    private HookJson() {
    }

    /**
     * Renders a hook.
     *
     * @param publicBaseUrl the deployment's public base URL without a trailing slash
     */
    public static ObjectNode render(Hook hook, String publicBaseUrl) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", hook.id())
                .put("project", hook.project())
                .put("provider", hook.provider())
                .put("sourceRepo", hook.sourceRepo())
                .put("branch", hook.branch());
        node.putObject("events").put("push", hook.events().push()).put("ci", hook.events().ci());
        node.put("buildRepo", hook.buildRepo())
                .put("buildBranch", hook.buildBranch())
                .put("mergeMode", hook.mergeMode().wire())
                .put("webhookUrl", publicBaseUrl + "/webhooks/" + hook.id())
                .put("hasToken", hook.token() != null)
                .put("hasBuildToken", hook.buildToken() != null)
                .put("createdAt", hook.createdAt().toString())
                .put("updatedAt", hook.updatedAt().toString());
        if (hook.apiUrl() != null) {
            node.put("apiUrl", hook.apiUrl());
        }
        Registration registration = hook.registration();
        if (registration == null) {
            node.putNull("registration");
        } else {
            node.putObject("registration")
                    .put("status", registration.status().wire())
                    .put("providerHookId", registration.providerHookId())
                    .put("error", registration.error())
                    .put("method", registration.method().wire());
        }
        SecretRotation rotation = hook.secretRotation();
        if (rotation == null) {
            node.putNull("secretRotation");
        } else {
            node.putObject("secretRotation").put("previousValidUntil", rotation.previousValidUntil().toString());
        }
        node.put("consecutiveFailures", hook.consecutiveFailures());
        LastSync sync = hook.lastSync();
        if (sync == null) {
            node.putNull("lastSync");
        } else {
            ObjectNode synced = node.putObject("lastSync")
                    .put("status", sync.status().wire())
                    .put("commit", sync.commit())
                    .put("at", sync.at().toString())
                    .put("error", sync.error());
            if (sync.warning() != null) {
                synced.put("warning", sync.warning());
            }
        }
        return node;
    }
}
