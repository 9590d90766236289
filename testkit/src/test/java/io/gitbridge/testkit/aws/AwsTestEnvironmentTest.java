package io.gitbridge.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

class AwsTestEnvironmentTest {

    private static final String ENDPOINT = "http://127.0.0.1:4566";

    @Test
    void create_usesTheEndpointOverrideForEveryService_inEmbeddedMode() {
        AwsTestEnvironment environment = AwsTestEnvironment.create("embedded", ENDPOINT);

        assertThat(environment.dynamoDbEndpoint()).isEqualTo(URI.create(ENDPOINT));
        assertThat(environment.sqsEndpoint()).isEqualTo(URI.create(ENDPOINT));
        assertThat(environment.kmsEndpoint()).isEqualTo(URI.create(ENDPOINT));
    }

    @Test
    void create_usesTheEndpointOverride_insteadOfStartingLocalStack() {
        AwsTestEnvironment environment = AwsTestEnvironment.create("localstack", " " + ENDPOINT + " ");

        assertThat(environment.dynamoDbEndpoint()).isEqualTo(URI.create(ENDPOINT));
        assertThat(environment.sqsEndpoint()).isEqualTo(URI.create(ENDPOINT));
    }

    @Test
    void create_rejectsAnUnknownMode_evenWithAnEndpoint() {
        assertThatThrownBy(() -> AwsTestEnvironment.create("dynamo", ENDPOINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dgitbridge.aws must be 'embedded' or 'localstack', was 'dynamo'");
    }

    @Test
    void create_rejectsAnEndpointThatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> AwsTestEnvironment.create(null, "localhost:4566"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Daws.endpoint must be an http(s) URL with a host, was 'localhost:4566'");
        assertThatThrownBy(() -> AwsTestEnvironment.create(null, "http://bad host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Daws.endpoint is not a URL: 'http://bad host'")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clients_targetTheEnvironment_inUsEast1_withStaticDummyCredentials() {
        AwsTestEnvironment environment = AwsTestEnvironment.create(null, ENDPOINT);

        assertThat(environment.region()).isEqualTo(Region.US_EAST_1);
        AwsCredentials credentials = environment.credentials().resolveCredentials();
        assertThat(credentials.accessKeyId()).isEqualTo("test");
        assertThat(credentials.secretAccessKey()).isEqualTo("test");
        assertThat(environment.dynamoDb().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
        assertThat(environment.dynamoDb().serviceClientConfiguration().endpointOverride()).contains(URI.create(ENDPOINT));
        assertThat(environment.sqs().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
        assertThat(environment.sqs().serviceClientConfiguration().endpointOverride()).contains(URI.create(ENDPOINT));
        assertThat(environment.kms().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
        assertThat(environment.kms().serviceClientConfiguration().endpointOverride()).contains(URI.create(ENDPOINT));
    }

    @Test
    void uniqueName_neverRepeats_andIsValidForTablesAndQueues() {
        AwsTestEnvironment environment = AwsTestEnvironment.create(null, ENDPOINT);
        Set<String> names = new HashSet<>();

        for (int i = 0; i < 1_000; i++) {
            names.add(environment.uniqueName("sync_requests"));
        }

        assertThat(names).hasSize(1_000).allSatisfy(name -> assertThat(name)
                .startsWith("sync_requests-")
                .matches("[A-Za-z0-9_-]{3,75}"));
    }

    @Test
    void uniqueName_rejectsAPrefixThatCouldMakeAnInvalidName() {
        AwsTestEnvironment environment = AwsTestEnvironment.create(null, ENDPOINT);

        for (String prefix : new String[] {"", "sync requests", "sync.fifo", "x".repeat(41)}) {
            assertThatThrownBy(() -> environment.uniqueName(prefix))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + prefix + "'");
        }
        assertThatThrownBy(() -> environment.uniqueName(null)).isInstanceOf(NullPointerException.class);
    }
}
