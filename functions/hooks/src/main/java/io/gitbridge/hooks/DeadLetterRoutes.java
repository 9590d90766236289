package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.deadletter.DeadLetter;
import io.gitbridge.deadletter.DeadLetterQueue;
import io.gitbridge.deadletter.DeadLetters;
import io.gitbridge.http.BadRequestException;
import io.gitbridge.http.HttpApi;
import io.gitbridge.json.Json;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /dead-letters} and {@code POST /dead-letters/redrive[?hookId=]}: the sync requests waiting in the
 * dead-letter queue, and moving them back to the sync queue. Answers 503 when this deployment names no dead-letter
 * queue.
 */
final class DeadLetterRoutes {

    private static final Pattern HOOK_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int DEFAULT_LIMIT = 50;

    private final Optional<DeadLetters> deadLetters;

    DeadLetterRoutes(Optional<DeadLetters> deadLetters) {
        this.deadLetters = deadLetters;
    }

    APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        int limit = limit(event);
        if (deadLetters.isEmpty()) {
            return unavailable();
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (DeadLetter letter : deadLetters.get().list(limit)) {
            ObjectNode item = items.addObject().put("messageId", letter.messageId());
            letter.request().ifPresentOrElse(request -> {
                item.put("hookId", request.hookId());
                item.put("deliveryId", request.deliveryId());
                item.put("commit", request.commit());
                item.put("ref", request.ref());
            }, () -> item.put("unreadable", true));
            item.put("receiveCount", letter.receiveCount());
            item.put("sentAt", letter.sentAt().map(Object::toString).orElse(null));
            item.put("deadLetteredAt", letter.deadLetteredAt().map(Object::toString).orElse(null));
            item.put("lastError", letter.lastError().orElse(null));
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("deadLetters", items);
        return HttpApi.json(200, body);
    }

    APIGatewayV2HTTPResponse redrive(APIGatewayV2HTTPEvent event) {
        Optional<String> hookId = HttpApi.queryParameter(event, "hookId");
        if (hookId.isPresent() && !HOOK_ID.matcher(hookId.get()).matches()) {
            throw new BadRequestException("hookId must be a hook id (1 to 128 letters, digits, '_' or '-')", null);
        }
        if (deadLetters.isEmpty()) {
            return unavailable();
        }
        DeadLetterQueue.Redrive redrive = hookId.map(deadLetters.get()::redrive)
                .orElseGet(deadLetters.get()::redriveAll);
        ObjectNode body = Json.MAPPER.createObjectNode().put("method", redrive.method());
        hookId.ifPresent(id -> body.put("hookId", id));
        redrive.moved().ifPresent(moved -> body.put("moved", moved));
        redrive.taskHandle().ifPresent(handle -> body.put("taskHandle", handle));
        return HttpApi.json(202, body);
    }

    private static int limit(APIGatewayV2HTTPEvent event) {
        Optional<String> value = HttpApi.queryParameter(event, "limit");
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        String text = value.get();
        if (!text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= DeadLetters.MAX_LISTED) {
                return limit;
            }
        }
        throw new BadRequestException("limit must be a number from 1 to " + DeadLetters.MAX_LISTED, null);
    }

    private static APIGatewayV2HTTPResponse unavailable() {
        return HttpApi.error(503, "dead_letters_unavailable", "this deployment names no dead-letter queue "
                + "(DEAD_LETTER_QUEUE_URL)");
    }
}
