package io.gitbridge.local;

import io.gitbridge.aws.AwsClients;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.aws.GitbridgeConfig;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsDeadLetterQueue;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.deadletter.DeadLetters;
import io.gitbridge.delivery.DeliveryService;
import io.gitbridge.embedded.EmbeddedDynamoDb;
import io.gitbridge.embedded.EmbeddedSqs;
import io.gitbridge.hook.GitHubAppHooks;
import io.gitbridge.hook.HookService;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.hooks.HooksHandler;
import io.gitbridge.hooks.PublicUrl;
import io.gitbridge.provider.Providers;
import io.gitbridge.provider.internal.ProviderApi;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.receiver.ReceiverHandler;
import io.gitbridge.sync.GitHookSyncer;
import io.gitbridge.sync.InstallationTokens;
import io.gitbridge.sync.RetrySettings;
import io.gitbridge.sync.SyncHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
    static final String GITHUB_APP_TABLE = "gitbridge-github-app";
    static final String SYNC_QUEUE = "gitbridge-sync.fifo";
    /** Where, under the data directory, ElasticMQ keeps its queues and messages. */
    static final String SQS_DIR = "sqs";
    static final String REGION = "us-east-1";
    /** Receives before a failing sync moves to the dead-letter queue, as in the template. */
    static final int MAX_RECEIVES = 5;
    /** Seconds before a failed sync is retried; shorter than on AWS so a developer sees retries. */
    static final int RETRY_AFTER_SECONDS = 10;
    /** The system property that changes {@link #RETRY_AFTER_SECONDS} (the queue's visibility timeout), for tests. */
    static final String RETRY_AFTER_PROPERTY = "gitbridge.retryAfterSeconds";

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private ApiGatewayFront front;
    private GitbridgeConfig config;
    private Optional<URI> embeddedDynamoDb = Optional.empty();
    private Optional<URI> embeddedSqs = Optional.empty();
    private String deadLetterQueueUrl;

    private LocalRunner() {
    }

    public static void main(String[] args) {
        // With the class archive built at package time, in a child JVM that maps it (ArchivedLaunch).
        OptionalInt child = ArchivedLaunch.run(args);
        if (child.isPresent()) {
            System.exit(child.getAsInt());
            return;
        }
        Optional<String> encoding = FileNameEncoding.problem(System.getProperty("sun.jnu.encoding"));
        if (encoding.isPresent()) {
            System.err.println(encoding.get());
            System.exit(2);
            return;
        }
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
        LocalRunner runner;
        try {
            if (generated) {
                // Kept in the data directory and reused, so that scripts and clients keep working across restarts.
                adminToken = AdminTokenFile.readOrCreate(DataDirectory.create(options.dataDir()));
            }
            runner = start(options, adminToken);
        } catch (IOException | RuntimeException e) {
            System.err.println("gitbridge could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "gitbridge-shutdown"));
        if (generated) {
            System.out.println("admin token (kept in " + AdminTokenFile.of(options.dataDir()) + ": delete that file to"
                    + " get a new one at the next start, or set GITBRIDGE_ADMIN_TOKEN to choose one): " + adminToken);
        }
        System.out.println("data kept in " + options.dataDir());
        if (runner.embeddedDynamoDb.isPresent()) {
            System.out.println("DynamoDB Local on " + runner.embeddedDynamoDb.get());
        } else {
            System.out.println("DynamoDB at " + runner.config.dynamoDbEndpoint().map(URI::toString).orElse("?")
                    + " (--aws-endpoint or AWS_ENDPOINT_URL_DYNAMODB)");
        }
        if (runner.embeddedSqs.isPresent()) {
            System.out.println("ElasticMQ (SQS) on " + runner.embeddedSqs.get()
                    + ", messages kept in " + options.dataDir().resolve(SQS_DIR));
        } else {
            System.out.println("SQS at " + runner.config.sqsEndpoint().map(URI::toString).orElse("?")
                    + " (--aws-endpoint or AWS_ENDPOINT_URL_SQS)");
        }
        System.out.println("sync queue " + runner.config.syncQueueUrl());
        System.out.println("dead-letter queue " + runner.deadLetterQueueUrl
                + " (GET /dead-letters lists it, POST /dead-letters/redrive moves it back)");
        System.out.println(options.jwt().configured()
                ? "project routes (/projects/...) take JWTs from " + options.jwt().issuer().orElseThrow()
                        + ", projects in claim " + options.jwt().projectsClaim()
                : "project routes (/projects/...) closed: start with --jwt-jwks, --jwt-issuer and --jwt-audience");
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
        ApiGatewayFront.checkPortFree(options.port());
        // Read before anything starts: a JWKS file that cannot be read stops the runner at once.
        Optional<JwtAuthorizer> jwt = options.jwt().configured() ? Optional.of(JwtAuthorizer.of(options.jwt()))
                : Optional.empty();
        Path dataDir = DataDirectory.create(options.dataDir());
        // Closed last: the files the services wrote while running become owner-only too.
        resources.push(() -> DataDirectory.tighten(dataDir));
        // --aws-endpoint for both services, else each service's own AWS_ENDPOINT_URL_<SERVICE> (or AWS_ENDPOINT_URL),
        // as the AWS SDKs read them; a service with none runs embedded.
        Map<String, String> env = System.getenv();
        Optional<URI> givenDynamoDb = options.awsEndpoint().or(() -> GitbridgeConfig.endpoint(env, "DYNAMODB"));
        Optional<URI> givenSqs = options.awsEndpoint().or(() -> GitbridgeConfig.endpoint(env, "SQS"));
        URI sqsEndpoint;
        if (givenSqs.isPresent()) {
            sqsEndpoint = givenSqs.get();
        } else {
            // Durable: a restart, even after kill -9, delivers every sync that was queued or in flight. Started
            // first: its database's file lock keeps a second runner away from this data directory.
            EmbeddedSqs sqs = EmbeddedSqs.start(0, options.dataDir().resolve(SQS_DIR));
            resources.push(sqs);
            sqsEndpoint = sqs.endpoint();
            embeddedSqs = Optional.of(sqsEndpoint);
        }
        URI dynamoDbEndpoint;
        if (givenDynamoDb.isPresent()) {
            dynamoDbEndpoint = givenDynamoDb.get();
        } else {
            EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, options.dataDir().resolve("dynamodb"));
            resources.push(dynamoDb);
            dynamoDbEndpoint = dynamoDb.endpoint();
            embeddedDynamoDb = Optional.of(dynamoDbEndpoint);
        }
        GitbridgeConfig bootstrap = new GitbridgeConfig(REGION, Optional.of(dynamoDbEndpoint), Optional.of(sqsEndpoint),
                HOOKS_TABLE, DELIVERIES_TABLE, "", options.publicUrl(), true, GitbridgeConfig.DEFAULT_DELIVERY_TTL);
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(bootstrap);
        resources.push(dynamoDb);
        SqsClient sqs = AwsClients.sqs(bootstrap);
        resources.push(sqs);
        String queueUrl;
        try {
            Provisioning.createHooksTable(dynamoDb, HOOKS_TABLE);
            Provisioning.createDeliveriesTable(dynamoDb, DELIVERIES_TABLE);
            Provisioning.createGitHubAppTable(dynamoDb, GITHUB_APP_TABLE);
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("DynamoDB at " + dynamoDbEndpoint + " cannot be reached: " + e.getMessage(), e);
        }
        try {
            queueUrl = Provisioning.createSyncQueue(sqs, SYNC_QUEUE, MAX_RECEIVES, retryAfterSeconds());
            deadLetterQueueUrl = sqs.getQueueUrl(q -> q.queueName(Provisioning.deadLetterQueueName(SYNC_QUEUE)))
                    .queueUrl();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("SQS at " + sqsEndpoint + " cannot be reached: " + e.getMessage(), e);
        }
        config = new GitbridgeConfig(REGION, bootstrap.dynamoDbEndpoint(), bootstrap.sqsEndpoint(), HOOKS_TABLE,
                DELIVERIES_TABLE, queueUrl, options.publicUrl(), true, GitbridgeConfig.DEFAULT_DELIVERY_TTL)
                .withGitHubAppTable(GITHUB_APP_TABLE);
        AwsRuntime aws = new AwsRuntime(config);
        Providers providers = Providers.standard();
        ProviderApi.useUrlPolicy(options.policy());
        // Tokens are sealed under a key kept in the data directory, as the template's KMS key does on AWS.
        TokenCipher tokens = LocalKeyTokenCipher.inDirectory(options.dataDir());

        ReceiverHandler receiver = new ReceiverHandler(
                new WebhookReceiver(aws.hooksWithoutTokens(), providers, aws.deliveries(), aws.syncQueue(),
                        Clock.systemUTC()), aws.gitHubAppWithoutKey());
        // ElasticMQ's move task would keep each message's deduplication id, which the sync queue may still drop.
        DeadLetters deadLetters = new DeadLetters(new SqsDeadLetterQueue(sqs, deadLetterQueueUrl, queueUrl,
                embeddedSqs.isEmpty()), aws.hooksWithoutTokens(), aws.deliveries());
        HooksHandler hooks = new HooksHandler(
                new HookService(aws.hooks(tokens), new HookValidator(providers, options.policy()), Clock.systemUTC())
                        .whenDeleted(id -> GitHookSyncer.deleteWorkRepositories(options.dataDir().resolve("git"), id))
                        .withGitHubApp(new GitHubAppHooks(aws.gitHubApp(tokens).orElseThrow(), Clock.systemUTC())),
                new DeliveryService(aws.hooksWithoutTokens(), aws.deliveries(), aws.syncQueue(), Clock.systemUTC()),
                new PublicUrl(options.publicUrl()), Optional.of(deadLetters), options.jwt().projectsClaim())
                .withGitHubApp(aws.gitHubApp(tokens).orElseThrow(), Clock.systemUTC());
        // The handler spaces retries on the same ElasticMQ (short ladder, RetrySettings.LOCAL_BACKOFF).
        SyncHandler sync = new SyncHandler(aws.hooks(tokens), aws.deliveries(),
                new GitHookSyncer(providers, options.dataDir().resolve("git"), options.policy(), Clock.systemUTC())
                        .withGitHubApp(InstallationTokens.fromStore(aws.gitHubApp(tokens).orElseThrow(),
                                Clock.systemUTC())),
                Clock.systemUTC(), RetrySettings.local(System.getenv(), MAX_RECEIVES, deadLetterQueueUrl), sqs,
                queueUrl);
        // GitHub's log of the app's webhook, read with the app's key (the same store the app's routes use).
        aws.gitHubApp(tokens).ifPresent(store -> hooks.withGitHubAppDeliveries(store, Clock.systemUTC()));

        SqsEventSource events = new SqsEventSource(sqs, queueUrl, REGION, sync);
        resources.push(events);
        front = new ApiGatewayFront(options.port(), adminToken, receiver, hooks, hooks.routeKeys(), jwt);
        resources.push(front);
        DataDirectory.tighten(dataDir);
        events.start();
        front.start();
    }

    /** The visibility timeout of the sync queue: {@value #RETRY_AFTER_PROPERTY} when set, else the default. */
    static int retryAfterSeconds() {
        String value = System.getProperty(RETRY_AFTER_PROPERTY);
        if (value == null || value.isBlank()) {
            return RETRY_AFTER_SECONDS;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds >= 0 && seconds <= 43_200) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(RETRY_AFTER_PROPERTY + " must be 0 to 43200 seconds, not " + value);
    }

    /** The URL of the dead-letter queue that failing syncs move to after {@value #MAX_RECEIVES} receives. */
    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
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

}
