package io.gitbridge.hook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;

/**
 * The API representation of a hook. It has no place for the secret or the tokens: they never leave. A rotated secret
 * shows only until when the previous one is accepted ({@code secretRotation.previousValidUntil}). A hook in GitHub App
 * mode shows {@code "auth": "github-app"} (a hook with a token has no {@code auth}, as before app mode existed), the
 * app's webhook URL, and as its registration the installation's state with the installation and repository ids.
 */
public final class HookJson {

    private HookJson() {
    }

    /**
     * Renders a hook.
     *
     * @param publicBaseUrl the deployment's public base URL without a trailing slash
     */
    /** The URL of the GitHub App's webhook, which delivers the events of every hook in app mode. */
    public static String gitHubAppWebhookUrl(String publicBaseUrl) {
        return publicBaseUrl + "/webhooks/github-app";
    }

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
                .put("webhookUrl", hook.appSource() != null ? gitHubAppWebhookUrl(publicBaseUrl)
                        : publicBaseUrl + "/webhooks/" + hook.id())
                .put("hasToken", hook.token() != null)
                .put("hasBuildToken", hook.buildToken() != null)
                .put("createdAt", hook.createdAt().toString())
                .put("updatedAt", hook.updatedAt().toString());
        if (hook.apiUrl() != null) {
            node.put("apiUrl", hook.apiUrl());
        }
        if (hook.appSource() != null) {
            // Only in app mode: a hook with a token reads exactly as before app mode existed.
            node.put("auth", hook.auth().wire());
        }
        Registration registration = hook.registration();
        if (registration == null) {
            node.putNull("registration");
        } else {
            ObjectNode registered = node.putObject("registration")
                    .put("status", registration.status().wire())
                    .put("providerHookId", registration.providerHookId())
                    .put("error", registration.error())
                    .put("method", registration.method().wire());
            if (hook.appSource() != null) {
                registered.put("installationId", hook.appSource().installationId())
                        .put("repositoryId", hook.appSource().repositoryId())
                        .put("repository", hook.appSource().fullName());
            }
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
