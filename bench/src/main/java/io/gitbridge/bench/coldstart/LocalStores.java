package io.gitbridge.bench.coldstart;

import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.GitbridgeConfig;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.embedded.EmbeddedDynamoDb;
import io.gitbridge.embedded.EmbeddedSqs;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stores of the first-request harness ({@code bench/firstrequest.sh}), started once: DynamoDB Local and ElasticMQ
 * on two loopback ports, the hooks and deliveries tables, the FIFO sync queue, and the example GitHub hook that
 * {@code events/github/push.apigw.json} is signed for. Writes the environment of the receivers under test to the file
 * named by the first argument ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS}, table and queue
 * names), prints {@code ready}, and serves until its standard input closes.
 */
public final class LocalStores {

    static final String HOOK_ID = "hk_example0000000000000000";

    private LocalStores() {
    }

    public static void main(String[] args) throws IOException {
        Path envFile = Path.of(args[0]);
        Path data = Files.createTempDirectory("gitbridge-bench-stores");
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, data);
             EmbeddedSqs sqs = EmbeddedSqs.start(0)) {
            GitbridgeConfig config = new GitbridgeConfig("us-east-1", Optional.of(dynamoDb.endpoint()),
                    Optional.of(sqs.endpoint()), "bench-hooks", "bench-deliveries", "",
                    Optional.empty(), false, GitbridgeConfig.DEFAULT_DELIVERY_TTL);
            String queueUrl;
            try (DynamoDbClient dynamo = AwsClients.dynamoDb(config); SqsClient queue = AwsClients.sqs(config)) {
                Provisioning.createHooksTable(dynamo, config.hooksTable());
                Provisioning.createDeliveriesTable(dynamo, config.deliveriesTable());
                queueUrl = Provisioning.createSyncQueue(queue, "bench-sync.fifo", 3, 30);
                Instant now = Instant.now();
                DynamoHookRepository.withoutTokens(dynamo, config.hooksTable()).create(Hook.builder().id(HOOK_ID)
                        .project("bench").provider("github").sourceRepo("https://github.com/acme/app.git")
                        .branch("main").events(new HookEvents(true, false))
                        .secret("gitbridge-example-secret-0123456789").buildRepo("https://git.example.net/b.git")
                        .buildBranch("master").createdAt(now).updatedAt(now).build());
            }
            Files.writeString(envFile, String.join("\n",
                    "AWS_ENDPOINT_URL_DYNAMODB=" + dynamoDb.endpoint(),
                    "AWS_ENDPOINT_URL_SQS=" + sqs.endpoint(),
                    "HOOKS_TABLE=" + config.hooksTable(),
                    "DELIVERIES_TABLE=" + config.deliveriesTable(),
                    "SYNC_QUEUE_URL=" + queueUrl, ""), StandardCharsets.UTF_8);
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serve until the harness closes standard input.
            }
        }
    }
}
