package io.gitbridge.receiver;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.gitbridge.provider.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A child process for {@link ReceiverClassLoadingIT}, run on the shaded {@code receiver.jar}: the receiver as Lambda
 * builds it (no-arg constructor, the environment), then deliveries that take each of its paths (queued, duplicate,
 * refused signature, malformed payload, unknown hook) and one priming; prints each status code.
 */
public final class OneRequest {

    private static final String SECRET = "gitbridge-example-secret-0123456789";

    private OneRequest() {
    }

    public static void main(String[] args) {
        ReceiverHandler handler = new ReceiverHandler();
        APIGatewayV2HTTPEvent push = ReceiverPriming.envelope("github/push");
        StringBuilder statuses = new StringBuilder("statuses");
        statuses.append(' ').append(handler.handleRequest(push, null).getStatusCode());
        statuses.append(' ').append(handler.handleRequest(push, null).getStatusCode());
        statuses.append(' ').append(handler.handleRequest(with(push, "{}", "sha256=" + "0".repeat(64)), null)
                .getStatusCode());
        statuses.append(' ').append(handler.handleRequest(with(push, "{\"ref\": 1", null), null).getStatusCode());
        push.setPathParameters(Map.of("hookId", "hk_nosuchhook"));
        statuses.append(' ').append(handler.handleRequest(push, null).getStatusCode());
        System.out.println(statuses);
        System.out.println("priming failures " + handler.priming().prime().failures());
    }

    /** The delivery with another body, signed with {@code signature}, or with the hook's secret when it is null. */
    private static APIGatewayV2HTTPEvent with(APIGatewayV2HTTPEvent event, String body, String signature) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-github-delivery", "other-" + body.length());
        headers.put("x-hub-signature-256", signature != null ? signature : "sha256=" + Signatures.hex(
                Signatures.hmacSha256(SECRET, body.getBytes(StandardCharsets.UTF_8))));
        headers.remove("content-length");
        return APIGatewayV2HTTPEvent.builder().withHeaders(headers).withPathParameters(event.getPathParameters())
                .withBody(body).withIsBase64Encoded(false).build();
    }
}
