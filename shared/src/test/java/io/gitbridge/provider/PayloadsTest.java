package io.gitbridge.provider;

import static io.gitbridge.provider.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadsTest {

    @Test
    void jsonBytes_isTheBodyItself_forAJsonDelivery() {
        byte[] body = utf8("{\"ref\": \"refs/heads/main\", \"name\": \"Zoë\"}");

        assertThat(Payloads.jsonBytes(request("application/json; charset=utf-8", body))).isEqualTo(body);
    }

    @Test
    void jsonBytes_isTheDecodedPayloadField_forAForm() {
        byte[] form = utf8("other=1&payload=%7B%22name%22%3A+%22Zo%C3%AB%22%7D&payload=%7B%7D");

        assertThat(Payloads.jsonBytes(request("application/x-www-form-urlencoded", form)))
                .isEqualTo(utf8("{\"name\": \"Zoë\"}"));
    }

    @Test
    void jsonBytes_readsAPayloadFieldWhoseNameIsEscaped() {
        assertThat(Payloads.jsonBytes(request("application/x-www-form-urlencoded", utf8("%70ayload=%7B%7D"))))
                .isEqualTo(utf8("{}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pay%zzload=1&payload=%7B%7D", "%=1&payload=%7B%7D", "payload=%zz", "payload=%7B%7"})
    void jsonBytes_rejectsABadEscape_inAFieldNameOrValue(String form) {
        WebhookRequest request = request("application/x-www-form-urlencoded", utf8(form));

        assertThatThrownBy(() -> Payloads.jsonBytes(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("form body is not URL-encoded")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void json_readsTheSameBytesAsJsonBytes() {
        WebhookRequest request = request("application/x-www-form-urlencoded",
                utf8("payload=%7B%22ref%22%3A%22a%22%7D&payload=%7B%22ref%22%3A%22b%22%7D"));

        assertThat(Payloads.text(Payloads.json(request), "ref")).isEqualTo("a");
    }

    @Test
    void json_rejectsAFormWithoutPayload() {
        WebhookRequest request = request("application/x-www-form-urlencoded", utf8("other=1"));

        assertThatThrownBy(() -> Payloads.json(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("form body has no payload field");
    }

    private static WebhookRequest request(String contentType, byte[] body) {
        return new WebhookRequest(Map.of("Content-Type", contentType), body);
    }
}
