package io.gitbridge.testkit.deliveries;

import java.util.Map;

/** GitHub: {@code X-GitHub-Event}, {@code X-GitHub-Delivery}, {@code X-Hub-Signature-256: sha256=<hex>}. */
final class GitHubDeliveries implements ProviderDeliveries {

    @Override
    public String provider() {
        return "github";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("github/push.json", p -> p.put("ref", "refs/heads/" + branch).put("after", commit));
        return signed("push", secret, body, deliveryId);
    }

    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("github/workflow_run.json",
                p -> Payloads.at(p, "workflow_run").put("head_branch", branch).put("head_sha", commit));
        return signed("workflow_run", secret, body, deliveryId);
    }

    private static TestDelivery signed(String event, String secret, byte[] body, String deliveryId) {
        return new TestDelivery(Map.of(
                "Content-Type", "application/json",
                "User-Agent", "GitHub-Hookshot/test",
                "X-GitHub-Event", event,
                "X-GitHub-Delivery", deliveryId,
                "X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(secret, body)), body);
    }
}
