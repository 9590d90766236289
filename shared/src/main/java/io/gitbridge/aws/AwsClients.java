package io.gitbridge.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients the way a Lambda cold start wants them: explicit region, the JDK's URL connection
 * client, credentials from the environment with no provider-chain search, and explicit call and attempt timeouts
 * with at most {@link CallTimeouts#maxAttempts} attempts ({@link CallTimeouts}).
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** A DynamoDB client for this configuration, with {@link CallTimeouts#STANDARD}. */
    public static DynamoDbClient dynamoDb(GitbridgeConfig config) {
        return dynamoDb(config, CallTimeouts.STANDARD);
    }

    /** A DynamoDB client for this configuration whose calls end within {@code timeouts}. */
    public static DynamoDbClient dynamoDb(GitbridgeConfig config, CallTimeouts timeouts) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(config.region()))
                .overrideConfiguration(overrides(timeouts))
                .httpClient(httpClient())
                .credentialsProvider(credentials(config.dynamoDbEndpoint()));
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** An SQS client for this configuration, with {@link CallTimeouts#STANDARD}. */
    public static SqsClient sqs(GitbridgeConfig config) {
        return sqs(config, CallTimeouts.STANDARD);
    }

    /** An SQS client for this configuration whose calls end within {@code timeouts}. */
    public static SqsClient sqs(GitbridgeConfig config, CallTimeouts timeouts) {
        var builder = SqsClient.builder()
                .region(Region.of(config.region()))
                .overrideConfiguration(overrides(timeouts))
                .httpClient(httpClient())
                .credentialsProvider(credentials(config.sqsEndpoint()));
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** A KMS client for this configuration whose calls end within {@code timeouts}. */
    public static KmsClient kms(GitbridgeConfig config, CallTimeouts timeouts) {
        var builder = KmsClient.builder()
                .region(Region.of(config.region()))
                .overrideConfiguration(overrides(timeouts))
                .httpClient(httpClient())
                .credentialsProvider(credentials(config.kmsEndpoint()));
        config.kmsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static ClientOverrideConfiguration overrides(CallTimeouts timeouts) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(timeouts.attempt())
                .apiCallTimeout(timeouts.call())
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(timeouts.maxAttempts()).build())
                .build();
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
