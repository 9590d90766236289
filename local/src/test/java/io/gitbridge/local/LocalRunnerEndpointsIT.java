package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner reads each service's endpoint as the AWS SDKs do, so DynamoDB and SQS can live in two places. */
class LocalRunnerEndpointsIT {

    private static final String TOKEN = "endpoints-admin-token";

    @Test
    void awsEndpointUrlDynamoDb_usesThatDynamoDb_andStillEmbedsSqs(@TempDir Path tmp) throws Exception {
        AwsTestEnvironment aws = AwsTestEnvironment.get();
        assertThat(aws.dynamoDb().listTables().tableNames()).doesNotContain(LocalRunner.HOOKS_TABLE);

        try (RunnerProcess runner = RunnerProcess.start(tmp.resolve("data"), TOKEN, 1,
                Map.of("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoDbEndpoint().toString()))) {
            HttpResponse<String> hooks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(runner.url() + "/hooks")).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(hooks.statusCode()).isEqualTo(200);
            assertThat(aws.dynamoDb().listTables().tableNames())
                    .contains(LocalRunner.HOOKS_TABLE, LocalRunner.DELIVERIES_TABLE);
            assertThat(runner.output()).contains("ElasticMQ (SQS) on").doesNotContain("DynamoDB Local on")
                    .contains("DynamoDB at " + aws.dynamoDbEndpoint() + " (--aws-endpoint or AWS_ENDPOINT_URL_DYNAMODB)");
        }
    }
}
