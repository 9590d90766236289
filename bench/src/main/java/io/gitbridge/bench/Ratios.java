package io.gitbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a JMH JSON result ({@code -rf json -rff FILE}) into a Markdown table of ratios to the baselines measured
 * in the same run: in each benchmark class, for each parameter set, every method is divided by the method whose
 * name starts with {@code baseline}. The ratio's range comes from the ends of both 99.9 % confidence intervals
 * that JMH reports (lowest score over highest baseline, highest over lowest), so it is conservative.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.gitbridge.bench.Ratios results.json}
 */
public final class Ratios {

    private static final String BASELINE_PREFIX = "baseline";

    private record Score(String benchmarkClass, String method, String params, double score, double error, String unit) {
    }

    private Ratios() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Ratios <jmh-result.json>");
            System.exit(2);
        }
        Map<String, List<Score>> groups = new LinkedHashMap<>();
        for (JsonNode result : new ObjectMapper().readTree(Path.of(args[0]).toFile())) {
            Score score = score(result);
            groups.computeIfAbsent(score.benchmarkClass() + " " + score.params(), k -> new ArrayList<>()).add(score);
        }
        System.out.println("| benchmark | params | score ± 99.9% CI | baseline ± 99.9% CI | ratio (range) |");
        System.out.println("|---|---|---|---|---|");
        for (List<Score> group : groups.values()) {
            Score baseline = group.stream().filter(s -> s.method().startsWith(BASELINE_PREFIX)).findFirst().orElse(null);
            for (Score score : group) {
                System.out.println(row(score, baseline));
            }
        }
    }

    private static Score score(JsonNode result) {
        String benchmark = result.get("benchmark").asText();
        int dot = benchmark.lastIndexOf('.');
        String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
        Map<String, String> params = new LinkedHashMap<>();
        result.path("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
        JsonNode metric = result.get("primaryMetric");
        double error = metric.get("scoreError").asDouble();
        return new Score(className, benchmark.substring(dot + 1),
                params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")),
                metric.get("score").asDouble(), Double.isNaN(error) ? 0 : error, metric.get("scoreUnit").asText());
    }

    private static String row(Score score, Score baseline) {
        String ratio;
        if (baseline == null) {
            ratio = "no baseline";
        } else if (score == baseline) {
            ratio = "1 (baseline)";
        } else {
            double low = (score.score() - score.error()) / (baseline.score() + baseline.error());
            double high = baseline.score() - baseline.error() > 0
                    ? (score.score() + score.error()) / (baseline.score() - baseline.error()) : Double.POSITIVE_INFINITY;
            ratio = String.format(Locale.ROOT, "**%s** (%s–%s)", number(score.score() / baseline.score()),
                    number(low), number(high));
        }
        return String.format(Locale.ROOT, "| %s.%s | %s | %s | %s | %s |", score.benchmarkClass(), score.method(),
                score.params(), measured(score), baseline == null ? "" : measured(baseline), ratio);
    }

    private static String measured(Score score) {
        return number(score.score()) + " ± " + number(score.error()) + " " + score.unit();
    }

    /** Three significant digits, without exponent notation. */
    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return "∞";
        }
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
