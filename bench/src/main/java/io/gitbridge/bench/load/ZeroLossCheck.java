package io.gitbridge.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks, through the runner's admin API only, that every accepted delivery is in its hook's delivery log as
 * {@code queued} and that its sync ended {@code synced} or {@code up_to_date}, polling until that holds or the time
 * runs out.
 */
final class ZeroLossCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SYNCED = Set.of("synced", "up_to_date");

    /**
     * Where the accepted deliveries stand.
     *
     * @param missing accepted but not in the log at all: lost
     * @param notQueued in the log with another outcome than {@code queued} (say, {@code pending}): lost
     * @param unsynced queued, and no sync has ended for them yet
     * @param failed queued, and their sync ended with another status: {@code statuses} counts them by status
     */
    record Verdict(int accepted, int missing, int notQueued, int synced, int unsynced, int failed,
                   Map<String, Integer> statuses, Duration waited) {

        boolean zeroLoss() {
            return missing == 0 && notQueued == 0 && unsynced == 0 && failed == 0 && synced == accepted;
        }
    }

    private final HttpClient http;
    private final URI runner;
    private final String adminToken;

    ZeroLossCheck(HttpClient http, URI runner, String adminToken) {
        this.http = http;
        this.runner = runner;
        this.adminToken = adminToken;
    }

    Verdict await(Collection<DeliveryLoad.Delivery> accepted, Duration timeout)
            throws IOException, InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Map<String, Set<String>> byHook = new HashMap<>();
        accepted.forEach(d -> byHook.computeIfAbsent(d.hookId(), h -> new HashSet<>()).add(d.deliveryId()));
        while (true) {
            Verdict verdict = check(byHook, accepted.size(), Duration.between(start, Instant.now()));
            if (verdict.zeroLoss() || verdict.unsynced() == 0 || Instant.now().isAfter(deadline)) {
                return verdict;
            }
            Thread.sleep(1_000);
        }
    }

    private Verdict check(Map<String, Set<String>> byHook, int accepted, Duration waited)
            throws IOException, InterruptedException {
        int missing = 0;
        int notQueued = 0;
        int synced = 0;
        int unsynced = 0;
        int failed = 0;
        Map<String, Integer> statuses = new HashMap<>();
        for (Map.Entry<String, Set<String>> hook : byHook.entrySet()) {
            Map<String, JsonNode> logged = log(hook.getKey());
            for (String deliveryId : hook.getValue()) {
                JsonNode entry = logged.get(deliveryId);
                if (entry == null) {
                    missing++;
                } else if (!"queued".equals(entry.path("outcome").asText())) {
                    notQueued++;
                    statuses.merge("outcome " + entry.path("outcome").asText(), 1, Integer::sum);
                } else if (entry.path("sync").isNull() || entry.path("sync").isMissingNode()) {
                    unsynced++;
                } else {
                    String status = entry.path("sync").path("status").asText();
                    statuses.merge(status, 1, Integer::sum);
                    if (SYNCED.contains(status)) {
                        synced++;
                    } else {
                        failed++;
                    }
                }
            }
        }
        return new Verdict(accepted, missing, notQueued, synced, unsynced, failed, statuses, waited);
    }

    /** The hook's whole delivery log, by provider delivery id, read page by page. */
    private Map<String, JsonNode> log(String hookId) throws IOException, InterruptedException {
        Map<String, JsonNode> entries = new HashMap<>();
        String cursor = null;
        do {
            String query = "?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor,
                    StandardCharsets.UTF_8));
            JsonNode page = get("/hooks/" + hookId + "/deliveries" + query);
            for (JsonNode entry : page.path("_embedded").path("deliveries")) {
                entries.put(entry.path("providerDeliveryId").asText(), entry);
            }
            JsonNode next = page.path("page").path("next");
            cursor = next.isTextual() ? next.asText() : null;
        } while (cursor != null);
        return entries;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(runner.resolve(path))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }
}
