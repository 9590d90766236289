package io.gitbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

    private final CapturingEnvironment environment = new CapturingEnvironment();
    private final EmfMetrics metrics = new EmfMetrics(environment);

    @Test
    void delivery_isOneCountInNamespaceGitbridge_byProviderAndOutcome() throws IOException {
        long before = System.currentTimeMillis();

        metrics.delivery("github", "queued");

        JsonNode document = onlyDocument();
        assertThat(document.get("_aws").get("Timestamp").asLong()).isBetween(before, System.currentTimeMillis());
        JsonNode directive = onlyDirective(document);
        assertThat(texts(directive.get("Dimensions").get(0))).containsExactlyInAnyOrder("provider", "outcome");
        assertThat(directive.get("Metrics")).hasSize(1);
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("Deliveries");
        assertThat(directive.get("Metrics").get(0).get("Unit").asText()).isEqualTo("Count");
        assertThat(document.get("provider").asText()).isEqualTo("github");
        assertThat(document.get("outcome").asText()).isEqualTo("queued");
        assertThat(document.get("Deliveries").asDouble()).isEqualTo(1.0);
    }

    @Test
    void signatureRejected_isCountedByProviderOnly() throws IOException {
        metrics.signatureRejected("gitlab");

        JsonNode document = onlyDocument();
        JsonNode directive = onlyDirective(document);
        assertThat(texts(directive.get("Dimensions").get(0))).containsExactly("provider");
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("SignatureRejections");
        assertThat(document.get("provider").asText()).isEqualTo("gitlab");
        assertThat(document.get("SignatureRejections").asDouble()).isEqualTo(1.0);
    }

    @Test
    void queueUnavailable_isCountedByFunction() throws IOException {
        metrics.queueUnavailable("receiver");

        JsonNode document = onlyDocument();
        JsonNode directive = onlyDirective(document);
        assertThat(texts(directive.get("Dimensions").get(0))).containsExactly("function");
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("QueueUnavailable");
        assertThat(document.get("function").asText()).isEqualTo("receiver");
        assertThat(document.get("QueueUnavailable").asDouble()).isEqualTo(1.0);
    }

    @Test
    void sync_isACountAndADurationInMilliseconds_byStatus() throws IOException {
        metrics.sync("FAILED", 1234);

        JsonNode document = onlyDocument();
        JsonNode directive = onlyDirective(document);
        assertThat(texts(directive.get("Dimensions").get(0))).containsExactly("status");
        assertThat(directive.get("Metrics")).hasSize(2);
        assertThat(directive.get("Metrics").findValuesAsText("Name"))
                .containsExactlyInAnyOrder("SyncResults", "SyncDuration");
        for (JsonNode metric : directive.get("Metrics")) {
            assertThat(metric.get("Unit").asText())
                    .isEqualTo(metric.get("Name").asText().equals("SyncDuration") ? "Milliseconds" : "Count");
        }
        assertThat(document.get("status").asText()).isEqualTo("FAILED");
        assertThat(document.get("SyncResults").asDouble()).isEqualTo(1.0);
        assertThat(document.get("SyncDuration").asDouble()).isEqualTo(1234.0);
    }

    @Test
    void hookFailureStreak_hasNoDimension_andTheHookIdAsAProperty() throws IOException {
        metrics.hookFailureStreak("hk_0123456789abcdef", 4);

        JsonNode document = onlyDocument();
        JsonNode directive = onlyDirective(document);
        assertThat(directive.get("Dimensions").get(0)).isEmpty();
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("HookFailureStreak");
        assertThat(document.get("HookFailureStreak").asDouble()).isEqualTo(4.0);
        assertThat(document.get("hookId").asText()).isEqualTo("hk_0123456789abcdef");
    }

    @Test
    void deadLettered_isCounted_withHookAndReasonAsProperties() throws IOException {
        metrics.deadLettered("hk_0123456789abcdef", "token rejected by the source");

        JsonNode document = onlyDocument();
        JsonNode directive = onlyDirective(document);
        assertThat(directive.get("Dimensions").get(0)).isEmpty();
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("DeadLetteredSyncs");
        assertThat(document.get("DeadLetteredSyncs").asDouble()).isEqualTo(1.0);
        assertThat(document.get("hookId").asText()).isEqualTo("hk_0123456789abcdef");
        assertThat(document.get("reason").asText()).isEqualTo("token rejected by the source");
    }

    @Test
    void dimensionValues_areCutAndMadeAscii_andEmptyBecomesNone() throws IOException {
        metrics.delivery("", "x".repeat(300) + "é");

        JsonNode document = onlyDocument();
        assertThat(document.get("provider").asText()).isEqualTo("none");
        assertThat(document.get("outcome").asText()).isEqualTo("x".repeat(EmfMetrics.MAX_DIMENSION_LENGTH));
        assertThat(EmfMetrics.value("bitbucket-dc é/x")).isEqualTo("bitbucket-dc___x");
    }

    @Test
    void get_isNone_outsideLambda_andUseReplacesIt() {
        assertThat(Metrics.get()).isSameAs(Metrics.none());
        Metrics previous = Metrics.use(metrics);
        try {
            Metrics.get().delivery("gitea", "pong");
            assertThat(environment.documents).hasSize(1);
        } finally {
            Metrics.use(previous);
        }
        assertThat(Metrics.get()).isSameAs(Metrics.none());
    }

    /** The document's one CloudWatchMetrics directive, which must be in namespace gitbridge with one dimension set. */
    private static JsonNode onlyDirective(JsonNode document) {
        JsonNode directives = document.get("_aws").get("CloudWatchMetrics");
        assertThat(directives).hasSize(1);
        assertThat(directives.get(0).get("Namespace").asText()).isEqualTo("gitbridge");
        assertThat(directives.get(0).get("Dimensions")).hasSize(1);
        return directives.get(0);
    }

    private JsonNode onlyDocument() throws IOException {
        assertThat(environment.documents).hasSize(1);
        return Json.MAPPER.readTree(environment.documents.get(0));
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
