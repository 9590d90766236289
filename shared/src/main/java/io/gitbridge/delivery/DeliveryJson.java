package io.gitbridge.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.hook.LastSync;
import io.gitbridge.json.Json;

/** The API representation of a delivery log entry. */
public final class DeliveryJson {

    private DeliveryJson() {
    }

    /**
     * Renders an entry; {@code sync} has the shape of a hook's {@code lastSync}. Entries the receiver logged carry
     * {@code verified} (false for a delivery refused before or at verification) and, when verified,
     * {@code verifiedWith}: {@code current} or {@code previous} (the secret before the latest rotation).
     */
    public static ObjectNode render(Delivery delivery) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("deliveryId", delivery.deliveryId())
                .put("providerDeliveryId", delivery.providerDeliveryId())
                .put("receivedAt", delivery.receivedAt().toString())
                .put("event", delivery.event())
                .put("outcome", delivery.outcome().wire())
                .put("status", delivery.status())
                .put("reason", delivery.reason())
                .put("commit", delivery.commit())
                .put("ref", delivery.ref())
                .put("redeliveries", delivery.redeliveries());
        // Present only where verification applies: a refused delivery is "verified": false, since the id it
        // claims is not proven; one verified with the secret before a rotation says "verifiedWith": "previous".
        if (delivery.verification() != null) {
            boolean verified = delivery.verification() != Delivery.Verification.UNVERIFIED;
            node.put("verified", verified);
            if (verified) {
                node.put("verifiedWith", delivery.verification().wire());
            }
        }
        LastSync sync = delivery.sync();
        if (sync == null) {
            node.putNull("sync");
        } else {
            ObjectNode synced = node.putObject("sync")
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
