package io.gitbridge.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends prepared deliveries from {@code concurrency} threads over one keep-alive HTTP/1.1 client, each thread
 * taking the next delivery as soon as its previous one is answered (a closed loop), and measures them.
 */
final class DeliveryLoad {

    /** One delivery to send: where, its headers and body, and who it is for (for the zero-loss check). */
    record Delivery(URI url, Map<String, String> headers, byte[] body, String hookId, String deliveryId) {
    }

    /**
     * What a load run measured.
     *
     * @param statuses how many answers had each status; {@code -1} counts requests that got no answer at all
     * @param accepted the deliveries answered {@code 202}
     * @param latencyNanos every request's time from send to the whole answer read, sorted
     */
    record Result(int sent, Map<Integer, Integer> statuses, List<Delivery> accepted, Duration wall,
                  long[] latencyNanos) {

        double acceptedPerSecond() {
            return accepted.size() / (wall.toNanos() / 1e9);
        }

        double latencyMillis(double percentile) {
            if (latencyNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latencyNanos.length - 1, Math.ceil(percentile / 100 * latencyNanos.length) - 1);
            return latencyNanos[Math.max(0, index)] / 1e6;
        }
    }

    private final HttpClient http;
    private final int concurrency;

    DeliveryLoad(HttpClient http, int concurrency) {
        this.http = http;
        this.concurrency = concurrency;
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    Result run(List<Delivery> deliveries) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[deliveries.size()];
        int[] statuses = new int[deliveries.size()];
        Map<String, String> firstFailures = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < deliveries.size(); i = next.getAndIncrement()) {
                    Delivery delivery = deliveries.get(i);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(request(delivery), HttpResponse.BodyHandlers.ofString());
                        statuses[i] = answer.statusCode();
                        if (answer.statusCode() != 202) {
                            firstFailures.putIfAbsent(Integer.toString(answer.statusCode()), answer.body());
                        }
                    } catch (Exception e) {
                        statuses[i] = -1;
                        firstFailures.putIfAbsent("-1", e.toString());
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
            }, "load-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Map<Integer, Integer> counts = new TreeMap<>();
        List<Delivery> accepted = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            counts.merge(statuses[i], 1, Integer::sum);
            if (statuses[i] == 202) {
                accepted.add(deliveries.get(i));
            }
        }
        firstFailures.forEach((status, body) -> System.err.println("first answer " + status + ": " + body));
        Arrays.sort(latencies);
        return new Result(deliveries.size(), counts, accepted, wall, latencies);
    }

    private static HttpRequest request(Delivery delivery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(delivery.url()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        // Content-Length, Host and Connection are the client's own; the rest are the provider's.
        delivery.headers().forEach(builder::header);
        return builder.build();
    }
}
