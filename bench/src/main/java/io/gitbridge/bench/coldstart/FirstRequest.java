package io.gitbridge.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.gitbridge.provider.PayloadNode;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.WebhookRequest;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One fresh process of the first-request harness ({@code bench/firstrequest.sh}): constructs the receiver's handler as
 * Lambda does (no-arg constructor, the environment), reads the API Gateway envelope named by the first argument,
 * gives it the delivery id named by the second (so every run takes the queued path: GetItem, verify, conditional
 * PutItem, SendMessage, UpdateItem), and prints {@code firstrequest <status> <ms from JVM start to the answer>}.
 * The handler is reached by reflection: the bench module does not depend on the functions.
 */
public final class FirstRequest {

    private FirstRequest() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName("io.gitbridge.receiver.ReceiverHandler");
        Object handler = type.getConstructor().newInstance();
        PayloadNode envelope = Payloads.json(new WebhookRequest(Map.of(), Files.readAllBytes(Path.of(args[0]))));
        Map<String, String> headers = new HashMap<>();
        envelope.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.put("x-github-delivery", args[1]);
        Map<String, String> path = new HashMap<>();
        envelope.path("pathParameters").properties().forEach(p -> path.put(p.getKey(), p.getValue().asText()));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withHeaders(headers)
                .withPathParameters(path).withBody(envelope.path("body").asText())
                .withIsBase64Encoded(envelope.path("isBase64Encoded").booleanValue()).build();
        Method handle = type.getMethod("handleRequest", APIGatewayV2HTTPEvent.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context"));
        Object response = handle.invoke(handler, event, null);
        long answered = System.currentTimeMillis();
        int status = (Integer) response.getClass().getMethod("getStatusCode").invoke(response);
        System.out.println("firstrequest " + status + " "
                + (answered - ManagementFactory.getRuntimeMXBean().getStartTime()));
    }
}
