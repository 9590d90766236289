package io.gitbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class EmbeddedDynamoDbIT {

    private static final String TABLE = "hooks";
    private static final Map<String, AttributeValue> KEY = Map.of("project", AttributeValue.fromS("acme/site"));
    private static final Map<String, AttributeValue> ITEM = Map.of(
            "project", AttributeValue.fromS("acme/site"),
            "repository", AttributeValue.fromS("https://git.example.test/acme/site.git"),
            "deliveries", AttributeValue.fromN("3"));

    @TempDir
    Path dataDir;

    @Test
    void start_servesTablesOnLoopback_whenAskedForAnyFreePort() {
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, null);
                DynamoDbClient client = client(dynamoDb.endpoint())) {
            assertThat(dynamoDb.endpoint().getScheme()).isEqualTo("http");
            assertThat(dynamoDb.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(dynamoDb.endpoint().getPort()).isBetween(1, 65_535);

            createTable(client);
            client.putItem(b -> b.tableName(TABLE).item(ITEM));

            assertThat(client.getItem(b -> b.tableName(TABLE).key(KEY).consistentRead(true)).item())
                    .isEqualTo(ITEM);
        }
    }

    @Test
    void start_keepsItems_whenRestartedWithTheSameDataDir() {
        try (EmbeddedDynamoDb first = EmbeddedDynamoDb.start(0, dataDir);
                DynamoDbClient client = client(first.endpoint())) {
            createTable(client);
            client.putItem(b -> b.tableName(TABLE).item(ITEM));
        }

        try (EmbeddedDynamoDb second = EmbeddedDynamoDb.start(0, dataDir);
                DynamoDbClient client = client(second.endpoint())) {
            assertThat(client.listTables().tableNames()).containsExactly(TABLE);
            assertThat(client.getItem(b -> b.tableName(TABLE).key(KEY).consistentRead(true)).item())
                    .isEqualTo(ITEM);
        }
        assertThat(dataDir.resolve("shared-local-instance.db")).isNotEmptyFile();
    }

    @Test
    void start_forgetsTables_whenRestartedInMemory() {
        try (EmbeddedDynamoDb first = EmbeddedDynamoDb.start(0, null);
                DynamoDbClient client = client(first.endpoint())) {
            createTable(client);
        }

        try (EmbeddedDynamoDb second = EmbeddedDynamoDb.start(0, null);
                DynamoDbClient client = client(second.endpoint())) {
            assertThat(client.listTables().tableNames()).isEmpty();
            assertThatThrownBy(() -> client.getItem(b -> b.tableName(TABLE).key(KEY)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void start_listensOnTheRequestedPort() throws IOException {
        int port = freePort();
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(port, null)) {
            assertThat(dynamoDb.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + port));
            assertThat(accepts(port)).isTrue();
        }
    }

    @Test
    void close_releasesThePort() throws IOException {
        EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, null);
        int port = dynamoDb.endpoint().getPort();

        dynamoDb.close();
        dynamoDb.close();

        assertThat(accepts(port)).isFalse();
    }

    @Test
    void start_throwsEmbeddedServiceException_whenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedDynamoDb.start(taken.getLocalPort(), null))
                    .isInstanceOf(EmbeddedServiceException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void start_rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> EmbeddedDynamoDb.start(-1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> EmbeddedDynamoDb.start(65_536, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
    }

    private static void createTable(DynamoDbClient client) {
        client.createTable(b -> b.tableName(TABLE)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("project").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("project").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static boolean accepts(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }
}
