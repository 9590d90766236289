package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.aws.SqsSyncQueue;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.json.Json;
import io.gitbridge.metrics.EmfMetrics;
import io.gitbridge.metrics.Metrics;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * What an operator sees of a delivery on Lambda: the JSON log line written with the functions' own log4j2.properties
 * (as the shaded jar has it) and the EMF metric documents, both read back and checked field by field.
 */
class ReceiverHandlerObservabilityIT {

    private static final String HOOK_ID = "hk_example0000000000000000";
    private static final String SECRET = "gitbridge-example-secret-0123456789";
    private static final String DELIVERY = "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60";
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e812345678";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    /** Log4j keeps one stream manager per console target across configurations, so stdout is swapped once per class. */
    private static final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private static PrintStream originalOut;
    private final List<String> metricDocuments = Collections.synchronizedList(new ArrayList<>());
    private Metrics originalMetrics;
    private DynamoHookRepository hooks;
    private ReceiverHandler handler;

    @BeforeEach
    void wire() throws Exception {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        String queueUrl = Provisioning.createSyncQueue(aws.sqs(), aws.uniqueName("sync") + ".fifo", 3, 30);
        hooks = DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable);
        DynamoDeliveryLog deliveries = new DynamoDeliveryLog(aws.dynamoDb(), deliveriesTable, Duration.ofDays(30),
                Clock.systemUTC());
        handler = new ReceiverHandler(new io.gitbridge.receive.WebhookReceiver(hooks,
                io.gitbridge.provider.Providers.standard(), deliveries, new SqsSyncQueue(aws.sqs(), queueUrl),
                Clock.systemUTC()));
        Instant now = Instant.now();
        hooks.create(Hook.builder().id(HOOK_ID).project("acme-app").provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret(SECRET).buildRepo("https://git.example.net/build.git").buildBranch("master")
                .createdAt(now).updatedAt(now).build());

