package io.gitbridge.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients the way a Lambda cold start wants them: explicit region, the JDK's URL connection
 * client, and credentials from the environment with no provider-chain search.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** A DynamoDB client for this configuration. */
    public static DynamoDbClient dynamoDb(GitbridgeConfig config) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(config.region()))
                .httpClient(httpClient())
                .credentialsProvider(credentials(config.dynamoDbEndpoint()));
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** An SQS client for this configuration. */
    public static SqsClient sqs(GitbridgeConfig config) {
        var builder = SqsClient.builder()
                .region(Region.of(config.region()))
                .httpClient(httpClient())
                .credentialsProvider(credentials(config.sqsEndpoint()));
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** A KMS client for this configuration. */
    public static KmsClient kms(GitbridgeConfig config) {
        var builder = KmsClient.builder()
                .region(Region.of(config.region()))
                .httpClient(httpClient())
                .credentialsProvider(credentials(config.kmsEndpoint()));
        config.kmsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static AwsCredentialsProvider credentials(Optional<URI> endpoint) {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        if (endpoint.isPresent()) {
            // Local endpoints (DynamoDB Local, ElasticMQ, LocalStack) accept any credentials.
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("gitbridge", "gitbridge"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
