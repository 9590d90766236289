package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-service endpoints as the AWS SDKs read them: AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL. */
class GitbridgeConfigEndpointsTest {

    private static GitbridgeConfig config(String... variables) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "HOOKS_TABLE", "h",
                "DELIVERIES_TABLE", "d", "SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q.fifo"));
        for (int i = 0; i < variables.length; i += 2) {
            env.put(variables[i], variables[i + 1]);
        }
        return GitbridgeConfig.fromEnvironment(env);
    }

    @Test
    void fromEnvironment_usesTheServicesOwnEndpoints_whenNoneIsSet() {
        GitbridgeConfig config = config();

        assertThat(config.dynamoDbEndpoint()).isEmpty();
        assertThat(config.sqsEndpoint()).isEmpty();
        assertThat(config.kmsEndpoint()).isEmpty();
    }

    @Test
    void fromEnvironment_pointsEachServiceAtItsOwnEndpoint() {
        GitbridgeConfig config = config("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324", "AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:4566");

        assertThat(config.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(config.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9324"));
        assertThat(config.kmsEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void fromEnvironment_fallsBackToTheGlobalEndpoint_forAServiceWithoutItsOwn() {
        GitbridgeConfig config = config("AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_SQS", "http://localhost:9324");

        assertThat(config.dynamoDbEndpoint()).contains(URI.create("http://localhost:4566"));
        assertThat(config.sqsEndpoint()).contains(URI.create("http://localhost:9324"));
        assertThat(config.kmsEndpoint()).contains(URI.create("http://localhost:4566"));
    }

    @Test
    void fromEnvironment_gitbridgeEndpoint_winsOverTheSdkVariables() {
        GitbridgeConfig config = config("GITBRIDGE_AWS_ENDPOINT", "http://127.0.0.1:9",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

        assertThat(config.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:9"));
        assertThat(config.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9"));
    }

    @Test
    void fromEnvironment_ignoresTheSdkVariables_whenTheSdkWouldIgnoreThem() {
        GitbridgeConfig config = config("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

        assertThat(config.dynamoDbEndpoint()).isEmpty();
        assertThat(config.sqsEndpoint()).isEmpty();
    }

    @Test
    void fromEnvironment_treatsABlankVariableAsUnset() {
        GitbridgeConfig config = config("GITBRIDGE_AWS_ENDPOINT", "", "AWS_ENDPOINT_URL_SQS", " ",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

        assertThat(config.sqsEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void endpoint_refuses_aValueThatIsNotAnHttpUrl_namingTheVariable() {
        assertThatThrownBy(() -> config("AWS_ENDPOINT_URL_SQS", "localhost:9324"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("AWS_ENDPOINT_URL_SQS is not an http(s) URL with a host");
        assertThatThrownBy(() -> config("AWS_ENDPOINT_URL_DYNAMODB", "http://local host:8000"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("AWS_ENDPOINT_URL_DYNAMODB is not a URL: ");
        assertThat(GitbridgeConfig.endpoint(Map.of(), "SQS")).isEqualTo(Optional.empty());
    }
}
