package io.gitbridge.provider.github;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt in GitHub's own log of a webhook's deliveries ("hook-delivery-item" of {@code GET
 * /repos/{owner}/{repo}/hooks/{hook_id}/deliveries} and {@code GET /app/hook/deliveries}). Every string is bounded as
 * {@link GitHubHookDeliveries} read it.
 *
 * @param id GitHub's id of this attempt, what {@code …/deliveries/{delivery_id}/attempts} takes
 * @param guid the event's GUID, sent as {@code X-GitHub-Delivery} and unchanged on redelivery, so every attempt of one
 *     event shares it
 * @param event the event, e.g. {@code push}
 * @param action the event's action, e.g. {@code completed}, or null when it has none
 * @param statusCode the HTTP status the receiver answered, 0 when GitHub got no answer (a timeout, a refused
 *     connection)
 * @param status GitHub's description of the answer, e.g. {@code OK} or {@code Invalid HTTP Response: 500}
 * @param deliveredAt when GitHub made the attempt
 * @param redelivery true when someone asked GitHub to deliver it again
 * @param duration how long the attempt took, in seconds
 * @param repositoryId the GitHub id of the repository the event is about, or null (an app's installation events)
 * @param installationId the GitHub App installation the event came through, or null (a repository webhook's)
 */
public record GitHubHookDelivery(long id, String guid, String event, String action, int statusCode, String status,
        Instant deliveredAt, boolean redelivery, double duration, Long repositoryId, Long installationId) {

    public GitHubHookDelivery {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
    }

    /** True when the receiver answered with a 2xx status: GitHub counts anything else as a failed delivery. */
    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
