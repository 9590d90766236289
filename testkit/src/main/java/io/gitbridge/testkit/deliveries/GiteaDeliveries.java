package io.gitbridge.testkit.deliveries;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gitea: {@code X-Gitea-Event}, {@code X-Gitea-Delivery}, {@code X-Gitea-Signature: <hex>}, plus the Gogs and GitHub
 * copies of each that Gitea also sends. CI success is a {@code workflow_run} (Gitea Actions, 1.24+).
 */
final class GiteaDeliveries implements ProviderDeliveries {

    @Override
    public String provider() {
        return "gitea";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("gitea/push.json", p -> {
            p.put("ref", "refs/heads/" + branch).put("after", commit);
            Payloads.at(p, "head_commit").put("id", commit);
        });
        return signed("push", secret, body, deliveryId);
    }

    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("gitea/workflow_run.json",
                p -> Payloads.at(p, "workflow_run").put("head_branch", branch).put("head_sha", commit));
        return signed("workflow_run", secret, body, deliveryId);
    }

    private static TestDelivery signed(String event, String secret, byte[] body, String deliveryId) {
        String signature = Hmac.sha256Hex(secret, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Go-http-client/1.1");
        for (String prefix : new String[] {"X-Gitea", "X-Gogs", "X-GitHub"}) {
            headers.put(prefix + "-Delivery", deliveryId);
            headers.put(prefix + "-Event", event);
            headers.put(prefix + "-Event-Type", event);
        }
        headers.put("X-Gitea-Signature", signature);
        headers.put("X-Gogs-Signature", signature);
        headers.put("X-Hub-Signature-256", "sha256=" + signature);
        headers.put("X-Gitea-Hook-Installation-Target-Type", "repository");
        return new TestDelivery(headers, body);
    }
}
