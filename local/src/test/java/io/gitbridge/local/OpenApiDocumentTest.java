package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml} read as a client (and a code generator) reads it: every operation named, summarised,
 * secured and exemplified; every example valid against its schema; API Gateway's own answers listed; no
 * inline object schema that a generator would turn into an {@code InlineObject}.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String OPERATOR_SECURITY = "[{\"sigv4\":[]},{\"adminToken\":[]}]";

    private final OpenApiContract contract;
    private final JsonNode document;

    OpenApiDocumentTest() throws Exception {
        contract = new OpenApiContract();
        document = contract.document();
    }

    @Test
    void everyOperation_hasAUniqueCamelCaseOperationIdAndASummary() {
        Set<String> ids = new HashSet<>();
        forEachOperation((label, operation) -> {
            String id = operation.path("operationId").asText("");
            assertThat(id).as("%s operationId", label).matches("[a-z][A-Za-z0-9]*");
            assertThat(ids.add(id)).as("%s operationId %s is unique", label, id).isTrue();
            assertThat(operation.path("summary").asText("")).as("%s summary", label).isNotBlank();
        });
        assertThat(ids).isNotEmpty();
    }

    @Test
    void operatorRoutes_takeSigV4OrTheAdminToken_andListApiGatewaysOwnAnswers() {
        forEachOperation((label, operation) -> {
            if (!(label.contains(" /hooks") || label.contains(" /dead-letters"))) {
                return;
            }
            assertThat(operation.path("security").toString()).as("%s security", label).isEqualTo(OPERATOR_SECURITY);
            JsonNode responses = operation.get("responses");
            assertThat(responses.path("401").path("$ref").asText()).as("%s 401", label)
                    .isEqualTo("#/components/responses/Unauthorized");
            assertThat(responses.path("403").path("$ref").asText()).as("%s 403", label)
                    .isEqualTo("#/components/responses/GatewayForbidden");
        });
    }

    @Test
    void everyOperation_listsThrottlingAndFailureAnswers_withApiGatewaysBodies() {
        forEachOperation((label, operation) -> {
            JsonNode responses = operation.get("responses");
            for (String status : List.of("429", "500", "503")) {
                JsonNode schema = contract.resolve(responses.path(status)).path("content").path("application/json")
                        .path("schema");
                assertThat(schema.isMissingNode()).as("%s lists %s with a JSON body", label, status).isFalse();
            }
        });
        assertThat(schemaAccepts("429", "{\"message\":\"Too Many Requests\"}")).isTrue();
        assertThat(schemaAccepts("500", "{\"message\":\"Internal Server Error\"}")).isTrue();
        assertThat(schemaAccepts("500", "{\"error\":\"internal\",\"message\":\"the request failed\"}")).isTrue();
        assertThat(schemaAccepts("503", "{\"message\":\"Service Unavailable\"}")).isTrue();
        assertThat(schemaAccepts("403", "{\"message\":\"Forbidden\"}")).isTrue();
        assertThat(schemaAccepts("403", "{\"message\":\"Forbidden\",\"error\":\"x\",\"extra\":1}")).isFalse();
        assertThat(schemaAccepts("500", "{\"message\":\"Internal Server Error\",\"stack\":\"at ...\"}")).isFalse();
    }

    @Test
    void securitySchemes_andServers_describeAwsAndTheLocalRunner() {
        JsonNode schemes = document.get("components").get("securitySchemes");
        assertThat(schemes.get("sigv4").get("type").asText()).isEqualTo("apiKey");
        assertThat(schemes.get("sigv4").get("in").asText()).isEqualTo("header");
        assertThat(schemes.get("sigv4").get("name").asText()).isEqualTo("Authorization");
        assertThat(schemes.get("sigv4").get("x-amazon-apigateway-authtype").asText()).isEqualTo("awsSigv4");
        assertThat(schemes.get("adminToken").get("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.get("projectJwt").get("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.get("projectJwt").get("bearerFormat").asText()).isEqualTo("JWT");

        List<String> urls = new ArrayList<>();
        document.get("servers").forEach(server -> urls.add(server.get("url").asText()));
        assertThat(urls).containsExactly("http://127.0.0.1:8080",
                "https://{apiId}.execute-api.{region}.amazonaws.com");
        JsonNode variables = document.get("servers").get(1).get("variables");
        assertThat(variables.get("apiId").get("default").asText()).isNotBlank();
        assertThat(variables.get("region").get("default").asText()).matches("[a-z]{2}-[a-z]+-\\d");
    }

    @Test
    void everyRequestAndSuccessBody_hasExamples_andEveryExampleMatchesItsSchema() {
        List<String> checked = new ArrayList<>();
        forEachOperation((label, operation) -> {
            operation.path("requestBody").path("content").fields().forEachRemaining(media -> {
                assertThat(media.getValue().has("examples") || media.getValue().has("example"))
                        .as("%s request %s has examples", label, media.getKey()).isTrue();
                checked.addAll(checkExamples(label + " request " + media.getKey(), media.getValue()));
            });
            operation.get("responses").fields().forEachRemaining(response -> {
                JsonNode resolved = contract.resolve(response.getValue());
                resolved.path("content").fields().forEachRemaining(media -> {
                    if (response.getKey().startsWith("2")) {
                        assertThat(media.getValue().has("examples") || media.getValue().has("example"))
                                .as("%s %s has examples", label, response.getKey()).isTrue();
                    }
                    checked.addAll(checkExamples(label + " " + response.getKey(), media.getValue()));
                });
            });
        });
        assertThat(checked).as("examples checked").hasSizeGreaterThan(40);
    }

    @Test
    void anExampleThatBreaksItsSchema_isCaught() {
        // The check above would pass vacuously if validation accepted anything: a Hook without its id must fail.
        JsonNode hook = document.get("components").get("examples").get("Hook").get("value").deepCopy();
        ((ObjectNode) hook).remove("id");
        assertThat(contract.validate(Json.MAPPER.createObjectNode().put("$ref", "#/components/schemas/Hook"), hook))
                .isNotEmpty();
    }

    @Test
    void schemas_areAllNamed_noInlineObjects() {
        List<String> inline = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> findInlineObjects("paths" + path.getKey(),
                path.getValue(), inline));
        document.get("components").get("responses").fields().forEachRemaining(response ->
                findInlineObjects("responses/" + response.getKey(), response.getValue(), inline));
        document.get("components").get("schemas").fields().forEachRemaining(schema -> schema.getValue().fields()
                .forEachRemaining(member -> findInlineObjects("schemas/" + schema.getKey() + "/" + member.getKey(),
                        member.getValue(), inline)));
        assertThat(inline).as("inline object schemas (name them under components.schemas)").isEmpty();
    }

    private boolean schemaAccepts(String status, String body) {
        JsonNode schema = contract.resolve(document.get("paths").get("/hooks").get("get").get("responses").get(status))
                .get("content").get("application/json").get("schema");
        try {
            return contract.validate(schema, Json.MAPPER.readTree(body)).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> checkExamples(String label, JsonNode media) {
        List<String> checked = new ArrayList<>();
        JsonNode schema = media.get("schema");
        if (media.has("example")) {
            assertThat(contract.validate(schema, media.get("example"))).as("%s example: %s", label,
                    media.get("example")).isEmpty();
            checked.add(label + " example");
        }
        media.path("examples").fields().forEachRemaining(example -> {
            JsonNode value = contract.resolve(example.getValue()).get("value");
            assertThat(value).as("%s example %s has a value", label, example.getKey()).isNotNull();
            assertThat(contract.validate(schema, value)).as("%s example %s: %s", label, example.getKey(), value)
                    .isEmpty();
            checked.add(label + " " + example.getKey());
        });
        return checked;
    }

    /** An object schema with properties, or a oneOf/anyOf/allOf of such, anywhere but at a named schema's top. */
    private static void findInlineObjects(String where, JsonNode node, List<String> found) {
        if (node.isObject()) {
            if (node.has("properties") || (node.path("type").asText().equals("object") && !node.has("$ref")
                    && !node.path("additionalProperties").isObject())) {
                found.add(where);
                return;
            }
            node.fields().forEachRemaining(child -> {
                if (!child.getKey().equals("examples") && !child.getKey().equals("example")) {
                    findInlineObjects(where + "/" + child.getKey(), child.getValue(), found);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findInlineObjects(where + "/" + i, node.get(i), found);
            }
        }
    }

    private void forEachOperation(BiConsumer<String, JsonNode> action) {
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (METHODS.contains(method.getKey())) {
                action.accept(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                        method.getValue());
            }
        }));
    }
}
