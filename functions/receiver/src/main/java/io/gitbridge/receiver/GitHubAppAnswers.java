package io.gitbridge.receiver;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gitbridge.http.HttpApi;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.receive.GitHubAppOutcome;
import io.gitbridge.receive.ReceiveOutcome;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The answers of the GitHub App's webhook ({@code openapi.yaml}: {@code GitHubAppDeliveryResult}), written with
 * jackson-core's generator alone: the receiver's path does not load Jackson databind (issue 11).
 */
final class GitHubAppAnswers {

    /** The most hooks an answer lists one by one; {@code hookCount} says how many there were. */
    static final int MAX_LISTED_HOOKS = 20;

    private static final JsonFactory FACTORY = new JsonFactory();

    private GitHubAppAnswers() {
    }

    /**
     * 404 without an app; 200 for a ping, an installation change and a delivery no hook queued (ignored or
     * duplicate); 202 when a hook queued a sync.
     */
    static APIGatewayV2HTTPResponse respond(GitHubAppOutcome outcome) {
        if (outcome instanceof GitHubAppOutcome.NoApp noApp) {
            return HttpApi.error(404, "not_found", noApp.reason());
        }
        if (outcome instanceof GitHubAppOutcome.Routed routed) {
            return HttpApi.json(routed.status().equals("queued") ? 202 : 200, write(json -> routed(json, routed)));
        }
        if (outcome instanceof GitHubAppOutcome.InstallationChange change) {
            return HttpApi.json(200, write(json -> installation(json, change)));
        }
        GitHubAppOutcome.Pong pong = (GitHubAppOutcome.Pong) outcome;
        return HttpApi.json(200, write(json -> {
            json.writeStringField("status", "pong");
            json.writeStringField("deliveryId", pong.deliveryId());
        }));
    }

    /** The outcome's name for logs and metrics: {@code queued}, {@code ignored}, {@code recorded}, …. */
    static String outcomeName(GitHubAppOutcome outcome) {
        if (outcome instanceof GitHubAppOutcome.Routed routed) {
            return routed.status();
        }
        if (outcome instanceof GitHubAppOutcome.InstallationChange change) {
            return change.recorded() ? "recorded" : "ignored";
        }
        return outcome instanceof GitHubAppOutcome.NoApp ? "not_found" : "pong";
    }

    private static void routed(JsonGenerator json, GitHubAppOutcome.Routed routed) throws IOException {
        json.writeStringField("status", routed.status());
        json.writeStringField("deliveryId", routed.deliveryId());
        json.writeStringField("event", routed.event());
        json.writeStringField("repository", routed.repository());
        if (routed.reason() != null) {
            json.writeStringField("reason", routed.reason());
        }
        List<String> queued = routed.queued();
        json.writeArrayFieldStart("queued");
        for (String hookId : queued.subList(0, Math.min(queued.size(), MAX_LISTED_HOOKS))) {
            json.writeString(hookId);
        }
        json.writeEndArray();
        json.writeNumberField("hookCount", routed.hooks().size());
        json.writeArrayFieldStart("hooks");
        for (GitHubAppOutcome.HookResult hook : routed.hooks().subList(0, Math.min(routed.hooks().size(),
                MAX_LISTED_HOOKS))) {
            json.writeStartObject();
            json.writeStringField("hookId", hook.hookId());
            if (hook.outcome() instanceof ReceiveOutcome.Queued queuedSync) {
                json.writeStringField("status", "queued");
                json.writeStringField("commit", queuedSync.commit());
            } else if (hook.outcome() instanceof ReceiveOutcome.Duplicate) {
                json.writeStringField("status", "duplicate");
            } else if (hook.outcome() instanceof ReceiveOutcome.Ignored ignored) {
                json.writeStringField("status", "ignored");
                json.writeStringField("reason", ignored.reason());
            } else {
                json.writeStringField("status", "pong");
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void installation(JsonGenerator json, GitHubAppOutcome.InstallationChange change)
            throws IOException {
        json.writeStringField("status", change.recorded() ? "recorded" : "ignored");
        json.writeStringField("deliveryId", change.deliveryId());
        json.writeStringField("event", change.event());
        json.writeStringField("action", change.action());
        if (change.reason() != null) {
            json.writeStringField("reason", change.reason());
        }
        Installation installation = change.installation();
        if (installation != null) {
            json.writeObjectFieldStart("installation");
            json.writeNumberField("id", installation.id());
            json.writeStringField("account", installation.account());
            json.writeStringField("accountType", installation.accountType());
            json.writeStringField("repositorySelection", installation.selection().wire());
            json.writeNumberField("repositoryCount", installation.repositories().size());
            json.writeBooleanField("suspended", installation.suspended());
            json.writeBooleanField("deleted", installation.deleted());
            json.writeStringField("updatedAt", installation.updatedAt().toString());
            json.writeEndObject();
        }
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return out.toString();
    }
}
