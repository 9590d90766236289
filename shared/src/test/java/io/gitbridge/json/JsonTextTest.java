package io.gitbridge.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void object_writesWhatDatabindWritesForTheSameObject() {
        String message = "a \"quoted\" \\ back\\slash, a newline\n, a tab\t, a control \u0001 and Zoë ✓";

        String written = JsonText.object("error", "bad_request", "message", message, "none", null);

        assertThat(written).isEqualTo(Json.MAPPER.createObjectNode().put("error", "bad_request")
                .put("message", message).putNull("none").toString());
    }

    @Test
    void object_keepsTheOrderGiven_andWritesAnEmptyObject() {
        assertThat(JsonText.object("b", "1", "a", "2")).isEqualTo("{\"b\":\"1\",\"a\":\"2\"}");
        assertThat(JsonText.object()).isEqualTo("{}");
    }

    @Test
    void object_refusesANameWithoutAValue() {
        assertThatThrownBy(() -> JsonText.object("status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("names and values come in pairs");
    }
}
