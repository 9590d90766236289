package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.delivery.Delivery;
import io.gitbridge.delivery.Delivery.Outcome;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDeliveryLogIT {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String MAIN = "refs/heads/main";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final DynamoDbClient dynamoDb = aws.dynamoDb();
    private String table;

    @BeforeEach
    void createTable() {
        table = aws.uniqueName("deliveries");
        Provisioning.createDeliveriesTable(dynamoDb, table);
    }

    private DynamoDeliveryLog at(Instant now) {
        return new DynamoDeliveryLog(dynamoDb, table, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Delivery queued(String hookId, String deliveryId, Instant at) {
        return Delivery.queued(hookId, deliveryId, deliveryId, at, "push", COMMIT, MAIN);
    }

    @Test
    void recordQueued_isTrueOnce_perHookAndDelivery() {
        DynamoDeliveryLog log = at(T0);

        assertThat(log.recordQueued(queued("hk_a", "d1", T0))).isTrue();
        assertThat(log.recordQueued(queued("hk_a", "d1", T0))).isFalse();
        assertThat(log.recordQueued(queued("hk_b", "d1", T0))).isTrue();
        assertThat(log.recordQueued(queued("hk_a", "d2", T0))).isTrue();
    }

    @Test
    void claim_writesPending_aPendingClaimIsTakenOver_andOnceConfirmedItIsADuplicate() {
        DynamoDeliveryLog log = at(T0);

        assertThat(log.claim(queued("hk_a", "d1", T0))).isTrue();
        assertThat(log.find("hk_a", "d1").orElseThrow().outcome()).isEqualTo(Outcome.PENDING);
        assertThat(log.claim(queued("hk_a", "d1", T0))).as("a receiver died before confirming").isTrue();
        log.confirmQueued("hk_a", "d1");
        assertThat(log.find("hk_a", "d1").orElseThrow().outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(log.claim(queued("hk_a", "d1", T0))).isFalse();
        assertThat(log.find("hk_a", "d1").orElseThrow().outcome()).isEqualTo(Outcome.QUEUED);
    }

    @Test
    void confirmQueued_leavesAForgottenEntryGone_andAnotherEntryUntouched() {
        DynamoDeliveryLog log = at(T0);
        log.claim(queued("hk_a", "d1", T0));
        log.forget("hk_a", "d1");
        log.recordQueued(queued("hk_a", "d2", T0));

        log.confirmQueued("hk_a", "d1");
        log.confirmQueued("hk_a", "d2");

        assertThat(log.find("hk_a", "d1")).isEmpty();
        assertThat(log.find("hk_a", "d2").orElseThrow().outcome()).isEqualTo(Outcome.QUEUED);
    }

    @Test
    void list_refusesOverLongCursors_andCursorsNamingAnIdNoEntryCanHave() {
        DynamoDeliveryLog log = at(T0);
        String longId = "d".repeat(2049);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"deliveryId\":\"" + longId
                + "\",\"receivedKey\":\"x#" + longId + "\"}").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> log.list("hk_a", 10, "A".repeat(513))).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> log.list("hk_a", 10, forged)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void recordQueued_treatsAnExpiredEntryAsAbsent_beforeTtlDeletesIt() {
        Instant first = Instant.parse("2026-10-01T10:00:00Z");
        at(first).recordQueued(queued("hk_a", "d1", first));

        Instant within = Instant.parse("2026-10-31T09:59:00Z");
        assertThat(at(within).recordQueued(queued("hk_a", "d1", within))).isFalse();
        assertThat(at(within).find("hk_a", "d1")).isPresent();
        assertThat(at(T0).find("hk_a", "d1")).isEmpty();
        assertThat(at(T0).list("hk_a", 10, null).items()).isEmpty();
        assertThat(at(T0).recordQueued(queued("hk_a", "d1", T0))).isTrue();
        assertThat(at(T0).find("hk_a", "d1").orElseThrow().receivedAt()).isEqualTo(T0);
    }

    @Test
    void forget_letsTheDeliveryCountAsNewAgain() {
        DynamoDeliveryLog log = at(T0);
        log.recordQueued(queued("hk_a", "d1", T0));

        log.forget("hk_a", "d1");

        assertThat(log.find("hk_a", "d1")).isEmpty();
        assertThat(log.recordQueued(queued("hk_a", "d1", T0))).isTrue();
    }

    @Test
    void find_returnsEveryField_asRecorded() {
        DynamoDeliveryLog log = at(T0);
        Delivery ignored = Delivery.logged("hk_a", "gh-7", T0.plusMillis(5), "push", Outcome.IGNORED, 200,
                "push to refs/heads/feature; this hook follows main");
        Delivery rejected = Delivery.logged("hk_a", null, T0.plusMillis(6), "push", Outcome.REJECTED, 401,
                "X-Hub-Signature-256 does not match the body signed with the hook's secret");
        log.recordQueued(queued("hk_a", "d1", T0));
        log.record(ignored);
        log.record(rejected);

        assertThat(log.find("hk_a", "d1")).contains(
                new Delivery("hk_a", "d1", "d1", T0, "push", Outcome.QUEUED, 202, null, COMMIT, MAIN, null, 0));
        assertThat(log.find("hk_a", ignored.deliveryId())).contains(ignored);
        assertThat(log.find("hk_a", rejected.deliveryId())).contains(rejected);
        assertThat(ignored.deliveryId()).startsWith("log_").isNotEqualTo(rejected.deliveryId());
        assertThat(log.find("hk_b", "d1")).isEmpty();
    }

    @Test
    void aDuplicate_getsItsOwnLine_andLeavesTheQueuedEntryAlone() {
        DynamoDeliveryLog log = at(T0);
        log.recordQueued(queued("hk_a", "d1", T0));
        log.recordSync("hk_a", "d1", new LastSync(LastSync.Status.SYNCED, COMMIT, T0.plusSeconds(3), null));
        Instant later = T0.plusSeconds(60);

        assertThat(at(later).recordQueued(queued("hk_a", "d1", later))).isFalse();
        Delivery duplicate = Delivery.logged("hk_a", "d1", later, "push", Outcome.DUPLICATE, 200,
                "delivery d1 was already queued").withCommit(COMMIT, MAIN);
        at(later).record(duplicate);

        List<Delivery> lines = at(later).list("hk_a", 10, null).items();
        assertThat(lines).extracting(Delivery::outcome).containsExactly(Outcome.DUPLICATE, Outcome.QUEUED);
        assertThat(lines.get(0)).isEqualTo(duplicate);
        assertThat(lines.get(0).providerDeliveryId()).isEqualTo("d1");
        Delivery original = lines.get(1);
        assertThat(original.deliveryId()).isEqualTo("d1");
        assertThat(original.receivedAt()).isEqualTo(T0);
        assertThat(original.sync()).isEqualTo(new LastSync(LastSync.Status.SYNCED, COMMIT, T0.plusSeconds(3), null));
    }

    @Test
    void list_pagesNewestFirst_acrossPagesWithACursor() {
        DynamoDeliveryLog log = at(T0.plusSeconds(3600));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Whole seconds and fractions of the same second alternate: "10:00:00Z" prints after "10:00:00.500Z",
            // so the index must sort by time, not by how the instant prints.
            Instant at = T0.plusMillis(500L * i);
            if (i % 3 == 0) {
                log.recordQueued(queued("hk_a", "d" + i, at));
                expected.add(0, "d" + i);
            } else {
                Delivery pong = Delivery.logged("hk_a", "p" + i, at, "ping", Outcome.PONG, 200, null);
                log.record(pong);
                expected.add(0, pong.deliveryId());
            }
        }
        log.recordQueued(queued("hk_other", "x", T0.plusSeconds(30)));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Delivery> page = log.list("hk_a", 3, cursor);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(d -> seen.add(d.deliveryId()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void list_pageEndingAtTheLastDelivery_hasNoNextPage() {
        DynamoDeliveryLog log = at(T0.plusSeconds(3600));
        for (int i = 0; i < 6; i++) {
            log.recordQueued(queued("hk_a", "d" + i, T0.plusSeconds(i)));
        }

        Page<Delivery> first = log.list("hk_a", 3, null);
        Page<Delivery> second = log.list("hk_a", 3, first.next());

        assertThat(first.items()).extracting(Delivery::deliveryId).containsExactly("d5", "d4", "d3");
        assertThat(first.next()).isNotNull();
        assertThat(second.items()).extracting(Delivery::deliveryId).containsExactly("d2", "d1", "d0");
        assertThat(second.next()).isNull();
        assertThat(log.list("hk_a", 6, null).next()).isNull();
    }

    @Test
    void list_pageFollowedOnlyByExpiredDeliveries_hasNoNextPage() {
        Instant now = T0.plus(Duration.ofDays(40));
        at(T0).recordQueued(queued("hk_a", "old1", T0));
        at(T0).recordQueued(queued("hk_a", "old2", T0.plusSeconds(1)));
        DynamoDeliveryLog log = at(now);
        for (int i = 0; i < 3; i++) {
            log.recordQueued(queued("hk_a", "d" + i, now.minusSeconds(10 - i)));
        }

        Page<Delivery> page = log.list("hk_a", 3, null);

        assertThat(page.items()).extracting(Delivery::deliveryId).containsExactly("d2", "d1", "d0");
        assertThat(page.next()).isNull();
        Page<Delivery> firstTwo = log.list("hk_a", 2, null);
        assertThat(firstTwo.next()).isNotNull();
        assertThat(log.list("hk_a", 2, firstTwo.next()).items()).extracting(Delivery::deliveryId).containsExactly("d0");
        assertThat(log.list("hk_a", 2, firstTwo.next()).next()).isNull();
    }

    @Test
    void list_ofAHookWithoutDeliveries_isEmpty_withoutANextPage() {
        Page<Delivery> page = at(T0).list("hk_none", 20, null);

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isNull();
    }

    @Test
    void list_rejectsACursorItDidNotProduce() {
        DynamoDeliveryLog log = at(T0);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"deliveryId\":\"d1\",\"receivedKey\":\"2026-11-21T10:00:00.000Z#d2\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> log.list("hk_a", 10, "garbage")).isInstanceOf(InvalidCursorException.class)
                .hasMessage("cursor is not one this API returned");
        assertThatThrownBy(() -> log.list("hk_a", 10, "not base64 !")).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> log.list("hk_a", 10, forged)).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> log.list("hk_a", 10, Base64.getUrlEncoder().encodeToString("{}".getBytes(
                StandardCharsets.UTF_8)))).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void recordSync_storesTheResult_andTheCommitOfAHeadSync() {
        DynamoDeliveryLog log = at(T0);
        log.recordQueued(queued("hk_a", "d1", T0));
        log.recordQueued(Delivery.queued("hk_a", "sync_1", null, T0, Delivery.MANUAL_SYNC, null, MAIN));
        LastSync failed = new LastSync(LastSync.Status.FAILED, COMMIT, T0.plusSeconds(2),
                "the build repository https://git.example.net/build.git was not found");
        String head = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";

        log.recordSync("hk_a", "d1", failed);
        log.recordSync("hk_a", "sync_1", new LastSync(LastSync.Status.SYNCED, head, T0.plusSeconds(3), null));
        log.recordSync("hk_a", "gone", failed);

        assertThat(log.find("hk_a", "d1").orElseThrow().sync()).isEqualTo(failed);
        Delivery headSync = log.find("hk_a", "sync_1").orElseThrow();
        assertThat(headSync.commit()).isEqualTo(head);
        assertThat(headSync.sync().commit()).isEqualTo(head);
        assertThat(log.find("hk_a", "gone")).isEmpty();
    }

    @Test
    void recordSync_keepsTheCommitTheDeliveryNamed_andRecordsAFailureWithoutCommit() {
        DynamoDeliveryLog log = at(T0);
        log.recordQueued(queued("hk_a", "d1", T0));
        log.recordQueued(Delivery.queued("hk_a", "sync_1", null, T0, Delivery.MANUAL_SYNC, null, MAIN));
        LastSync noBranch = new LastSync(LastSync.Status.FAILED, null, T0.plusSeconds(2),
                "branch main was not found on the source repository https://github.com/acme/app.git; check the hook's branch");

        log.recordSync("hk_a", "d1", new LastSync(LastSync.Status.UP_TO_DATE, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad",
                T0.plusSeconds(1), null));
        log.recordSync("hk_a", "sync_1", noBranch);

        assertThat(log.find("hk_a", "d1").orElseThrow().commit()).isEqualTo(COMMIT);
        Delivery headSync = log.find("hk_a", "sync_1").orElseThrow();
        assertThat(headSync.commit()).isNull();
        assertThat(headSync.sync()).isEqualTo(noBranch);
    }

    @Test
    void countRedelivery_counts_andIgnoresAMissingEntry() {
        DynamoDeliveryLog log = at(T0);
        log.recordQueued(queued("hk_a", "d1", T0));

        log.countRedelivery("hk_a", "d1");
        log.countRedelivery("hk_a", "d1");
        log.countRedelivery("hk_a", "missing");

        assertThat(log.find("hk_a", "d1").orElseThrow().redeliveries()).isEqualTo(2);
        assertThat(log.find("hk_a", "missing")).isEmpty();
    }

    @Test
    void createDeliveriesTable_replacesATableWithoutTheIndex() {
        String old = aws.uniqueName("deliveries-old");
        dynamoDb.createTable(t -> t.tableName(old)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("hookId").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("deliveryId").attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(KeySchemaElement.builder().attributeName("hookId").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("deliveryId").keyType(KeyType.RANGE).build()));
        dynamoDb.waiter().waitUntilTableExists(w -> w.tableName(old));

        Provisioning.createDeliveriesTable(dynamoDb, old);
        Provisioning.createDeliveriesTable(dynamoDb, old);

        DynamoDeliveryLog log = new DynamoDeliveryLog(dynamoDb, old, Duration.ofDays(30), Clock.fixed(T0, ZoneOffset.UTC));
        log.recordQueued(queued("hk_a", "d1", T0));
        assertThat(log.list("hk_a", 10, null).items()).extracting(Delivery::deliveryId).containsExactly("d1");
    }
}
