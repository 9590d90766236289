package io.gitbridge.testkit.deliveries;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Gogs: {@code X-Gogs-Event}, {@code X-Gogs-Delivery}, {@code X-Gogs-Signature: <hex>}, plus GitHub's event and
 * delivery headers. Gogs has no CI events.
 */
final class GogsDeliveries implements ProviderDeliveries {

    @Override
    public String provider() {
        return "gogs";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("gogs/push.json", p -> {
            p.put("ref", "refs/heads/" + branch).put("after", commit);
            ((ObjectNode) p.get("commits").get(0)).put("id", commit);
        });
        return new TestDelivery(Map.of(
                "Content-Type", "application/json",
                "User-Agent", "GogsServer",
                "X-Github-Delivery", deliveryId,
                "X-Github-Event", "push",
                "X-Gogs-Delivery", deliveryId,
                "X-Gogs-Event", "push",
                "X-Gogs-Signature", Hmac.sha256Hex(secret, body)), body);
    }

    /** Gogs has no CI events. */
    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        return null;
    }
}
