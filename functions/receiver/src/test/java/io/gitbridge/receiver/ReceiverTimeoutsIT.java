package io.gitbridge.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.aws.AwsRuntime;
import io.gitbridge.aws.CallTimeouts;
import io.gitbridge.aws.DynamoHookRepository;
import io.gitbridge.aws.GitbridgeConfig;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.json.Json;
import io.gitbridge.provider.Providers;
import io.gitbridge.receive.WebhookReceiver;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver's SDK clients against stores that do not answer: every delivery is answered within 5 s, as the
 * providers' delivery timeouts need (GitHub 10 s, Gitea 5 s), with a 503 that asks for a resend.
 */
class ReceiverTimeoutsIT {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final String HOOK_ID = "hk_example0000000000000000";
    private static final String SECRET = "gitbridge-example-secret-0123456789";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket silent;

    @AfterEach
    void closeSilentServer() throws IOException {
        if (silent != null) {
            silent.close();
        }
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void dynamoDbThatNeverAnswers_is503_within5Seconds() throws IOException {
        assertStoreUnavailableWithinBound(silentServer());
    }

    @Test
    void dynamoDbOnAClosedPort_is503_within5Seconds() throws IOException {
        assertStoreUnavailableWithinBound(closedPort());
    }

    private void assertStoreUnavailableWithinBound(URI dynamoDb) throws IOException {
        Answer answer = timed(handler(dynamoDb, aws.sqsEndpoint(), "unused"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.error()).isEqualTo("store_unavailable");
        assertThat(answer.took()).isLessThan(BOUND);
    }

    @Test
    void sqsThatNeverAnswers_is503QueueUnavailable_within5Seconds_andTheResendIsNotADuplicate() throws IOException {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(aws.dynamoDb(), hooksTable);
        Provisioning.createDeliveriesTable(aws.dynamoDb(), deliveriesTable);
        storeHook(hooksTable);
        URI sqs = silentServer();
        ReceiverHandler handler = handler(aws.dynamoDbEndpoint(), sqs, sqs + "/000000000000/never.fifo",
                hooksTable, deliveriesTable);

        Answer first = timed(handler);
        Answer resend = timed(handler);

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.error()).isEqualTo("queue_unavailable");
        assertThat(first.took()).isLessThan(BOUND);
        // The claim was forgotten (or stays pending): the resend tries the queue again instead of answering duplicate.
        assertThat(resend.status()).isEqualTo(503);
        assertThat(resend.error()).isEqualTo("queue_unavailable");
    }

    private void storeHook(String hooksTable) {
        Instant now = Instant.now();
        DynamoHookRepository.withoutTokens(aws.dynamoDb(), hooksTable).create(Hook.builder().id(HOOK_ID)
                .project("acme-app").provider("github").sourceRepo("https://github.com/acme/app.git").branch("main")
                .events(new HookEvents(true, false)).secret(SECRET).buildRepo("https://git.example.net/build.git")
                .buildBranch("master").createdAt(now).updatedAt(now).build());
    }

    private ReceiverHandler handler(URI dynamoDb, URI sqs, String queueUrl) {
        return handler(dynamoDb, sqs, queueUrl, "hooks", "deliveries");
    }

    /** Wired as the Lambda constructor wires it, with the receiver's {@link CallTimeouts}. */
    private ReceiverHandler handler(URI dynamoDb, URI sqs, String queueUrl, String hooksTable, String deliveriesTable) {
        GitbridgeConfig config = new GitbridgeConfig(aws.region().id(), Optional.of(dynamoDb), Optional.of(sqs),
                hooksTable, deliveriesTable, queueUrl, Optional.empty(), false, GitbridgeConfig.DEFAULT_DELIVERY_TTL);
        AwsRuntime runtime = new AwsRuntime(config, CallTimeouts.RECEIVER);
        return new ReceiverHandler(new WebhookReceiver(runtime.hooksWithoutTokens(), Providers.standard(),
                runtime.deliveries(), runtime.syncQueue(), Clock.systemUTC()));
    }

    /** A server that accepts connections and never sends a byte. */
    private URI silentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + silent.getLocalPort());
    }

    private static URI closedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    private static Answer timed(ReceiverHandler handler) throws IOException {
        APIGatewayV2HTTPEvent event = Envelopes.envelope("github/push.apigw.json");
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        return new Answer(response.getStatusCode(), body.path("error").asText(), took);
    }

    private record Answer(int status, String error, Duration took) {
    }
}
