package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dead-letter routes' answers that need no queue: bad input, and a deployment without a dead-letter queue. */
class DeadLetterRoutesTest {

    private final HooksHandler handler = new HooksHandler(null, null, null);

    @Test
    void list_answers503_whenTheDeploymentNamesNoDeadLetterQueue() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("GET", "/dead-letters", null), null);

        assertError(response, 503, "dead_letters_unavailable", "DEAD_LETTER_QUEUE_URL");
    }

    @Test
    void redrive_answers503_whenTheDeploymentNamesNoDeadLetterQueue() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                event("POST", "/dead-letters/redrive", Map.of("hookId", "hk_abc")), null);

        assertError(response, 503, "dead_letters_unavailable", "DEAD_LETTER_QUEUE_URL");
    }

    @Test
    void redrive_answers400_forAHookIdThatCannotBeOne() throws Exception {
        for (String hookId : new String[] {"", "hk/../x", "a b", "x".repeat(129), "hk_\u00e9", "hk\n"}) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(
                    event("POST", "/dead-letters/redrive", Map.of("hookId", hookId)), null);

            assertError(response, 400, "bad_request", "hookId must be a hook id");
            assertThat(response.getBody()).doesNotContain(hookId.isEmpty() ? "\u0000" : hookId);
        }
    }

    @Test
    void list_answers400_forALimitOutside1To100() throws Exception {
        for (String limit : new String[] {"0", "101", "-1", "abc", "1e3", "99999999999999999999", "", "\u0661"}) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(
                    event("GET", "/dead-letters", Map.of("limit", limit)), null);

            assertError(response, 400, "bad_request", "limit must be a number from 1 to 100");
        }
    }

    @Test
    void otherMethods_answer405() throws Exception {
        assertError(handler.handleRequest(event("DELETE", "/dead-letters", null), null), 405,
                "method_not_allowed", "DELETE");
        assertError(handler.handleRequest(event("GET", "/dead-letters/redrive", null), null), 405,
                "method_not_allowed", "GET");
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String error, String message)
            throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("message").asText()).contains(message);
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> query) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json"))
                .withQueryStringParameters(query)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build();
    }
}
