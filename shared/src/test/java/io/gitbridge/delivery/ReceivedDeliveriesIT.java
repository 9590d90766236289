package io.gitbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.aws.DynamoDeliveryLog;
import io.gitbridge.aws.Provisioning;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Reading which provider delivery ids a hook's log received, from the DynamoDB delivery log (DynamoDB Local). */
class ReceivedDeliveriesIT {

    private static final Instant T0 = Instant.parse("2026-11-30T04:00:00Z");
    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final DynamoDbClient dynamoDb = aws.dynamoDb();
    private DynamoDeliveryLog log;

    @BeforeEach
    void createTable() {
        String table = aws.uniqueName("received");
        Provisioning.createDeliveriesTable(dynamoDb, table);
        log = new DynamoDeliveryLog(dynamoDb, table, Duration.ofDays(30), Clock.fixed(T0.plusSeconds(7200),
                ZoneOffset.UTC));
    }

    private static Instant minutes(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void read_collectsEveryOutcomeByProviderId_backToFrom() {
        log.recordQueued(Delivery.queued("hk_a", "g1", "g1", minutes(10), "push", COMMIT, "refs/heads/main"));
        log.record(Delivery.logged("hk_a", "g2", minutes(20), "push", Delivery.Outcome.IGNORED, 200, "another branch"));
        log.record(Delivery.logged("hk_a", "g3", minutes(30), "push", Delivery.Outcome.REJECTED, 401, "bad signature"));
        log.record(Delivery.logged("hk_a", "g4", minutes(5), "ping", Delivery.Outcome.PONG, 200, null));
        log.recordQueued(Delivery.queued("hk_a", "sync_1", null, minutes(40), Delivery.MANUAL_SYNC, null, null));
        log.record(Delivery.logged("hk_b", "g5", minutes(15), "push", Delivery.Outcome.IGNORED, 200, "other hook"));

        ReceivedDeliveries read = ReceivedDeliveries.read(log, "hk_a", minutes(7), 50);

        assertThat(read.outcomes()).containsOnlyKeys("g1", "g2", "g3");
        assertThat(read.coveredFrom()).isEqualTo(minutes(7));
        assertThat(read.received("g1", minutes(10))).contains(true);
        assertThat(read.received("g2", minutes(20))).contains(true);
        assertThat(read.received("g3", minutes(30))).contains(false);
        assertThat(read.outcome("g3")).contains(Delivery.Outcome.REJECTED);
        assertThat(read.received("g5", minutes(15))).contains(false);
        assertThat(ReceivedDeliveries.read(log, "hk_a", T0, 50).coveredFrom()).isEqualTo(Instant.MIN);
    }

    @Test
    void read_aRejectionThenAnAcceptedResend_countsAsReceived() {
        log.record(Delivery.logged("hk_a", "g1", minutes(10), "push", Delivery.Outcome.REJECTED, 503, "queue down"));
        log.recordQueued(Delivery.queued("hk_a", "g1", "g1", minutes(12), "push", COMMIT, "refs/heads/main"));

        assertThat(ReceivedDeliveries.read(log, "hk_a", T0, 50).received("g1", minutes(10))).contains(true);
    }

    @Test
    void read_stopsAfterItsPages_andThenCannotTellAboutOlderAttempts() {
        for (int i = 0; i < 150; i++) {
            log.record(Delivery.logged("hk_a", "g" + i, T0.plusSeconds(i), "push", Delivery.Outcome.IGNORED, 200, "x"));
        }

        ReceivedDeliveries read = ReceivedDeliveries.read(log, "hk_a", T0, 1);

        assertThat(read.outcomes()).hasSize(ReceivedDeliveries.PAGE_SIZE);
        assertThat(read.coveredFrom()).isEqualTo(T0.plusSeconds(50));
        assertThat(read.received("g149", T0.plusSeconds(149))).contains(true);
        assertThat(read.received("g10", T0.plusSeconds(10))).isEmpty();
        assertThat(read.received("unknown", T0.plusSeconds(50).plus(ReceivedDeliveries.CLOCK_SLACK))).contains(false);
    }
}
