package io.gitbridge.testkit.deliveries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * GitLab: {@code X-Gitlab-Event}, {@code Idempotency-Key}, {@code X-Gitlab-Event-UUID} and the secret verbatim in
 * {@code X-Gitlab-Token}; a {@code whsec_} secret is a signing token instead, sent as Standard Webhooks
 * {@code webhook-id} / {@code webhook-timestamp} / {@code webhook-signature}, timestamped with the clock.
 */
final class GitLabDeliveries implements ProviderDeliveries {

    private static final String SIGNING_TOKEN_PREFIX = "whsec_";
    private static final String WEBHOOK_UUID = "0b6f3a2c-8d1e-4c5b-9a7f-2e4d6c8b1a39";

    private final Clock clock;

    GitLabDeliveries(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String provider() {
        return "gitlab";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("gitlab/push.json", p -> {
            String previousHead = p.get("after").asText();
            p.put("ref", "refs/heads/" + branch).put("after", commit).put("checkout_sha", commit);
            for (JsonNode pushed : p.get("commits")) {
                if (pushed.get("id").asText().equals(previousHead)) {
                    ((ObjectNode) pushed).put("id", commit);
                }
            }
        });
        return delivery("Push Hook", secret, body, deliveryId);
    }

    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("gitlab/pipeline.json", p -> {
            Payloads.at(p, "object_attributes").put("ref", branch).put("tag", false).put("sha", commit)
                    .put("status", "success");
            Payloads.at(p, "commit").put("id", commit);
        });
        return delivery("Pipeline Hook", secret, body, deliveryId);
    }

    private TestDelivery delivery(String event, String secret, byte[] body, String deliveryId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitLab/18.6.0-ee");
        headers.put("X-Gitlab-Event", event);
        headers.put("X-Gitlab-Instance", "https://gitlab.com");
        headers.put("X-Gitlab-Webhook-UUID", WEBHOOK_UUID);
        // A distinct id per event, derived from the delivery id so the same delivery always looks the same.
        UUID eventUuid = UUID.nameUUIDFromBytes(("event:" + deliveryId).getBytes(StandardCharsets.UTF_8));
        headers.put("X-Gitlab-Event-UUID", eventUuid.toString());
        headers.put("Idempotency-Key", deliveryId);
        if (secret.startsWith(SIGNING_TOKEN_PREFIX)) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            byte[] key = Base64.getDecoder().decode(secret.substring(SIGNING_TOKEN_PREFIX.length()));
            byte[] prefix = (deliveryId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
            byte[] content = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, content, 0, prefix.length);
            System.arraycopy(body, 0, content, prefix.length, body.length);
            headers.put("webhook-id", deliveryId);
            headers.put("webhook-timestamp", timestamp);
            headers.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key, content)));
        } else {
            headers.put("X-Gitlab-Token", secret);
        }
        return new TestDelivery(headers, body);
    }
}
