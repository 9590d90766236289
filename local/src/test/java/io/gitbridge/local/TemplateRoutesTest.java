package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitbridge.hooks.HooksHandler;
import io.gitbridge.receiver.ReceiverHandler;
import io.gitbridge.testkit.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} routes to the hooks function exactly what the function serves: a route missing there is
 * API Gateway's 404 on AWS while the local runner (which routes by the function's own table) answers it, so the
 * contract test alone would not notice.
 */
class TemplateRoutesTest {

    @Test
    void everyRouteTheHooksFunctionServes_isAnHttpApiEventOfHooksFunction() throws Exception {
        List<String> templateRoutes = new ArrayList<>();
        events("HooksFunction").forEach(event -> templateRoutes.add(routeKey(event)));

        assertThat(templateRoutes).containsExactlyInAnyOrderElementsOf(new HooksHandler(null, null, null).routeKeys());
    }

    @Test
    void operatorRoutes_useTheIamAuthorizer_andTheWebhookRouteNone() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode event : events("HooksFunction")) {
            String route = routeKey(event);
            if (route.contains(" /hooks") || route.contains(" /dead-letters")) {
                assertThat(event.path("Properties").path("Auth").path("Authorizer").asText()).as(route)
                        .isEqualTo("AWS_IAM");
                checked.add(route);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(12);
        JsonNode webhook = events("ReceiverFunction").get(0);
        assertThat(routeKey(webhook)).isEqualTo("POST /webhooks/{hookId}");
        assertThat(webhook.path("Properties").path("Auth").path("Authorizer").asText()).isEqualTo("NONE");
        JsonNode appWebhook = events("ReceiverFunction").get(1);
        assertThat(routeKey(appWebhook)).isEqualTo(ReceiverHandler.APP_ROUTE_KEY);
        assertThat(appWebhook.path("Properties").path("Auth").path("Authorizer").asText()).isEqualTo("NONE");
    }

    @Test
    void gitHubAppRoutes_useTheIamAuthorizer_butTheSetupPageNone() throws Exception {
        java.util.Map<String, String> authorizers = new java.util.TreeMap<>();
        for (JsonNode event : events("HooksFunction")) {
            if (routeKey(event).contains(" /github-app")) {
                authorizers.put(routeKey(event), event.path("Properties").path("Auth").path("Authorizer").asText());
            }
        }
        assertThat(authorizers).containsAllEntriesOf(java.util.Map.of(
                "GET /github-app/registration-link", "AWS_IAM",
                "PUT /github-app", "AWS_IAM",
                "GET /github-app", "AWS_IAM",
                "GET /github-app/setup", "NONE"));
    }

    private static String routeKey(JsonNode event) {
        return event.get("Properties").get("Method").asText() + " " + event.get("Properties").get("Path").asText();
    }

    private static List<JsonNode> events(String function) throws Exception {
        // Jackson reads CloudFormation's short-form tags (!Ref, !Sub) as plain values, which is all this needs.
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readAllBytes(Fixtures.eventsDir().getParent().resolve("template.yaml")));
        List<JsonNode> events = new ArrayList<>();
        template.get("Resources").get(function).get("Properties").get("Events").forEach(event -> {
            if (event.get("Type").asText().equals("HttpApi")) {
                events.add(event);
            }
        });
        assertThat(events).as("%s's HttpApi events", function).isNotEmpty();
        return events;
    }
}
