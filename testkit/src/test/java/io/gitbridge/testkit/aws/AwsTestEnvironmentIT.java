package io.gitbridge.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Runs against whichever environment -Dgitbridge.aws and -Daws.endpoint select. */
class AwsTestEnvironmentIT {

    @Test
    void get_servesDynamoDbTables() {
        AwsTestEnvironment environment = AwsTestEnvironment.get();
        DynamoDbClient dynamoDb = environment.dynamoDb();
        String table = environment.uniqueName("hooks");
        Map<String, AttributeValue> item = Map.of(
                "project", AttributeValue.fromS("acme/site"),
                "secretRef", AttributeValue.fromS("hooks/acme-site"));

        dynamoDb.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("project").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("project").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
        dynamoDb.putItem(b -> b.tableName(table).item(item));

        assertThat(dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("project", AttributeValue.fromS("acme/site")))).item())
                .isEqualTo(item);
    }

    @Test
    void get_servesSqsQueues() {
        AwsTestEnvironment environment = AwsTestEnvironment.get();
        SqsClient sqs = environment.sqs();
        String queueUrl = sqs.createQueue(b -> b.queueName(environment.uniqueName("sync"))).queueUrl();

        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"project\":\"acme/site\"}"));
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();

        assertThat(received).extracting(Message::body).containsExactly("{\"project\":\"acme/site\"}");
    }

    @Test
    void waitingMessages_countsVisibleAndDelayedMessages_butNotOnesAReceiveHides() {
        AwsTestEnvironment environment = AwsTestEnvironment.get();
        SqsClient sqs = environment.sqs();
        String queueUrl = sqs.createQueue(b -> b.queueName(environment.uniqueName("waiting"))).queueUrl();
        assertThat(environment.waitingMessages(queueUrl)).isZero();

        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("visible"));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("delayed").delaySeconds(600));
        assertThat(environment.waitingMessages(queueUrl)).isEqualTo(2);

        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(600)).messages();
        assertThat(received).extracting(Message::body).containsExactly("visible");
        assertThat(environment.waitingMessages(queueUrl)).isEqualTo(1);
    }

    @Test
    void get_servesKmsDataKeys_thatDecryptOnlyWithTheirEncryptionContext() {
        KmsClient kms = AwsTestEnvironment.get().kms();
        String keyId = kms.createKey(b -> b.description("gitbridge test key")).keyMetadata().arn();
        Map<String, String> context = Map.of("purpose", "gitbridge-token");

        GenerateDataKeyResponse dataKey = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context));

        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(dataKey.ciphertextBlob())
                .encryptionContext(context)).plaintext()).isEqualTo(dataKey.plaintext());
        assertThatThrownBy(() -> kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(dataKey.ciphertextBlob())
                .encryptionContext(Map.of("purpose", "something-else"))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void get_returnsOneEnvironmentPerJvm() {
        AwsTestEnvironment environment = AwsTestEnvironment.get();

        assertThat(AwsTestEnvironment.get()).isSameAs(environment);
        assertThat(environment.dynamoDb()).isSameAs(environment.dynamoDb());
        assertThat(environment.sqs()).isSameAs(environment.sqs());
        assertThat(environment.kms()).isSameAs(environment.kms());
    }

    @Test
    void create_skipsWithDockerNotAvailable_whenLocalStackIsChosenWithoutDocker() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "Docker is available on this machine");

        long start = System.nanoTime();
        assertThatThrownBy(() -> AwsTestEnvironment.create("localstack", null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("Docker is not available")
                .hasMessageContaining("-Dgitbridge.aws=localstack");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(25_000);
    }
}
