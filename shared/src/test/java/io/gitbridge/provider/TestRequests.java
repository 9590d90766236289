package io.gitbridge.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.deliveries.Hmac;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** What the provider tests share: the fixtures' example secret, the subscriptions, and ways to build requests. */
public final class TestRequests {

    /** The secret every {@code events/} envelope is signed with. */
    public static final String SECRET = "gitbridge-example-secret-0123456789";
    public static final HookEvents PUSH_ONLY = new HookEvents(true, false);
    public static final HookEvents CI_ONLY = new HookEvents(false, true);
    public static final HookEvents BOTH = new HookEvents(true, true);

    private TestRequests() {
    }

    /** The request inside the API Gateway envelope {@code events/<relativePath>}, body decoded as the receiver does. */
    public static WebhookRequest envelope(String relativePath) {
        return request(Fixtures.envelope(relativePath));
    }

    /** The request a testkit delivery makes. */
    public static WebhookRequest request(TestDelivery delivery) {
        return new WebhookRequest(delivery.headers(), delivery.body());
    }

    /** The payload fixture {@code events/<fixture>} with {@code change} applied, as compact UTF-8 JSON. */
    public static byte[] changed(String fixture, Consumer<ObjectNode> change) {
        return io.gitbridge.testkit.deliveries.Payloads.changed(fixture, change);
    }

    /** Lower-case hex HMAC-SHA256, computed by the testkit independently of the code under test. */
    public static String hexHmac(String secret, byte[] body) {
        return Hmac.sha256Hex(secret, body);
    }

    /** The UTF-8 bytes of a literal body. */
    public static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