        originalMetrics = Metrics.use(new EmfMetrics(new CapturingEnvironment(metricDocuments)));
        stdout.reset();
    }

    @AfterEach
    void restoreMetrics() {
        Metrics.use(originalMetrics);
    }

    @BeforeAll
    static void logWithTheFunctionsConfiguration() throws Exception {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        // The Console appender takes System.out when it is made: configure after swapping it.
        LoggerContext log4j = (LoggerContext) LogManager.getContext(false);
        Configurator.reconfigure(ConfigurationFactory.getInstance().getConfiguration(log4j, "functions",
                functionsLog4jConfiguration().toURI()));
    }

    @AfterAll
    static void restoreLogging() {
        System.setOut(originalOut);
        Configurator.reconfigure();
    }

    @Test
    void queuedPush_logsOneJsonLine_withRequestHookDeliveryProviderAndOutcome() throws Exception {
        handler.handleRequest(envelope(), context());

        JsonNode line = onlyLineOf("io.gitbridge.receiver.ReceiverHandler");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(line.get("message").asText()).startsWith("hook " + HOOK_ID + ": Queued");
        assertThat(line.get("awsRequestId").asText()).isEqualTo(REQUEST_ID);
        assertThat(line.get("hookId").asText()).isEqualTo(HOOK_ID);
        assertThat(line.get("deliveryId").asText()).isEqualTo(DELIVERY);
        assertThat(line.get("provider").asText()).isEqualTo("github");
        assertThat(line.get("outcome").asText()).isEqualTo("queued");
        assertThat(line.has("error")).isFalse();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }

    @Test
    void queuedPush_countsOneDelivery_byProviderAndOutcome() throws Exception {
        handler.handleRequest(envelope(), context());

        assertThat(metricDocuments).hasSize(1);
        JsonNode document = Json.MAPPER.readTree(metricDocuments.get(0));
        JsonNode directive = document.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("gitbridge");
        assertThat(directive.get("Dimensions").get(0).toString()).isEqualTo("[\"provider\",\"outcome\"]");
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("Deliveries");
        assertThat(document.get("provider").asText()).isEqualTo("github");
        assertThat(document.get("outcome").asText()).isEqualTo("queued");
        assertThat(document.get("Deliveries").asInt()).isEqualTo(1);
    }

    @Test
    void forgedSignature_isOneLineWithoutStackTrace_andCountedAsRejection() throws Exception {
        APIGatewayV2HTTPEvent forged = envelope();
        Map<String, String> headers = new HashMap<>(forged.getHeaders());
        headers.put("x-hub-signature-256", "sha256=" + "0".repeat(64));
        forged.setHeaders(headers);

        assertThat(handler.handleRequest(forged, context()).getStatusCode()).isEqualTo(401);

        JsonNode line = onlyLineOf("io.gitbridge.receiver.ReceiverHandler");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).startsWith("hook " + HOOK_ID + ": 401 invalid_signature");
        assertThat(line.get("awsRequestId").asText()).isEqualTo(REQUEST_ID);
        assertThat(line.get("provider").asText()).isEqualTo("github");
        assertThat(line.get("outcome").asText()).isEqualTo("invalid_signature");
        assertThat(line.has("error")).isFalse();
        List<String> names = new ArrayList<>();
        for (String document : metricDocuments) {
            JsonNode node = Json.MAPPER.readTree(document);
            names.add(node.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Name").asText());
        }
        assertThat(names).containsExactlyInAnyOrder("SignatureRejections", "Deliveries");
    }

    @Test
    void nextInvocation_startsWithAFreshContext() throws Exception {
        handler.handleRequest(envelope(), context());
        stdout.reset();
        APIGatewayV2HTTPEvent unknown = envelope();
        unknown.setPathParameters(Map.of("hookId", "hk_nobody"));

        handler.handleRequest(unknown, null);

        JsonNode line = onlyLineOf("io.gitbridge.receiver.ReceiverHandler");
        assertThat(line.get("hookId").asText()).isEqualTo("hk_nobody");
        assertThat(line.get("outcome").asText()).isEqualTo("not_found");
        assertThat(line.has("awsRequestId")).isFalse();
        assertThat(line.has("deliveryId")).isFalse();
        assertThat(line.has("provider")).isFalse();
    }

    private JsonNode onlyLineOf(String logger) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!text.isBlank()) {
                JsonNode line = Json.MAPPER.readTree(text); // every line on stdout is one JSON object
                if (line.get("logger").asText().equals(logger)) {
                    lines.add(line);
                }
            }
        }
        assertThat(lines).as(stdout.toString(StandardCharsets.UTF_8)).hasSize(1);
        return lines.get(0);
    }

    /** The functions' log4j2.properties from shared, as the shaded jars have it. */
    private static URL functionsLog4jConfiguration() throws IOException {
        URL url = ReceiverHandler.class.getClassLoader().getResource("log4j2.properties");
        try (InputStream in = url.openStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("gitbridge-log-event.json");
        }
        return url;
    }

    private static APIGatewayV2HTTPEvent envelope() throws IOException {
        return ReceiverHandlerIT.envelope("github/push.apigw.json");
    }

    private static Context context() {
        return new Context() {
            @Override public String getAwsRequestId() { return REQUEST_ID; }
            @Override public String getLogGroupName() { return "/aws/lambda/gitbridge-receiver"; }
            @Override public String getLogStreamName() { return "2026/11/30/[$LATEST]0123"; }
            @Override public String getFunctionName() { return "gitbridge-receiver"; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:r"; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return 10_000; }
            @Override public int getMemoryLimitInMB() { return 512; }
            @Override public LambdaLogger getLogger() { return null; }
        };
    }

    /** An EMF environment whose sink keeps the documents. */
    private record CapturingEnvironment(List<String> documents) implements Environment, ISink {
        @Override public boolean probe() { return true; }
        @Override public String getName() { return "test"; }
        @Override public String getType() { return "test"; }
        @Override public String getLogGroupName() { return "test"; }
        @Override public void configureContext(MetricsContext context) { }
        @Override public ISink getSink() { return this; }
        @Override public void accept(MetricsContext context) {
            try {
                documents.addAll(context.serialize());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        @Override public CompletableFuture<Void> shutdown() { return CompletableFuture.completedFuture(null); }
    }
}
