package io.gitbridge.bench;

import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.SourceRepository;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import io.gitbridge.provider.github.GitHubProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The warm receiver path in CPU time, for a machine too busy for JMH's wall-clock scores: the same work as
 * {@link GitHubPushBenchmark#receiverPath}, timed with the thread's CPU clock, which does not count the time the
 * thread waits for a core. Warms up for {@code warmupSeconds} of CPU, then times {@code batches} batches of about
 * 0.2 s of CPU each and prints {@code warmpath <payload> <bytes> p50=<µs> p90=<µs> max=<µs>} per operation (batch
 * means: the per-operation p99 the issue asks for needs a quiet machine). Usage: {@code java -cp benchmarks.jar
 * io.gitbridge.bench.WarmPathCpu <payload> [warmupSeconds] [batches]}, in a JVM with the flags under test.
 */
public final class WarmPathCpu {

    private static final String SECRET = "bench-webhook-secret-1234";
    private static final SourceRepository SOURCE = SourceRepository.of("https://github.com/acme/app.git");
    private static final HookEvents PUSH_ONLY = new HookEvents(true, false);

    private WarmPathCpu() {
    }

    public static void main(String[] args) {
        String payload = args[0];
        double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        byte[] body = PaddedPushPayloads.body(payload);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-github-event", "push");
        headers.put("x-github-delivery", "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60");
        headers.put("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(SECRET, body)));
        WebhookProvider github = new GitHubProvider();
        Providers providers = Providers.standard();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        long sink = 0;
        long end = cpu.getCurrentThreadCpuTime() + (long) (warmup * 1e9);
        int perBatch = 0;
        long batchStart = cpu.getCurrentThreadCpuTime();
        while (cpu.getCurrentThreadCpuTime() < end) {
            sink += once(github, providers, headers, body);
            perBatch++;
            if (cpu.getCurrentThreadCpuTime() - batchStart > 200_000_000L) {
                break;
            }
        }
        while (cpu.getCurrentThreadCpuTime() < end) {
            sink += once(github, providers, headers, body);
        }
        perBatch = Math.max(1, perBatch);
        double[] microsPerOp = new double[batches];
        for (int b = 0; b < batches; b++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < perBatch; i++) {
                sink += once(github, providers, headers, body);
            }
            microsPerOp[b] = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / perBatch;
        }
        Arrays.sort(microsPerOp);
        System.out.printf("warmpath %s %d p50=%.1f p90=%.1f max=%.1f (sink %d)%n", payload, body.length,
                microsPerOp[batches / 2], microsPerOp[(int) (batches * 0.9)], microsPerOp[batches - 1], sink % 10);
    }

    private static long once(WebhookProvider github, Providers providers, Map<String, String> headers, byte[] body) {
        WebhookRequest received = new WebhookRequest(headers, body);
        providers.detect(received);
        github.verify(received, SECRET);
        String event = github.verifiedEventName(received);
        WebhookEvent.SyncTrigger trigger = (WebhookEvent.SyncTrigger) github.classify(received, SOURCE, "main",
                PUSH_ONLY);
        return github.deliveryId(received).length() + event.length() + trigger.commit().length();
    }
}
