package io.gitbridge.testkit.deliveries;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Bitbucket Data Center: {@code X-Event-Key}, {@code X-Request-Id} and {@code X-Hub-Signature: sha256=<hex>}.
 * It has no build status webhook, so no CI success delivery.
 */
final class BitbucketServerDeliveries implements ProviderDeliveries {

    @Override
    public String provider() {
        return "bitbucket-server";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("bitbucket-server/refs_changed.json", p -> {
            ObjectNode change = (ObjectNode) p.get("changes").get(0);
            change.put("refId", "refs/heads/" + branch).put("toHash", commit).put("type", "UPDATE");
            Payloads.at(change, "ref").put("id", "refs/heads/" + branch).put("displayId", branch).put("type", "BRANCH");
        });
        return new TestDelivery(Map.of(
                "Content-Type", "application/json; charset=utf-8",
                "X-Event-Key", "repo:refs_changed",
                "X-Request-Id", deliveryId,
                "X-Hub-Signature", "sha256=" + Hmac.sha256Hex(secret, body)), body);
    }

    /** Always null: Data Center sends no build status event. */
    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        return null;
    }
}
