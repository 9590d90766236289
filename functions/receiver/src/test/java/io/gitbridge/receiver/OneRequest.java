package io.gitbridge.receiver;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.gitbridge.http.HttpApi;
import io.gitbridge.provider.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A child process for {@link ReceiverClassLoadingIT}, run on the shaded {@code receiver.jar}: the receiver as Lambda
 * builds it (no-arg constructor, the environment), then deliveries that take each of its paths (queued, duplicate,
 * refused signature, malformed payload, unknown hook), deliveries of the GitHub App's webhook (a routed push, a ping,
 * an installation change, a forged signature) and one priming; prints each status code.
 */
public final class OneRequest {

    private static final String SECRET = "gitbridge-example-secret-0123456789";
    /** The GitHub App's webhook secret {@link ReceiverClassLoadingIT} stores. */
    static final String APP_SECRET = "gitbridge-example-app-secret-0123";
    private static final String INSTALLATION = "{\"action\":\"created\",\"installation\":{\"id\":42,\"account\":"
            + "{\"login\":\"acme\",\"type\":\"Organization\"},\"repository_selection\":\"all\","
            + "\"suspended_at\":null,\"updated_at\":\"2026-11-30T06:00:00Z\"}}";

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
        StringBuilder app = new StringBuilder("app statuses");
        APIGatewayV2HTTPEvent appPush = ReceiverPriming.envelope("github/push");
        for (String[] delivery : new String[][] {
                {"push", new String(HttpApi.body(appPush, ReceiverHandler.MAX_BODY_BYTES), StandardCharsets.UTF_8)},
                {"ping", "{\"zen\":\"Keep it simple.\"}"},
                {"installation", INSTALLATION},
                {"forged", "{}"}}) {
            app.append(' ').append(handler.handleRequest(forApp(delivery[0], delivery[1]), null).getStatusCode());
        }
        System.out.println(app);
        System.out.println("priming failures " + handler.priming().prime().failures());
    }

    /** A delivery of the app's webhook signed with {@link #APP_SECRET}; event {@code forged} is a push signed wrong. */
    private static APIGatewayV2HTTPEvent forApp(String event, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-github-event", event.equals("forged") ? "push" : event);
        headers.put("x-github-delivery", "app-" + event);
        headers.put("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256(
                event.equals("forged") ? SECRET : APP_SECRET, bytes)));
        return APIGatewayV2HTTPEvent.builder().withRouteKey(ReceiverHandler.APP_ROUTE_KEY).withHeaders(headers)
                .withBody(body).withIsBase64Encoded(false).build();
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
