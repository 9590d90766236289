package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.aws.DynamoGitHubAppStore;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's path loads no Jackson databind class (issue 11: 80–100 ms of its cold start): a fresh JVM on the
 * shaded {@code receiver.jar}, which leaves databind, KMS and joda-time out, answers deliveries down each of the
 * handler's paths as Lambda builds it, the GitHub App's webhook's too (a routed push, a ping, an installation change, a
 * forged signature), against DynamoDB Local and ElasticMQ reached through the per-service endpoint
 * variables, and primes once, with {@code -Xlog:class+load}.
 */
class ReceiverClassLoadingIT {

    private static final String HOOK_ID = "hk_example0000000000000000";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();

    /** The app, its secret {@link OneRequest#APP_SECRET}, and the example hook routed to acme/app (186853002). */
    private void storeApp(String appTable, Path dir) {
        DynamoGitHubAppStore store = new DynamoGitHubAppStore(aws.dynamoDb(), appTable,
                LocalKeyTokenCipher.inDirectory(dir));
        try (GitHubAppStandIn github = GitHubAppStandIn.start()) {
            store.putApp(new GitHubApp(github.appId(), github.clientId(), github.slug(), github.name(), github.owner(),
                    "github.com", GitHubApp.GITHUB_API, OneRequest.APP_SECRET), github.privateKeyPkcs1Pem(),
                    Instant.now());
        }
        store.addRoutes(HOOK_ID, 186853002L, "acme/app");
    }

    @Test
    void aRequestAndAPriming_loadNoDatabindClass(@TempDir Path dir) throws IOException, InterruptedException {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        String queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        String appTable = aws.uniqueName("github-app");
        Provisioning.createGitHubAppTable(aws.dynamoDb(), appTable);
        storeApp(appTable, dir);
        Instant now = Instant.now();
        DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable).create(Hook.builder().id(HOOK_ID)
                .project("acme-app").provider("github").sourceRepo("https://github.com/acme/app.git").branch("main")
                .events(new HookEvents(true, false)).secret("gitbridge-example-secret-0123456789")
                .buildRepo("https://git.example.net/build.git").buildBranch("master").createdAt(now).updatedAt(now)
                .build());
        Path classLog = dir.resolve("classes.log");
        Path output = dir.resolve("out.txt");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp",
                Path.of("target", "receiver.jar") + java.io.File.pathSeparator + Path.of("target", "test-classes"),
                OneRequest.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = child.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("GITBRIDGE_"));
        env.putAll(Map.of("AWS_REGION", aws.region().id(), "HOOKS_TABLE", hooksTable,
                "DELIVERIES_TABLE", deliveriesTable, "SYNC_QUEUE_URL", queueUrl,
                "AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoDbEndpoint().toString(),
                "AWS_ENDPOINT_URL_SQS", aws.sqsEndpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
        env.put("GITHUB_APP_TABLE", appTable);
        Process process = child.start();

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("statuses 202 200 401 400 404").contains("app statuses 202 200 200 401")
                .contains("priming failures []");
        // The hook's own push, and the app's push routed to the same hook under another delivery id.
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()).hasSize(2);
        List<String> loaded = Files.readAllLines(classLog, StandardCharsets.UTF_8);
        assertThat(loaded).anySatisfy(line -> assertThat(line).contains("com.fasterxml.jackson.core.JsonFactory"));
        assertThat(loaded).anySatisfy(line -> assertThat(line).contains("io.gitbridge.provider.PayloadNode"));
        assertThat(loaded).noneSatisfy(line -> assertThat(line).contains("com.fasterxml.jackson.databind"));
    }
}
