package io.gitbridge.hooks;

import static io.gitbridge.hooks.HooksHandlerIT.hookBody;
import static io.gitbridge.hooks.HooksHandlerIT.registeredHookBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.SecretRotation;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.http.StandInServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /hooks/{id}/secret} against DynamoDB (and a provider stand-in for registered webhooks). */
class HooksHandlerSecretRotationIT {

    private static final String GITHUB_HOOKS = "/api/v3/repos/acme/app/hooks";
    private static final String FIRST_SECRET = "a-very-secret-secret";
    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00.123Z");

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private DynamoHookRepository hooks;
    private HooksHandler handler;

    @BeforeEach
    void wire() {
        hooks = HooksHandlerIT.hookTable(aws);
        // The local rules, so that the stand-in's http apiUrl on 127.0.0.1 is accepted.
        handler = HooksHandlerIT.handler(aws, hooks, true, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void rotate_withoutASecret_generatesOne_returnsItOnce_andKeepsThePreviousForADay() throws IOException {
        String id = create(hookBody("app").toString());

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret", "{}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode body = json(response);
        String generated = body.get("secret").asText();
        assertThat(generated).matches("[A-Za-z0-9_-]{43}");
        Instant until = NOW.truncatedTo(ChronoUnit.MILLIS).plusSeconds(86_400);
        assertThat(body.get("previousSecretValidUntil").asText()).isEqualTo(until.toString());
        assertThat(body.get("hook").get("id").asText()).isEqualTo(id);
        assertThat(body.get("hook").get("secretRotation").get("previousValidUntil").asText())
                .isEqualTo(until.toString());
        assertThat(response.getBody()).doesNotContain(FIRST_SECRET);
        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.secret()).isEqualTo(generated);
        assertThat(stored.secretRotation()).isEqualTo(new SecretRotation(FIRST_SECRET, until));

        APIGatewayV2HTTPResponse read = call("GET", "/hooks/" + id, null);

        assertThat(read.getBody()).doesNotContain(generated, FIRST_SECRET);
        assertThat(json(read).get("secretRotation").get("previousValidUntil").asText()).isEqualTo(until.toString());
    }

    @Test
    void rotate_withNullSecretAndGrace_readsThemAsLeftOut() throws IOException {
        String id = create(hookBody("app").toString());

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret",
                "{\"secret\":null,\"graceSeconds\":null}");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("secret").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(json(response).get("previousSecretValidUntil").asText())
                .isEqualTo(NOW.truncatedTo(ChronoUnit.MILLIS).plusSeconds(86_400).toString());
    }

