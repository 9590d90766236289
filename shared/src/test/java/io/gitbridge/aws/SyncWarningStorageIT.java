package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.DeliveryJson;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookJson;
import io.gitbridge.hook.LastSync;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A sync's warning (the source uses Git LFS) survives DynamoDB on the hook and on the delivery. */
class SyncWarningStorageIT {

    private static final Instant AT = Instant.parse("2026-11-30T01:00:00Z");
    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String WARNING = "the source uses Git LFS; only LFS pointer files reach the build repository";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final DynamoDbClient dynamoDb = aws.dynamoDb();

    @TempDir
    Path dataDir;

    @Test
    void recordSync_keepsTheWarning_onTheHookAndTheDelivery_andTheHookJsonShowsIt() {
        String hooksTable = aws.uniqueName("hooks");
        String deliveriesTable = aws.uniqueName("deliveries");
        Provisioning.createHooksTable(dynamoDb, hooksTable);
        Provisioning.createDeliveriesTable(dynamoDb, deliveriesTable);
        DynamoHookRepository hooks = new DynamoHookRepository(dynamoDb, hooksTable,
                LocalKeyTokenCipher.inDirectory(dataDir));
        DynamoDeliveryLog deliveries = new DynamoDeliveryLog(dynamoDb, deliveriesTable, Duration.ofDays(30),
                Clock.fixed(AT, ZoneOffset.UTC));
        Hook hook = DynamoHookRepositoryIT.hook("lfs");
        hooks.create(hook);
        deliveries.recordQueued(Delivery.queued(hook.id(), "d1", "d1", AT, "push", COMMIT, "refs/heads/main"));
        LastSync synced = new LastSync(LastSync.Status.SYNCED, COMMIT, AT, null, WARNING);

        hooks.recordSync(hook.id(), synced);
        deliveries.recordSync(hook.id(), "d1", synced);

        Hook stored = hooks.find(hook.id()).orElseThrow();
        assertThat(stored.lastSync()).isEqualTo(synced);
        assertThat(deliveries.find(hook.id(), "d1").orElseThrow().sync()).isEqualTo(synced);
        assertThat(HookJson.render(stored, "https://bridge.example").get("lastSync").get("warning").asText())
                .isEqualTo(WARNING);
        assertThat(DeliveryJson.render(deliveries.find(hook.id(), "d1").orElseThrow()).get("sync").get("warning")
                .asText()).isEqualTo(WARNING);
    }

    @Test
    void recordSync_withoutWarning_readsBackNull() {
        String hooksTable = aws.uniqueName("hooks");
        Provisioning.createHooksTable(dynamoDb, hooksTable);
        DynamoHookRepository hooks = new DynamoHookRepository(dynamoDb, hooksTable,
                LocalKeyTokenCipher.inDirectory(dataDir));
        Hook hook = DynamoHookRepositoryIT.hook("plain");
        hooks.create(hook);

        hooks.recordSync(hook.id(), new LastSync(LastSync.Status.UP_TO_DATE, COMMIT, AT, null));

        Hook stored = hooks.find(hook.id()).orElseThrow();
        assertThat(stored.lastSync().warning()).isNull();
        assertThat(HookJson.render(stored, "https://bridge.example").get("lastSync").has("warning")).isFalse();
    }
}
