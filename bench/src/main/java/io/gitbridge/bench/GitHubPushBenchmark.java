package io.gitbridge.bench;

import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.github.GitHubProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * What the receiver's CPU does with a signed GitHub push, against the one thing it cannot avoid: an HMAC-SHA256
 * over the body ({@link #baselineHmacSha256}). {@link #verifyAndClassify} is the pair every delivery goes through;
 * {@link #verify} and {@link #classify} split it; {@link #receiverPath} adds what
 * {@link io.gitbridge.receive.WebhookReceiver} does around it short of DynamoDB and SQS (building the
 * {@link WebhookRequest}, detecting the sender, naming the event, taking the delivery id).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class GitHubPushBenchmark {

    private static final String SECRET = "bench-webhook-secret-1234";
    private static final String BRANCH = "main";
    private static final SourceRepository SOURCE = SourceRepository.of("https://github.com/acme/app.git");
    private static final HookEvents PUSH_ONLY = new HookEvents(true, false);

    /** {@code fixture} is events/github/push.json (3.8 kB, the "4 KB" case); the others pad its commits array. */
    @Param({"fixture", "100KB", "1MB", "10MB"})
    public String payload;

    private final WebhookProvider github = new GitHubProvider();
    private final Providers providers = Providers.standard();
    private byte[] key;
    private byte[] body;
    private Map<String, String> headers;
    private WebhookRequest request;

    @Setup
    public void setUp() {
        key = SECRET.getBytes(StandardCharsets.UTF_8);
        body = PaddedPushPayloads.body(payload);
        headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "GitHub-Hookshot/abc1234");
        headers.put("x-github-event", "push");
        headers.put("x-github-delivery", "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60");
        headers.put("x-github-hook-id", "512301877");
        headers.put("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body)));
        request = new WebhookRequest(headers, body);

        WebhookEvent event = verifyAndClassify();
        if (!(event instanceof WebhookEvent.SyncTrigger trigger)
                || !trigger.commit().equals("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c")) {
            throw new IllegalStateException("the " + payload + " push does not classify as the fixture's sync: " + event);
        }
        System.out.printf("%n[payload %s: %,d bytes, %,d commits]%n", payload, body.length,
                PaddedPushPayloads.commitCount(body));
    }

    /** Baseline: HMAC-SHA256 of the body with a fresh {@link Mac}, as any per-hook check needs. */
    @Benchmark
    public byte[] baselineHmacSha256() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(body);
    }

    @Benchmark
    public WebhookEvent verifyAndClassify() {
        github.verify(request, SECRET);
        return github.classify(request, SOURCE, BRANCH, PUSH_ONLY);
    }

    @Benchmark
    public void verify() {
        github.verify(request, SECRET);
    }

    @Benchmark
    public WebhookEvent classify() {
        return github.classify(request, SOURCE, BRANCH, PUSH_ONLY);
    }

    @Benchmark
    public String receiverPath() {
        WebhookRequest received = new WebhookRequest(headers, body);
        if (providers.detect(received).filter(sender -> !sender.id().equals(github.id())).isPresent()) {
            throw new IllegalStateException("the delivery was detected as another provider's");
        }
        github.verify(received, SECRET);
        String event = github.verifiedEventName(received);
        WebhookEvent.SyncTrigger trigger =
                (WebhookEvent.SyncTrigger) github.classify(received, SOURCE, BRANCH, PUSH_ONLY);
        return github.deliveryId(received) + event + trigger.commit();
    }
}
