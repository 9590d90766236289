package io.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The delivery id a refused, unverified delivery's headers claim: read from headers only, never thrown. */
class ClaimedDeliveryIdTest {

    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    static Stream<String> providersWithAnIdHeader() {
        return Deliveries.providers().stream().filter(p -> !p.equals("gitflic") && !p.equals("azure-devops"));
    }

    @ParameterizedTest
    @MethodSource("providersWithAnIdHeader")
    void claimedDeliveryId_isTheIdTheHeadersName_evenWhenTheSignatureIsWrong(String provider) {
        TestDelivery forged = Deliveries.of(provider).push("not-the-hooks-secret-000", "main", COMMIT, "claimed-1");

        assertThat(Providers.standard().find(provider).orElseThrow().claimedDeliveryId(TestRequests.request(forged)))
                .contains("claimed-1");
    }

    @Test
    void claimedDeliveryId_isEmpty_forProvidersThatNameNoIdInTheirHeaders() {
        for (String provider : new String[] {"gitflic", "azure-devops"}) {
            TestDelivery push = Deliveries.of(provider).push("any-secret-value-0000", "main", COMMIT, "in-body");

            assertThat(Providers.standard().find(provider).orElseThrow()
                    .claimedDeliveryId(TestRequests.request(push))).as(provider).isEmpty();
        }
    }

    @Test
    void claimedDeliveryId_isEmpty_forAMalformedOrOverlongId_andNeverThrows() {
        WebhookProvider github = Providers.standard().find("github").orElseThrow();
        TestDelivery push = Deliveries.of("github").push("any-secret-value-0000", "main", COMMIT, "x");
        Map<String, String> controlChar = new HashMap<>(push.headers());
        controlChar.put("X-GitHub-Delivery", "abc\u0001def");
        Map<String, String> overlong = new HashMap<>(push.headers());
        overlong.put("X-GitHub-Delivery", "d".repeat(DeliveryNames.MAX_DELIVERY_ID + 1));
        Map<String, String> none = new HashMap<>(push.headers());
        none.remove("X-GitHub-Delivery");

        assertThat(github.claimedDeliveryId(new WebhookRequest(controlChar, push.body()))).isEmpty();
        assertThat(github.claimedDeliveryId(new WebhookRequest(overlong, push.body()))).isEmpty();
        assertThat(github.claimedDeliveryId(new WebhookRequest(none, push.body()))).isEmpty();
    }
}
