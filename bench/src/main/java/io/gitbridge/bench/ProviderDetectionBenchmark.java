package io.gitbridge.bench;

import io.gitbridge.provider.Providers;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Providers#detect}, which the receiver runs on every delivery, against one header lookup on the same
 * request. The providers are built once, as the receiver's constructor does. Deliveries come from the testkit
 * with the headers API Gateway adds; {@code github} is found sixth in the detection order, {@code gitlab} first,
 * {@code gitea} fourth, and {@code azure-devops} (which sends no provider header) only after asking every provider.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProviderDetectionBenchmark {

    @Param({"github", "gitlab", "gitea", "azure-devops"})
    public String delivery;

    private final Providers providers = Providers.standard();
    private WebhookRequest request;

    @Setup
    public void setUp() {
        TestDelivery sent = Deliveries.of(delivery).push("bench-webhook-secret-1234", "main",
                "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60");
        Map<String, String> headers = new LinkedHashMap<>(sent.headers());
        headers.put("accept", "*/*");
        headers.put("content-length", Integer.toString(sent.body().length));
        headers.put("host", "abc123defg.execute-api.eu-west-1.amazonaws.com");
        headers.put("x-amzn-trace-id", "Root=1-673dc7c3-2b6f1a0e4c5d7e8f9a0b1c2d");
        headers.put("x-forwarded-for", "140.82.115.12");
        headers.put("x-forwarded-port", "443");
        headers.put("x-forwarded-proto", "https");
        request = new WebhookRequest(headers, sent.body());

        String detected = detect().map(WebhookProvider::id).orElse("none");
        String expected = delivery.equals("azure-devops") ? "none" : delivery;
        if (!detected.equals(expected)) {
            throw new IllegalStateException(delivery + " delivery detected as " + detected);
        }
    }

    /** Baseline: one case-insensitive header lookup, what a single provider's check costs at least. */
    @Benchmark
    public boolean baselineHeaderLookup() {
        return request.hasHeader("X-GitHub-Event");
    }

    @Benchmark
    public Optional<WebhookProvider> detect() {
        return providers.detect(request);
    }
}
