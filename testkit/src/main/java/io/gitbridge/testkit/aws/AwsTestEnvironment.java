package io.gitbridge.testkit.aws;

import io.gitbridge.embedded.EmbeddedDynamoDb;
import io.gitbridge.embedded.EmbeddedSqs;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The DynamoDB, SQS and KMS endpoints that integration tests run against, chosen once per JVM by
 * system properties and shared by every test:
 *
 * <ul>
 *   <li>{@code -Dgitbridge.aws=embedded}, or nothing: DynamoDB Local (in memory), ElasticMQ and a
 *       KMS stand-in ({@link KmsStandIn}) in this JVM, started on first use and stopped by a shutdown hook;
 *   <li>{@code -Dgitbridge.aws=localstack} (Maven profile {@code localstack}): LocalStack in Docker
 *       through Testcontainers; without Docker every test that asks is skipped, not failed;
 *   <li>{@code -Daws.endpoint=URL}, in either mode: that endpoint for all three services, nothing started.
 * </ul>
 *
 * <p>Tests share the servers, so each names its own tables and queues with {@link #uniqueName}.
 */
public final class AwsTestEnvironment {

    /** The system property that selects the mode: {@code embedded} (the default) or {@code localstack}. */
    public static final String MODE_PROPERTY = "gitbridge.aws";
    /** The system property naming an endpoint that serves DynamoDB, SQS and KMS, in any mode. */
    public static final String ENDPOINT_PROPERTY = "aws.endpoint";
    /** Tags from 2026.03 on refuse to start without a LocalStack auth token; 4.4.0 needs none. */
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

    private static final Duration DOCKER_CHECK_TIMEOUT = Duration.ofSeconds(20);
    private static final Region REGION = Region.US_EAST_1;
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    /** Letters, digits, '-' and '_' are valid in both DynamoDB table names and SQS queue names. */
    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final AtomicLong NAME_COUNTER = new AtomicLong();

    private static AwsTestEnvironment shared;
    private static String sharedAbortReason;

    private final String description;
    private final URI dynamoDbEndpoint;
    private final URI sqsEndpoint;
    private final URI kmsEndpoint;
    private final List<AutoCloseable> resources;
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private KmsClient kms;

    private AwsTestEnvironment(String description, URI dynamoDbEndpoint, URI sqsEndpoint, URI kmsEndpoint,
            List<AutoCloseable> resources) {
        this.description = description;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.sqsEndpoint = sqsEndpoint;
        this.kmsEndpoint = kmsEndpoint;
        this.resources = resources;
    }

    /**
     * Returns this JVM's environment, starting it on the first call.
     *
     * @throws TestAbortedException in {@code localstack} mode when Docker is not available, which
     *     JUnit reports as a skipped test; every later call throws it again at once
     * @throws IllegalArgumentException if {@code gitbridge.aws} or {@code aws.endpoint} is invalid
     */
    public static synchronized AwsTestEnvironment get() {
        if (sharedAbortReason != null) {
            throw new TestAbortedException(sharedAbortReason);
        }
        if (shared == null) {
            try {
                shared = create(System.getProperty(MODE_PROPERTY), System.getProperty(ENDPOINT_PROPERTY));
            } catch (TestAbortedException e) {
                sharedAbortReason = e.getMessage();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "gitbridge-aws-test-environment"));
        }
        return shared;
    }

    /** Builds the environment that the given property values select; blank means unset. */
    static AwsTestEnvironment create(String mode, String endpoint) {
        boolean localStack = isLocalStack(mode);
        if (endpoint != null && !endpoint.isBlank()) {
            URI uri = parseEndpoint(endpoint.strip());
            return new AwsTestEnvironment(ENDPOINT_PROPERTY + "=" + uri, uri, uri, uri, List.of());
        }
        return localStack ? startLocalStack() : startEmbedded();
    }

    /** Returns the endpoint that DynamoDB clients must use. */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** Returns the endpoint that SQS clients must use. */
    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** Returns the endpoint that KMS clients must use. */
    public URI kmsEndpoint() {
        return kmsEndpoint;
    }

    /** Returns the region clients must name: us-east-1, which queue ARNs also carry. */
    public Region region() {
        return REGION;
    }

    /** Returns static dummy credentials, which every mode accepts. */
    public AwsCredentialsProvider credentials() {
        return CREDENTIALS;
    }

    /** Returns a DynamoDB client for this environment, shared by all tests: do not close it. */
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder()
                    .endpointOverride(dynamoDbEndpoint)
                    .region(REGION)
                    .credentialsProvider(CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return dynamoDb;
    }

    /** Returns an SQS client for this environment, shared by all tests: do not close it. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder()
                    .endpointOverride(sqsEndpoint)
                    .region(REGION)
                    .credentialsProvider(CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return sqs;
    }

    /** Returns a KMS client for this environment, shared by all tests: do not close it. */
    public synchronized KmsClient kms() {
        if (kms == null) {
            kms = KmsClient.builder()
                    .endpointOverride(kmsEndpoint)
                    .region(REGION)
                    .credentialsProvider(CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return kms;
    }

    /**
     * Returns how many messages {@code queueUrl} holds that a receive could return now or once their delay ends:
     * SQS's {@code ApproximateNumberOfMessages} plus {@code ApproximateNumberOfMessagesDelayed}, which ElasticMQ and
     * LocalStack count exactly. Zero asserts at least what an empty long-poll receive asserts after a send that has
     * returned (that receive could only return messages counted here), without waiting for the poll to end and
     * without hiding any message from a later receive.
     */
    public int waitingMessages(String queueUrl) {
        Map<QueueAttributeName, String> counts = sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /**
     * Returns a name no other call returns, in this JVM or (with overwhelming probability) another,
     * valid as a DynamoDB table name and, with {@code .fifo} appended or not, as an SQS queue name.
     *
     * @param prefix 1 to 40 letters, digits, '-' or '_', to tell the test's resources apart
     * @throws IllegalArgumentException if the prefix could make an invalid name
     */
    public String uniqueName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!NAME_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a name prefix must be 1 to 40 letters, digits, '-' or '_', was '"
                    + prefix + "'");
        }
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return prefix + "-" + NAME_COUNTER.incrementAndGet() + "-" + random;
    }

    @Override
    public String toString() {
        return "AwsTestEnvironment[" + description + ", DynamoDB " + dynamoDbEndpoint + ", SQS " + sqsEndpoint
                + ", KMS " + kmsEndpoint + "]";
    }

    private static boolean isLocalStack(String mode) {
        String normalized = mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "", "embedded" -> false;
            case "localstack" -> true;
            default -> throw new IllegalArgumentException(
                    "-D" + MODE_PROPERTY + " must be 'embedded' or 'localstack', was '" + mode + "'");
        };
    }

    private static URI parseEndpoint(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + ENDPOINT_PROPERTY + " is not a URL: '" + endpoint + "'", e);
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!http || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "-D" + ENDPOINT_PROPERTY + " must be an http(s) URL with a host, was '" + endpoint + "'");
        }
        return uri;
    }

    private static AwsTestEnvironment startEmbedded() {
        EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, null);
        EmbeddedSqs sqs;
        KmsStandIn kms;
        try {
            sqs = EmbeddedSqs.start(0);
        } catch (RuntimeException e) {
            dynamoDb.close();
            throw e;
        }
        try {
            kms = KmsStandIn.start();
        } catch (RuntimeException e) {
            sqs.close();
            dynamoDb.close();
            throw e;
        }
        return new AwsTestEnvironment("embedded", dynamoDb.endpoint(), sqs.endpoint(), kms.endpoint(),
                List.of(kms, sqs, dynamoDb));
    }

    private static AwsTestEnvironment startLocalStack() {
        requireDocker();
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
                .withServices("dynamodb", "sqs", "kms");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        URI endpoint = container.getEndpoint();
        return new AwsTestEnvironment("localstack " + LOCALSTACK_IMAGE, endpoint, endpoint, endpoint,
                List.of(container::stop));
    }

    /** Asks Testcontainers for Docker, bounded in time because a wedged daemon never answers. */
    static void requireDocker() {
        FutureTask<Boolean> check = new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
        Thread checker = new Thread(check, "gitbridge-docker-check");
        checker.setDaemon(true);
        checker.start();
        String reason;
        try {
            if (check.get(DOCKER_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return;
            }
            reason = "Testcontainers found no Docker environment";
        } catch (TimeoutException e) {
            reason = "Testcontainers got no answer from Docker within " + DOCKER_CHECK_TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            reason = String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted while looking for Docker";
        }
        throw new TestAbortedException("Docker is not available (" + reason + "), so the LocalStack AWS test "
                + "environment (-D" + MODE_PROPERTY + "=localstack) cannot start; test skipped");
    }

    /** Closes the clients and stops whatever this environment started; run by the shutdown hook. */
    private synchronized void close() {
        List<AutoCloseable> toClose = new ArrayList<>();
        if (dynamoDb != null) {
            toClose.add(dynamoDb);
        }
        if (sqs != null) {
            toClose.add(sqs);
        }
        if (kms != null) {
            toClose.add(kms);
        }
        toClose.addAll(resources);
        RuntimeException failure = null;
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not shut down " + this);
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
