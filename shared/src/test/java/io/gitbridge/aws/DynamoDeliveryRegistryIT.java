package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDeliveryRegistryIT {

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final DynamoDbClient dynamoDb = aws.dynamoDb();
    private String table;

    @BeforeEach
    void createTable() {
        table = aws.uniqueName("deliveries");
        Provisioning.createDeliveriesTable(dynamoDb, table);
    }

    private DynamoDeliveryRegistry at(Instant now) {
        return new DynamoDeliveryRegistry(dynamoDb, table, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void registerFirst_isTrueOnce_perHookAndDelivery() {
        DynamoDeliveryRegistry deliveries = at(Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(deliveries.registerFirst("hk_a", "d1")).isTrue();
        assertThat(deliveries.registerFirst("hk_a", "d1")).isFalse();
        assertThat(deliveries.registerFirst("hk_b", "d1")).isTrue();
        assertThat(deliveries.registerFirst("hk_a", "d2")).isTrue();
    }

    @Test
    void registerFirst_treatsAnExpiredRecordAsAbsent_beforeTtlDeletesIt() {
        at(Instant.parse("2026-10-01T10:00:00Z")).registerFirst("hk_a", "d1");

        assertThat(at(Instant.parse("2026-10-31T09:59:00Z")).registerFirst("hk_a", "d1")).isFalse();
        assertThat(at(Instant.parse("2026-11-21T10:00:00Z")).registerFirst("hk_a", "d1")).isTrue();
    }

    @Test
    void forget_letsTheDeliveryCountAsNewAgain() {
        DynamoDeliveryRegistry deliveries = at(Instant.parse("2026-11-21T10:00:00Z"));
        deliveries.registerFirst("hk_a", "d1");

        deliveries.forget("hk_a", "d1");

        assertThat(deliveries.registerFirst("hk_a", "d1")).isTrue();
    }
}
