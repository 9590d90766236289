package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.Fixtures;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code openapi.yaml} as a test oracle: every response the running API gives must be one the document
 * lists for that operation, with a body its schema accepts; and it remembers which operations were exercised.
 */
final class OpenApiContract {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final JsonNode API_GATEWAY_ERROR =
            Json.MAPPER.createObjectNode().put("$ref", "#/components/schemas/ApiGatewayError");

    private final JsonNode document;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, Pattern> templates = new LinkedHashMap<>();
    private final Set<String> exercised = new LinkedHashSet<>();

    OpenApiContract() throws IOException {
        document = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readAllBytes(Fixtures.eventsDir().getParent().resolve("openapi.yaml")));
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String template = paths.next();
            templates.put(template, Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")));
        }
    }

    /** Every operation the document declares, as {@code METHOD /template}. */
    Set<String> operations() {
        Set<String> operations = new LinkedHashSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** The operations that answered with a 2xx at least once. */
    Set<String> exercisedSuccessfully() {
        return exercised;
    }

    /**
     * Checks one exchange against the document.
     *
     * @return the response body as JSON (a missing node when there is none)
     */
    JsonNode check(String method, String path, HttpResponse<String> response) throws IOException {
        return check(method, path, null, null, response);
    }

    /**
     * Checks one exchange against the document, and a request the API accepted (2xx) against the request body the
     * document declares for its content type: the document must accept what the API accepts.
     *
     * @param contentType the request's media type (parameters ignored), or null without a body
     * @param requestBody the request's JSON body, or null without one
     * @return the response body as JSON (a missing node when there is none)
     */
    JsonNode check(String method, String path, String contentType, byte[] requestBody, HttpResponse<String> response)
            throws IOException {
        // As API Gateway selects routes: a static path (/webhooks/github-app) wins over a template it also fits.
        String template = templates.containsKey(path) ? path : templates.entrySet().stream()
                .filter(e -> e.getValue().matcher(path).matches()).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("openapi.yaml has no path for " + path));
        JsonNode operation = document.get("paths").get(template).get(method.toLowerCase(Locale.ROOT));
        String label = method + " " + template;
        assertThat(operation).as("openapi.yaml documents %s", label).isNotNull();
        if (response.statusCode() / 100 == 2 && requestBody != null && requestBody.length > 0) {
            String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            JsonNode requestSchema = operation.path("requestBody").path("content").path(mediaType).path("schema");
            assertThat(requestSchema.isMissingNode()).as("%s documents a %s request body", label, mediaType).isFalse();
            JsonNode sent = Json.MAPPER.readTree(requestBody);
            assertThat(validate(requestSchema, sent)).as("%s accepted request %s, openapi.yaml's %s must too", label,
                    sent, requestSchema).isEmpty();
        }
        String status = Integer.toString(response.statusCode());
        JsonNode documented = operation.get("responses").get(status);
        assertThat(documented).as("openapi.yaml lists status %s for %s (body %s)", status, label, response.body())
                .isNotNull();
        documented = resolve(documented);
        if (response.statusCode() / 100 == 2) {
            exercised.add(label);
        }
        String answeredType = response.headers().firstValue("content-type").orElse("").split(";")[0].trim();
        if (answeredType.equals("text/html")) {
            // A page (the GitHub App's setup page): documented as text/html, nothing to validate as JSON.
            assertThat(documented.path("content").path("text/html").isMissingNode())
                    .as("%s %s documents a text/html answer", label, status).isFalse();
            return Json.MAPPER.missingNode();
        }
        JsonNode schema = documented.path("content").path("application/json").path("schema");
        if (response.body().isEmpty()) {
            assertThat(schema.isMissingNode()).as("%s %s documents a body but none came", label, status).isTrue();
            return Json.MAPPER.missingNode();
        }
        assertThat(schema.isMissingNode()).as("%s %s documents no body but got %s", label, status, response.body())
                .isFalse();
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(validate(schema, body)).as("%s %s body %s against openapi.yaml", label, status, response.body())
                .isEmpty();
        // The document lets 403/413/429/500/503 be API Gateway's own {"message"} bodies, which only AWS gives: the
        // runner and the functions must still answer with their own Error, so that widening admits nothing here.
        assertThat(validate(API_GATEWAY_ERROR, body)).as("%s %s body %s is API Gateway's shape, not the function's",
                label, status, response.body()).isNotEmpty();
        return body;
    }

    /** The document itself, as JSON. */
    JsonNode document() {
        return document;
    }

    /** What is wrong with {@code value} against {@code schema} (a schema of the document, refs into components). */
    Set<ValidationMessage> validate(JsonNode schema, JsonNode value) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("allOf", Json.MAPPER.createArrayNode().add(schema));
        root.set("components", document.get("components"));
        return schemas.getSchema(root).validate(value);
    }

    /** A {@code $ref} into the document followed (one level), or the node itself. */
    JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.asText().substring(2).split("/")) {
            target = target.get(part);
        }
        return target;
    }
}
