package io.gitbridge.provider;

import static io.gitbridge.provider.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PayloadNode answers as Jackson's JsonNode did for the questions classification asks. */
class PayloadNodeTest {

    private static PayloadNode json(String body) {
        return Payloads.json(new WebhookRequest(Map.of("Content-Type", "application/json"), utf8(body)));
    }

    @Test
    void path_and_get_onAbsentFieldsAndNonObjects() {
        PayloadNode node = json("{\"a\": {\"b\": \"x\"}, \"list\": [1, 2], \"n\": null}");

        assertThat(node.path("a").path("b").asText()).isEqualTo("x");
        assertThat(node.path("missing").isMissingNode()).isTrue();
        assertThat(node.path("missing").path("deeper").isMissingNode()).isTrue();
        assertThat(node.get("missing")).isNull();
        assertThat(node.path("list").path("b").isMissingNode()).isTrue();
        assertThat(node.path("a").path("b").get("c")).isNull();
        assertThat(node.path("n").isNull()).isTrue();
        assertThat(node.hasNonNull("n")).isFalse();
        assertThat(node.hasNonNull("a")).isTrue();
    }

    @Test
    void asText_readsEachKindAsJacksonDoes() {
        PayloadNode node = json("{\"s\": \"x\", \"i\": 12, \"f\": 1.5, \"t\": true, \"n\": null, \"o\": {}, \"l\": []}");

        assertThat(node.path("s").asText()).isEqualTo("x");
        assertThat(node.path("i").asText()).isEqualTo("12");
        assertThat(node.path("f").asText()).isEqualTo("1.5");
        assertThat(node.path("t").asText()).isEqualTo("true");
        assertThat(node.path("n").asText()).isEqualTo("null");
        assertThat(node.path("o").asText()).isEmpty();
        assertThat(node.path("l").asText()).isEmpty();
        assertThat(node.path("n").asText("fallback")).isEqualTo("fallback");
        assertThat(node.path("missing").asText("fallback")).isEqualTo("fallback");
        assertThat(node.path("o").asText("fallback")).isEmpty();
        assertThat(node.path("t").booleanValue()).isTrue();
        assertThat(node.path("s").booleanValue()).isFalse();
        assertThat(node.path("i").isNumber()).isTrue();
        assertThat(node.path("s").isTextual()).isTrue();
        assertThat(node.path("t").isBoolean()).isTrue();
    }

    @Test
    void iteration_givesArrayElements_objectValues_andNothingForScalars() {
        PayloadNode node = json("{\"l\": [\"a\", \"b\"], \"o\": {\"x\": \"1\", \"y\": \"2\"}, \"s\": \"v\"}");

        assertThat(texts(node.path("l"))).containsExactly("a", "b");
        assertThat(texts(node.path("o"))).containsExactly("1", "2");
        assertThat(texts(node.path("s"))).isEmpty();
        assertThat(texts(node.path("missing"))).isEmpty();
        assertThat(node.path("o").properties()).extracting(Map.Entry::getKey).containsExactly("x", "y");
    }

    private static List<String> texts(PayloadNode node) {
        List<String> texts = new ArrayList<>();
        node.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}
