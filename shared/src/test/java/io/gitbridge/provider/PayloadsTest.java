package io.gitbridge.provider;

import static io.gitbridge.provider.TestRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    @ValueSource(strings = {"pay%zzload=1&payload=%7B%7D", "%=1&payload=%7B%7D", "payload=%zz", "payload=%7B%7",
            "x=%zz&payload=%7B%7D", "payload=%7B%7D&x=%2", "payload=%7B%7D&%G0=1"})
    void jsonBytes_rejectsABadEscape_inAFieldNameOrValue(String form) {
        WebhookRequest request = request("application/x-www-form-urlencoded", utf8(form));

        assertThatThrownBy(() -> Payloads.jsonBytes(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("form body is not URL-encoded")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void json_rejectsAnEscapedPayloadThatIsNotUtf8_insteadOfReplacingIt() {
        WebhookRequest request = request("application/x-www-form-urlencoded", utf8("payload=%7B%22a%22%3A%22%FF%22%7D"));

        assertThat(Payloads.jsonBytes(request)).containsExactly('{', '"', 'a', '"', ':', '"', 0xFF, '"', '}');
        assertThatThrownBy(() -> Payloads.json(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("body is not valid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"payload=%", "payload=%7", "payload=%7B%2", "payload=%G0"})
    void jsonBytes_rejectsAnIncompleteEscape_atTheEndOrInside(String form) {
        WebhookRequest request = request("application/x-www-form-urlencoded", utf8(form));

        assertThatThrownBy(() -> Payloads.jsonBytes(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("form body is not URL-encoded");
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

    // ---- strict reading (issue 8) -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1} x", "{\"a\": 1}{\"b\": 2}", "{\"a\": 1}]", "{\"a\": 1} null"})
    void json_rejects_trailingContent(String body) {
        assertThatThrownBy(() -> Payloads.json(request("application/json", utf8(body))))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void json_rejects_duplicateKeys() {
        WebhookRequest request = request("application/json", utf8("{\"deleted\": false, \"deleted\": true}"));

        assertThatThrownBy(() -> Payloads.json(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("Duplicate field 'deleted'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"n\": 1e999999}", "{\"a\": [{\"n\": -1e999999}]}", "{\"n\": 1.8e308}"})
    void json_rejects_numbersTooLargeForADouble(String body) {
        assertThatThrownBy(() -> Payloads.json(request("application/json", utf8(body))))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("body holds a number too large for a double");
    }

    @Test
    void json_reads_aBodyThatStartsWithAByteOrderMark() {
        byte[] json = utf8("{\"ref\": \"refs/heads/main\"}");
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);

        assertThat(Payloads.json(request("application/json", body)).path("ref").asText()).isEqualTo("refs/heads/main");
    }

    @Test
    void json_rejects_aBodyThatIsNotUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};

        assertThatThrownBy(() -> Payloads.json(request("application/json", body)))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("body is not valid UTF-8");
    }

    @Test
    void json_cutsTheParsersMessage() {
        String token = "x".repeat(5000);

        assertThatThrownBy(() -> Payloads.json(request("application/json", utf8("{\"a\": " + token + "}"))))
                .isInstanceOf(MalformedPayloadException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(150));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yes\"", "1", "0", "\"true\"", "{}", "[]"})
    void flag_rejects_aValueThatIsNotABoolean(String value) {
        var node = Payloads.json(request("application/json", utf8("{\"deleted\": " + value + "}")));

        assertThatThrownBy(() -> Payloads.flag(node, "deleted"))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload field deleted is not a boolean");
    }

    @ParameterizedTest
    @CsvSource({"'{\"deleted\": true}', true", "'{\"deleted\": false}', false", "'{\"deleted\": null}', false",
        "'{}', false"})
    void flag_reads_booleansAndTreatsAbsentAsFalse(String body, boolean expected) {
        assertThat(Payloads.flag(Payloads.json(request("application/json", utf8(body))), "deleted"))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{}", "[\"main\"]"})
    void text_and_optionalText_reject_aValueThatIsNotAString(String value) {
        var node = Payloads.json(request("application/json", utf8("{\"ref\": " + value + "}")));

        assertThatThrownBy(() -> Payloads.text(node, "ref"))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload lacks the string field ref");
        assertThatThrownBy(() -> Payloads.optionalText(node, "ref", ""))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("payload field ref is not a string");
    }

    // ---- streaming read (issue 11): commits are read strictly but not kept ------------------------------------

    @Test
    void json_keepsNoCommits_butEverythingAroundThem() {
        var node = Payloads.json(request("application/json", utf8(
                "{\"ref\": \"refs/heads/main\", \"commits\": [{\"id\": \"a\"}, {\"id\": \"b\"}], \"after\": \"c\"}")));

        assertThat(node.path("commits").isArray()).isTrue();
        assertThat(node.path("commits")).isEmpty();
        assertThat(Payloads.text(node, "ref")).isEqualTo("refs/heads/main");
        assertThat(Payloads.text(node, "after")).isEqualTo("c");
    }

    @Test
    void json_rejects_duplicateKeys_insideTheCommitsItDoesNotKeep() {
        WebhookRequest request = request("application/json",
                utf8("{\"commits\": [{\"id\": \"a\", \"id\": \"b\"}]}"));

        assertThatThrownBy(() -> Payloads.json(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void json_rejects_aNumberTooLargeForADouble_insideTheCommitsItDoesNotKeep() {
        WebhookRequest request = request("application/json", utf8("{\"commits\": [[{\"n\": 2e308}]]}"));

        assertThatThrownBy(() -> Payloads.json(request))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("body holds a number too large for a double");
    }

    @Test
    void json_rejects_bytesThatAreNotUtf8_insideTheCommitsItDoesNotKeep() {
        byte[] body = {'{', '"', 'c', 'o', 'm', 'm', 'i', 't', 's', '"', ':', '[', '"', (byte) 0xE2, (byte) 0x82, '"',
            ']', '}'};

        assertThatThrownBy(() -> Payloads.json(request("application/json", body)))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("body is not valid UTF-8");
    }

    @Test
    void json_rejects_anUnclosedCommitsArray() {
        assertThatThrownBy(() -> Payloads.json(request("application/json", utf8("{\"commits\": [1, [2]"))))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void json_rejects_utf16_andASecondByteOrderMark() {
        byte[] utf16 = "{\"a\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] twoMarks = utf8("\uFEFF\uFEFF{\"a\": 1}");

        assertThatThrownBy(() -> Payloads.json(request("application/json", utf16)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("body is not valid JSON: it is not UTF-8 JSON text");
        assertThatThrownBy(() -> Payloads.json(request("application/json", twoMarks)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("body is not valid JSON: it is not UTF-8 JSON text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "\"a\"", "1", "null"})
    void json_rejects_aBodyThatIsNotAnObject(String body) {
        assertThatThrownBy(() -> Payloads.json(request("application/json", utf8(body))))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("body is not a JSON object");
    }

    @Test
    void json_reportsTrailingContent_beforeANonObjectRoot() {
        assertThatThrownBy(() -> Payloads.json(request("application/json", utf8("[1] {}"))))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("body is not valid JSON: content after the JSON value ({)");
    }
}
