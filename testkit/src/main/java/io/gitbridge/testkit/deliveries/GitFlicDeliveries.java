package io.gitbridge.testkit.deliveries;

import java.util.Map;

/**
 * GitFlic: the secret verbatim in {@code Gitflic-Webhook-Secret}, the event in the body's {@code action}. GitFlic sends
 * no delivery id, so {@code deliveryId} is not used; the receiver derives one from the body.
 */
final class GitFlicDeliveries implements ProviderDeliveries {

    @Override
    public String provider() {
        return "gitflic";
    }

    @Override
    public TestDelivery push(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("gitflic/branch_update.json",
                p -> Payloads.at(p, "push").put("ref", "refs/heads/" + branch).put("after", commit));
        return withSecret(secret, body);
    }

    @Override
    public TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId) {
        byte[] body = Payloads.changed("gitflic/pipeline_success.json",
                p -> Payloads.at(p, "pipeline").put("ref", branch).put("commit_id", commit));
        return withSecret(secret, body);
    }

    private static TestDelivery withSecret(String secret, byte[] body) {
        return new TestDelivery(Map.of("Content-Type", "application/json", "Gitflic-Webhook-Secret", secret), body);
    }
}
