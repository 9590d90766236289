package io.gitbridge.testkit.deliveries;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Bitbucket Cloud: {@code X-Event-Key}, {@code X-Hook-UUID}, {@code X-Request-UUID}, {@code X-Attempt-Number} and
 * {@code X-Hub-Signature: sha256=<hex>}.
 */
final class BitbucketDeliveries implements ProviderDeliveries {

    private static final String HOOK_UUID = "{0e5b7c9a-2d4f-4a1c-8b3e-6f9d1a2c5e78}";
    private static final String API = "https://api.bitbucket.org/2.0/repositories/acme/app";

    @Override
    public String provider() {
        return "bitbucket";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("bitbucket/repo_push.json", p -> {
            ObjectNode change = (ObjectNode) p.get("push").get("changes").get(0);
            Payloads.at(change, "old").put("name", branch);
            Payloads.at(change, "new").put("name", branch);
            Payloads.at(change, "new", "target").put("hash", commit);
            ((ObjectNode) change.get("commits").get(0)).put("hash", commit);
        });
        return signed("repo:push", secret, body, deliveryId);
    }

    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("bitbucket/commit_status_updated.json", p -> {
            ObjectNode status = Payloads.at(p, "commit_status").put("state", "SUCCESSFUL").put("refname", branch);
            Payloads.at(status, "commit").put("hash", commit);
            Payloads.at(status, "links", "commit").put("href", API + "/commit/" + commit);
        });
        return signed("repo:commit_status_updated", secret, body, deliveryId);
    }

    private static TestDelivery signed(String event, String secret, byte[] body, String deliveryId) {
        return new TestDelivery(Map.of(
                "Content-Type", "application/json",
                "User-Agent", "Bitbucket-Webhooks/2.0",
                "X-Event-Key", event,
                "X-Hook-UUID", HOOK_UUID,
                "X-Request-UUID", deliveryId,
                "X-Attempt-Number", "1",
                "X-Hub-Signature", "sha256=" + Hmac.sha256Hex(secret, body)), body);
    }
}
