package io.gitbridge.testkit.deliveries;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Azure DevOps: no provider headers and no signature; the subscription sends the secret as the HTTP Basic password,
 * and the delivery id is the body's {@code id}.
 */
final class AzureDevOpsDeliveries implements ProviderDeliveries {

    private static final String USER = "gitbridge";

    @Override
    public String provider() {
        return "azure-devops";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("azure-devops/git_push.json", p -> {
            p.put("id", deliveryId);
            ObjectNode resource = Payloads.at(p, "resource");
            ((ObjectNode) resource.get("refUpdates").get(0))
                    .put("name", "refs/heads/" + branch).put("newObjectId", commit);
            ((ObjectNode) resource.get("commits").get(0)).put("commitId", commit);
        });
        return delivery(secret, body);
    }

    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("azure-devops/build_complete.json", p -> {
            p.put("id", deliveryId);
            Payloads.at(p, "resource").put("status", "completed").put("result", "succeeded")
                    .put("sourceBranch", "refs/heads/" + branch).put("sourceVersion", commit);
            Payloads.at(p, "resource", "triggerInfo").put("ci.sourceBranch", "refs/heads/" + branch)
                    .put("ci.sourceSha", commit);
        });
        return delivery(secret, body);
    }

    private static TestDelivery delivery(String secret, byte[] body) {
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return new TestDelivery(Map.of(
                "Content-Type", "application/json; charset=utf-8",
                "Authorization", "Basic " + credentials), body);
    }
}
