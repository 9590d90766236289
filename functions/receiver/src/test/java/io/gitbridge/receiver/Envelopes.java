package io.gitbridge.receiver;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.Fixtures;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** API Gateway events read from the {@code events/} fixtures that {@code sam local invoke} uses. */
final class Envelopes {

    private Envelopes() {
    }

    /** The fixture as a payload-format-2.0 event, with mutable headers. */
    static APIGatewayV2HTTPEvent envelope(String fixture) throws IOException {
        JsonNode node = Json.MAPPER.readTree(Fixtures.bytes(fixture));
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        Map<String, String> headers = new HashMap<>();
        node.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        event.setHeaders(headers);
        event.setRawPath(node.get("rawPath").asText());
        event.setPathParameters(Map.of("hookId", node.get("pathParameters").get("hookId").asText()));
        event.setBody(node.get("body").asText());
        event.setIsBase64Encoded(node.get("isBase64Encoded").asBoolean());
        return event;
    }
}