    @Test
    void rotate_twoGeneratedSecrets_differ() throws IOException {
        String id = create(hookBody("app").toString());

        String first = json(call("POST", "/hooks/" + id + "/secret", "{}")).get("secret").asText();
        String second = json(call("POST", "/hooks/" + id + "/secret", "{}")).get("secret").asText();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void rotate_withAChosenSecret_neverReturnsIt_andHonoursTheGracePeriod() throws IOException {
        String id = create(hookBody("app").toString());

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret",
                "{\"secret\":\"the-admins-chosen-secret\",\"graceSeconds\":3600}");

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.has("secret")).isFalse();
        assertThat(response.getBody()).doesNotContain("the-admins-chosen-secret", FIRST_SECRET);
        assertThat(body.get("previousSecretValidUntil").asText())
                .isEqualTo(NOW.truncatedTo(ChronoUnit.MILLIS).plusSeconds(3600).toString());
        assertThat(hooks.find(id).orElseThrow().secret()).isEqualTo("the-admins-chosen-secret");
    }

    @Test
    void rotate_withZeroGrace_keepsNoPreviousSecret() throws IOException {
        String id = create(hookBody("app").toString());

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret",
                "{\"secret\":\"the-admins-chosen-secret\",\"graceSeconds\":0}");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("previousSecretValidUntil").isNull()).isTrue();
        assertThat(json(response).get("hook").get("secretRotation").isNull()).isTrue();
        assertThat(hooks.find(id).orElseThrow().secretRotation()).isNull();
    }

    @Test
    void secondRotationWithinTheGracePeriod_replacesThePreviousWithTheCurrent() throws IOException {
        String id = create(hookBody("app").toString());
        call("POST", "/hooks/" + id + "/secret", "{\"secret\":\"second-secret-value-0\"}");

        call("POST", "/hooks/" + id + "/secret", "{\"secret\":\"third-secret-value-00\"}");

        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.secret()).isEqualTo("third-secret-value-00");
        assertThat(stored.secretRotation().previousSecret()).isEqualTo("second-secret-value-0");
    }

    @Test
    void putWithANewSecret_endsTheRotation_whilePutWithoutOneKeepsIt() throws IOException {
        String id = create(hookBody("app").toString());
        call("POST", "/hooks/" + id + "/secret", "{}");
        var withoutSecret = hookBody("app").put("branch", "release");
        withoutSecret.remove("secret");

        call("PUT", "/hooks/" + id, withoutSecret.toString());

        assertThat(hooks.find(id).orElseThrow().secretRotation()).isNotNull();

        call("PUT", "/hooks/" + id, hookBody("app").put("secret", "set-by-put-0123456").toString());

        assertThat(hooks.find(id).orElseThrow().secretRotation()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"graceSeconds\":604801}       | graceSeconds | must be a whole number of seconds from 0 to 604800 (7 days)",
            "{\"graceSeconds\":-1}           | graceSeconds | must be a whole number of seconds from 0 to 604800 (7 days)",
            "{\"graceSeconds\":1.5}          | graceSeconds | must be a whole number of seconds from 0 to 604800 (7 days)",
            "{\"graceSeconds\":\"60\"}       | graceSeconds | must be a whole number of seconds from 0 to 604800 (7 days)",
            "{\"secret\":\"short\"}          | secret       | must be 16 to 256 characters long",
            "{\"secret\":42}                 | secret       | must be a string",
            "{\"secret\":\"\"}               | secret       | must be a non-empty string",
            "{\"secret\":\"sixteen-chars-\\u0007x\"} | secret | must not contain control characters or unpaired UTF-16 surrogates",
            "{\"previousSecret\":\"x\"}      | previousSecret | unknown field; send secret and/or graceSeconds",
    })
    void rotate_badInput_is422_namingTheField_andChangesNothing(String body, String field, String message)
            throws IOException {
        String id = create(hookBody("app").toString());

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret", body.trim());

        assertThat(response.getStatusCode()).isEqualTo(422);
        JsonNode error = json(response);
        assertThat(error.get("error").asText()).isEqualTo("validation");
        assertThat(error.get("fields").size()).isEqualTo(1);
        assertThat(error.get("fields").get(field.trim()).asText()).isEqualTo(message.trim());
        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.secret()).isEqualTo(FIRST_SECRET);
        assertThat(stored.secretRotation()).isNull();
    }

    @Test
    void rotate_toTheCurrentSecret_is422_andChangesNothing() throws IOException {
        String id = create(hookBody("app").toString());

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret",
                "{\"secret\":\"" + FIRST_SECRET + "\"}");

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get("secret").asText()).isEqualTo("is the hook's current secret; a"
                + " rotation needs a new one (or leave it out and gitbridge generates one)");
        assertThat(response.getBody()).doesNotContain(FIRST_SECRET);
        Hook stored = hooks.find(id).orElseThrow();
        assertThat(stored.secret()).isEqualTo(FIRST_SECRET);
        assertThat(stored.secretRotation()).isNull();
    }

    @Test
    void rotate_gitLabSigningTokenThatIsNotBase64_is422_withTheProvidersRule() throws IOException {
        String id = create(hookBody("app").put("provider", "gitlab")
                .put("sourceRepo", "https://gitlab.com/acme/app.git").toString());

        APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret",
                "{\"secret\":\"whsec_not base64 at all!\"}");

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get("secret").asText()).startsWith("starts with whsec_");
    }

    @Test
    void rotate_unknownHook_is404_malformedJson_is400_andWrongMediaType_is415() throws IOException {
        APIGatewayV2HTTPResponse unknown = call("POST", "/hooks/hk_nosuchhook000000000000000/secret", "{}");
        String id = create(hookBody("app").toString());
        APIGatewayV2HTTPResponse malformed = call("POST", "/hooks/" + id + "/secret", "{\"secret\":");
        APIGatewayV2HTTPResponse array = call("POST", "/hooks/" + id + "/secret", "[]");
        APIGatewayV2HTTPResponse wrongMethod = call("GET", "/hooks/" + id + "/secret", null);

        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).isEqualTo("no hook hk_nosuchhook000000000000000");
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(json(malformed).get("error").asText()).isEqualTo("bad_request");
        assertThat(array.getStatusCode()).isEqualTo(400);
        assertThat(json(array).get("message").asText()).isEqualTo("body must be a JSON object");
        assertThat(wrongMethod.getStatusCode()).isEqualTo(405);
    }

    @Test
    void rotate_registeredHook_updatesTheProvidersWebhookWithTheNewSecret() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("PATCH", GITHUB_HOOKS + "/12345", 200, "{\"id\":12345}");
            String id = create(registeredHookBody("app", github).toString());

            APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret", "{}");

            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
            String generated = json(response).get("secret").asText();
            StandInServer.RecordedRequest patch = github.requests("PATCH").get(0);
            assertThat(patch.header("Authorization")).isEqualTo("Bearer ghp_sourcetoken");
            assertThat(patch.json().get("config").get("secret").asText()).isEqualTo(generated);
            assertThat(json(response).get("hook").get("registration").get("providerHookId").asText())
                    .isEqualTo("12345");
            assertThat(hooks.find(id).orElseThrow().secret()).isEqualTo(generated);
        }
    }

    @Test
    void rotate_registeredHook_whenTheProviderFails_is502_andChangesNothing() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("PATCH", GITHUB_HOOKS + "/12345", 503, "{\"message\":\"Service Unavailable\"}");
            String id = create(registeredHookBody("app", github).toString());

            APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret",
                    "{\"secret\":\"never-stored-secret-0\"}");

            assertThat(response.getStatusCode()).isEqualTo(502);
            assertThat(json(response).get("error").asText()).isEqualTo("provider_unavailable");
            assertThat(response.getBody()).doesNotContain("never-stored-secret-0", FIRST_SECRET);
            Hook stored = hooks.find(id).orElseThrow();
            assertThat(stored.secret()).isEqualTo(FIRST_SECRET);
            assertThat(stored.secretRotation()).isNull();
        }
    }

    @Test
    void rotate_registeredHook_whenTheProviderRejectsTheToken_is422_andChangesNothing() throws IOException {
        try (StandInServer github = StandInServer.start()) {
            github.on("POST", GITHUB_HOOKS, 201, "{\"id\":12345}")
                    .on("PATCH", GITHUB_HOOKS + "/12345", 403, "{\"message\":\"Resource not accessible\"}");
            String id = create(registeredHookBody("app", github).toString());

            APIGatewayV2HTTPResponse response = call("POST", "/hooks/" + id + "/secret", "{}");

            assertThat(response.getStatusCode()).isEqualTo(422);
            assertThat(json(response).get("error").asText()).isEqualTo("registration");
            assertThat(hooks.find(id).orElseThrow().secret()).isEqualTo(FIRST_SECRET);
        }
    }

    private String create(String body) throws IOException {
        APIGatewayV2HTTPResponse created = call("POST", "/hooks", body);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json", "x-forwarded-proto", "https"))
                .withBody(body)
                .withRequestContext(AdminEvents.requestContext(method))
                .build();
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.MAPPER.readTree(response.getBody());
    }
}
