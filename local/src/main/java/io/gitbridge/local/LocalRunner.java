package io.gitbridge.local;

import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.aws.GitbridgeConfig;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.embedded.EmbeddedDynamoDb;
import io.gitbridge.embedded.EmbeddedSqs;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.hooks.HooksHandler;
import io.gitbridge.hooks.PublicUrl;
import io.gitbridge.provider.Providers;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.receiver.ReceiverHandler;
import io.gitbridge.sync.GitHookSyncer;
import io.gitbridge.sync.RetrySettings;
import io.gitbridge.sync.SyncHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * gitbridge on one machine: DynamoDB Local and ElasticMQ in-process (or any AWS-compatible endpoint),
 * the tables and queues the template would create, and the three handlers behind an API Gateway stand-in
 * and an SQS event source stand-in.
 */
public final class LocalRunner implements AutoCloseable {

    static final String HOOKS_TABLE = "gitbridge-hooks";
    static final String DELIVERIES_TABLE = "gitbridge-deliveries";
    static final String SYNC_QUEUE = "gitbridge-sync.fifo";
    static final String REGION = "us-east-1";
    /** Receives before a failing sync moves to the dead-letter queue, as in the template. */
    static final int MAX_RECEIVES = 5;
    /** Seconds before a failed sync is retried; shorter than on AWS so a developer sees retries. */
    static final int RETRY_AFTER_SECONDS = 10;

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private ApiGatewayFront front;
    private GitbridgeConfig config;

    private LocalRunner() {
    }

    public static void main(String[] args) {
        LocalLogging.configure();
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String adminToken = System.getenv("GITBRIDGE_ADMIN_TOKEN");
        boolean generated = adminToken == null || adminToken.isBlank();
        if (generated) {
            adminToken = newToken();
        }
        LocalRunner runner;
        try {
            runner = start(options, adminToken);
        } catch (IOException | RuntimeException e) {
            System.err.println("gitbridge could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "gitbridge-shutdown"));
        if (generated) {
            System.out.println("admin token (set GITBRIDGE_ADMIN_TOKEN to choose one): " + adminToken);
        }
        System.out.println("data kept in " + options.dataDir());
        System.out.println("gitbridge listening on " + runner.url());
    }

    /**
     * Starts everything and returns once the HTTP port accepts requests.
     *
     * @throws IOException when the data directory or the port cannot be used
     */
    public static LocalRunner start(RunnerOptions options, String adminToken) throws IOException {
        LocalRunner runner = new LocalRunner();
        try {
            runner.startAll(options, adminToken);
            return runner;
        } catch (IOException | RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    private void startAll(RunnerOptions options, String adminToken) throws IOException {
        Files.createDirectories(options.dataDir());
        URI dynamoDbEndpoint;
        URI sqsEndpoint;
        if (options.awsEndpoint().isPresent()) {
            dynamoDbEndpoint = options.awsEndpoint().get();
            sqsEndpoint = options.awsEndpoint().get();
        } else {
            EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, options.dataDir().resolve("dynamodb"));
            resources.push(dynamoDb);
            EmbeddedSqs sqs = EmbeddedSqs.start(0);
            resources.push(sqs);
            dynamoDbEndpoint = dynamoDb.endpoint();
            sqsEndpoint = sqs.endpoint();
        }
        GitbridgeConfig bootstrap = new GitbridgeConfig(REGION, Optional.of(dynamoDbEndpoint), Optional.of(sqsEndpoint),
                HOOKS_TABLE, DELIVERIES_TABLE, "", options.publicUrl(), true, GitbridgeConfig.DEFAULT_DELIVERY_TTL);
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(bootstrap);
        resources.push(dynamoDb);
        SqsClient sqs = AwsClients.sqs(bootstrap);
        resources.push(sqs);
        Provisioning.createHooksTable(dynamoDb, HOOKS_TABLE);
        Provisioning.createDeliveriesTable(dynamoDb, DELIVERIES_TABLE);
        String queueUrl = Provisioning.createSyncQueue(sqs, SYNC_QUEUE, MAX_RECEIVES, RETRY_AFTER_SECONDS);
        config = new GitbridgeConfig(REGION, bootstrap.dynamoDbEndpoint(), bootstrap.sqsEndpoint(), HOOKS_TABLE,
                DELIVERIES_TABLE, queueUrl, options.publicUrl(), true, GitbridgeConfig.DEFAULT_DELIVERY_TTL);
        AwsRuntime aws = new AwsRuntime(config);
        Providers providers = Providers.standard();
        // Tokens are sealed under a key kept in the data directory, as the template's KMS key does on AWS.
        TokenCipher tokens = LocalKeyTokenCipher.inDirectory(options.dataDir());

        ReceiverHandler receiver = new ReceiverHandler(
                new WebhookReceiver(aws.hooksWithoutTokens(), providers, aws.deliveries(), aws.syncQueue(),
                        Clock.systemUTC()));
        HooksHandler hooks = new HooksHandler(
                new HookService(aws.hooks(tokens), new HookValidator(providers, true), Clock.systemUTC())
                        .whenDeleted(id -> GitHookSyncer.deleteWorkRepositories(options.dataDir().resolve("git"), id)),
                new DeliveryService(aws.hooksWithoutTokens(), aws.deliveries(), aws.syncQueue(), Clock.systemUTC()),
                new PublicUrl(options.publicUrl()));
        // The handler spaces retries on the same ElasticMQ (short ladder, RetrySettings.LOCAL_BACKOFF).
        String deadLetterUrl = sqs.getQueueUrl(q -> q.queueName(SYNC_QUEUE.replace(".fifo", "-dlq.fifo"))).queueUrl();
        SyncHandler sync = new SyncHandler(aws.hooks(tokens), aws.deliveries(), providers,
                options.dataDir().resolve("git"), true, Clock.systemUTC(),
                RetrySettings.local(System.getenv(), MAX_RECEIVES, deadLetterUrl), sqs, queueUrl);

        SqsEventSource events = new SqsEventSource(sqs, queueUrl, REGION, sync);
        resources.push(events);
        front = new ApiGatewayFront(options.port(), adminToken, receiver, hooks);
        resources.push(front);
        events.start();
        front.start();
    }

    /** The runner's own address. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + front.port());
    }

    /** The configuration the handlers run with (endpoints, table names, queue URL). */
    public GitbridgeConfig config() {
        return config;
    }

    /** Stops the HTTP front, the poller and the embedded services, newest first. */
    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                System.getLogger(LocalRunner.class.getName())
                        .log(System.Logger.Level.WARNING, "stopping failed: " + e.getMessage());
            }
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
