package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.hook.Hook;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.Fixtures;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks-function events in {@code events/hooks/} (the ones {@code sam local invoke HooksFunction -e} takes),
 * through the handler against DynamoDB: an operator's SigV4 request as API Gateway's IAM authorizer passes it on
 * creates, lists and reads hooks ({@link HooksEventFixturesTest} reads their authorizer contexts).
 */
class HooksEventFixturesIT {

    private static final String EXAMPLE_HOOK_ID = "hk_example0000000000000000";
    private static final String API = "https://abc123defg.execute-api.eu-west-1.amazonaws.com";
    /** Like the runtime's serializer: the event classes' own property names, unknown ones ignored. */
    private static final ObjectMapper EVENTS = Json.MAPPER.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private HooksHandler handler;

    @BeforeEach
    void wire() {
        hooks = HooksHandlerIT.hookTable(aws);
        handler = HooksHandlerIT.handler(aws, hooks, false, Clock.systemUTC());
    }

    @Test
    void createListAndGetEvents_workThroughTheHandler() throws IOException {
        APIGatewayV2HTTPResponse created = handler.handleRequest(event("hooks/create_hook.iam.json"), null);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        JsonNode hook = Json.MAPPER.readTree(created.getBody());
        assertThat(hook.get("project").asText()).isEqualTo("demo");
        assertThat(hook.get("webhookUrl").asText()).isEqualTo(API + "/webhooks/" + hook.get("id").asText());
        assertThat(created.getBody()).doesNotContain("gitbridge-example-secret-0123456789");

        APIGatewayV2HTTPResponse listed = handler.handleRequest(event("hooks/list_hooks.iam.json"), null);
        assertThat(listed.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(listed.getBody()).get("_embedded").get("hooks").get(0).get("id"))
                .isEqualTo(hook.get("id"));

        APIGatewayV2HTTPResponse missing = handler.handleRequest(event("hooks/get_hook.iam.json"), null);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getBody()).contains("no hook " + EXAMPLE_HOOK_ID);

        // The README's item for sam local invoke: a hook stored under the example id, which get_hook.iam.json reads.
        Hook stored = hooks.find(hook.get("id").asText()).orElseThrow();
        hooks.create(Hook.builder().id(EXAMPLE_HOOK_ID).project("example").provider(stored.provider())
                .sourceRepo(stored.sourceRepo()).branch(stored.branch()).events(stored.events())
                .secret(stored.secret()).buildRepo(stored.buildRepo()).buildBranch(stored.buildBranch())
                .createdAt(stored.createdAt()).updatedAt(stored.updatedAt()).build());
        APIGatewayV2HTTPResponse read = handler.handleRequest(event("hooks/get_hook.iam.json"), null);
        assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(read.getBody()).get("id").asText()).isEqualTo(EXAMPLE_HOOK_ID);
    }

    /** A fixture as the payload-format-2.0 event the handler receives. */
    static APIGatewayV2HTTPEvent event(String fixture) throws IOException {
        return EVENTS.readValue(Fixtures.bytes(fixture), APIGatewayV2HTTPEvent.class);
    }
}
