package io.gitbridge.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What openapi-generator made of {@code openapi.yaml}: only the document's named schemas become model classes, so
 * a client never carries an {@code InlineObject} or an {@code Operation200Response} a reader cannot find in the
 * document.
 */
class GeneratedModelsTest {

    /** The oneOf wrappers' base class that the generator adds for every document with a oneOf. */
    private static final String GENERATOR_BASE_CLASS = "AbstractOpenApiSchema";

    private static final Path MODELS = Path.of("target/generated-sources/openapi/src/main/java/io/gitbridge/client/model");

    @Test
    void everyGeneratedModel_isANamedSchemaOfTheDocument() throws IOException {
        Set<String> models = generatedModels();
        Set<String> named = new HashSet<>();
        document().get("components").get("schemas").fieldNames().forEachRemaining(named::add);
        named.add(GENERATOR_BASE_CLASS);

        assertThat(models).as("generated models").contains("Hook", "HookCreate", "HookReplace", "HookPatch",
                "ApiGatewayError");
        assertThat(models).noneMatch(name -> name.startsWith("InlineObject"));
        assertThat(models).noneMatch(name -> name.endsWith("Response") || name.endsWith("Request"));
        assertThat(named).containsAll(models);
    }

    @Test
    void generatedClasses_areTheCompiledOnes() {
        // The generated sources are compiled by this module's build, not only written: the classes load.
        assertThat(io.gitbridge.client.api.HooksApi.class.getPackageName()).isEqualTo("io.gitbridge.client.api");
        assertThat(io.gitbridge.client.model.HookCreate.class).isNotNull();
    }

    private static Set<String> generatedModels() throws IOException {
        assertThat(MODELS).as("generated model sources").isDirectory();
        try (Stream<Path> files = Files.list(MODELS)) {
            Set<String> names = new HashSet<>();
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".java"))
                    .forEach(name -> names.add(name.substring(0, name.length() - ".java".length())));
            return names;
        }
    }

    private static JsonNode document() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(Path.of("../openapi.yaml")));
    }
}
