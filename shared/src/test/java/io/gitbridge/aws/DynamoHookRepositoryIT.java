package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.crypto.CountingKms;
import io.gitbridge.crypto.KmsTokenCipher;
import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.crypto.SealedTokenRejectedException;
import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.hook.HookIds;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.MergeMode;
import io.gitbridge.hook.Page;
import io.gitbridge.hook.ProjectTakenException;
import io.gitbridge.hook.Registration;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

class DynamoHookRepositoryIT {

    private static final String TOKEN = "ghp_token0123456789abcdefghijklmn";
    private static final String BUILD_TOKEN = "build-token-9876543210zyxwvutsrq";

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final DynamoDbClient dynamoDb = aws.dynamoDb();
    private final List<Map<String, AttributeValue>> itemsRead = new CopyOnWriteArrayList<>();
    private String table;
    private DynamoHookRepository hooks;

    @TempDir
    Path dataDir;

    @BeforeEach
    void createTable() {
        table = aws.uniqueName("hooks");
        Provisioning.createHooksTable(dynamoDb, table);
        hooks = new DynamoHookRepository(dynamoDb, table, LocalKeyTokenCipher.inDirectory(dataDir));
    }

    static Hook hook(String project) {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        return Hook.builder().id(HookIds.next()).project(project).provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("0123456789abcdef").token(TOKEN).buildRepo("https://git.example.net/b.git")
                .buildBranch("master").buildToken(BUILD_TOKEN).createdAt(now).updatedAt(now).build();
    }

    /** A hook with every optional field set, so a read that drops an attribute shows. */
    static Hook fullHook(String project) {
        return hook(project).toBuilder().events(new HookEvents(true, true)).apiUrl("https://github.example.com/api/v3")
                .registration(new Registration(Registration.Status.REGISTERED, "12345", null))
                .mergeMode(MergeMode.MIRROR).build();
    }

    private Map<String, AttributeValue> rawItem(String id) {
        return dynamoDb.getItem(g -> g.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
    }

    /** A DynamoDB client that keeps every item it reads in {@link #itemsRead}, as DynamoDB sent it. */
    private DynamoDbClient recordingDynamoDb() {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
                if (context.response() instanceof GetItemResponse response && response.hasItem()) {
                    itemsRead.add(response.item());
                }
                if (context.response() instanceof QueryResponse response) {
                    itemsRead.addAll(response.items());
                }
            }
        };
        return DynamoDbClient.builder().endpointOverride(aws.dynamoDbEndpoint()).region(aws.region())
                .credentialsProvider(aws.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
    }

    /** Every string and binary value of an attribute, however deeply nested, as text. */
    private static List<String> values(AttributeValue value) {
        List<String> found = new ArrayList<>();
        if (value.s() != null) {
            found.add(value.s());
        }
        if (value.b() != null) {
            found.add(new String(value.b().asByteArray(), StandardCharsets.ISO_8859_1));
            found.add(Base64.getEncoder().encodeToString(value.b().asByteArray()));
        }
        value.ss().forEach(found::add);
        value.bs().forEach(b -> found.add(new String(b.asByteArray(), StandardCharsets.ISO_8859_1)));
        value.l().forEach(v -> found.addAll(values(v)));
        value.m().values().forEach(v -> found.addAll(values(v)));
        return found;
    }

    @Test
    void create_thenFind_returnsEveryField() {
        Hook hook = hook("app");

        hooks.create(hook);

        assertThat(hooks.find(hook.id())).contains(hook);
    }

    @Test
    void create_storesTheTokensSealed_soNoPlaintextTokenIsAnywhereInTheItem() {
        Hook hook = fullHook("app");

        hooks.create(hook);

        Map<String, AttributeValue> item = rawItem(hook.id());
        assertThat(item.get("token").b()).isNotNull();
        assertThat(item.get("buildToken").b()).isNotNull();
        List<String> stored = item.values().stream().flatMap(v -> values(v).stream()).toList();
        assertThat(stored).isNotEmpty().noneMatch(v -> v.contains(TOKEN) || v.contains(BUILD_TOKEN)
                || v.contains("ghp_") || v.contains("build-token"));
        assertThat(hooks.find(hook.id())).contains(hook);
    }

    @Test
    void find_refusesATokenCopiedFromAnotherHook() {
        Hook first = hook("one");
        Hook second = hook("two");
        hooks.create(first);
        hooks.create(second);
        AttributeValue firstToken = rawItem(first.id()).get("token");
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(second.id())))
                .updateExpression("SET #t = :t").expressionAttributeNames(Map.of("#t", "token"))
                .expressionAttributeValues(Map.of(":t", firstToken)));

        assertThatThrownBy(() -> hooks.find(second.id())).isInstanceOf(SealedTokenRejectedException.class)
                .hasMessageStartingWith("the token of hook " + second.id() + ": sealed token does not open")
                .hasMessageNotContaining(TOKEN);
        assertThat(hooks.delete(second.id())).as("a hook whose token does not open can still be deleted").isTrue();
    }

    @Test
    void registrationMethod_roundTrips_andARegistrationStoredWithoutOneReadsAsWebhook() {
        Hook hub = hook("app").toBuilder().registration(new Registration(Registration.Status.REGISTERED,
                "https://gw.example.com/webhooks/hk_x https://github.com/acme/app/events/push", null,
                io.gitbridge.provider.RegistrationMethod.PUBSUBHUBBUB)).build();
        Hook older = hook("older").toBuilder().registration(new Registration(Registration.Status.REGISTERED, "12345",
                null)).build();
        hooks.create(hub);
        hooks.create(older);
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(older.id())))
                .updateExpression("REMOVE #r.#m").expressionAttributeNames(Map.of("#r", "registration", "#m", "method")));

        assertThat(rawItem(hub.id()).get("registration").m().get("method").s()).isEqualTo("pubsubhubbub");
        assertThat(hooks.find(hub.id())).contains(hub);
        assertThat(rawItem(older.id()).get("registration").m()).doesNotContainKey("method");
        assertThat(hooks.find(older.id()).orElseThrow().registration().method())
                .isEqualTo(io.gitbridge.provider.RegistrationMethod.WEBHOOK);
    }

    @Test
    void find_opensTheTokens_afterARestartWithTheSameKey() {
        Hook hook = hook("app");
        hooks.create(hook);

        DynamoHookRepository restarted = new DynamoHookRepository(dynamoDb, table,
                LocalKeyTokenCipher.inDirectory(dataDir));

        assertThat(restarted.find(hook.id())).contains(hook);
    }

    @Test
    void withoutTokens_readsEveryFieldButTheTokens_andDoesNotFetchTheTokenAttributes() {
        Hook hook = fullHook("app");
        hooks.create(hook);
        hooks.recordSync(hook.id(), new LastSync(LastSync.Status.FAILED, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                Instant.parse("2026-11-21T10:01:00Z"), "the source repository rejected the token"));
        Hook stored = hooks.find(hook.id()).orElseThrow();
        DynamoHookRepository receiver = DynamoHookRepository.withoutTokens(recordingDynamoDb(), table);

        Hook found = receiver.find(hook.id()).orElseThrow();
        Hook listed = receiver.list(10, null).items().get(0);

        Hook withoutTokens = stored.toBuilder().token(null).buildToken(null).build();
        assertThat(found).isEqualTo(withoutTokens);
        assertThat(listed).isEqualTo(withoutTokens);
        assertThat(itemsRead).hasSize(2).allSatisfy(item -> assertThat(item)
                .doesNotContainKeys("token", "buildToken")
                .containsKeys("secret", "lastSync", "consecutiveFailures", "registration", "apiUrl"));
    }

    @Test
    void withoutTokens_refusesToStoreAToken_butStoresATokenlessHook() {
        DynamoHookRepository receiver = DynamoHookRepository.withoutTokens(dynamoDb, table);
        Hook withToken = hook("app");
        Hook tokenless = hook("other").toBuilder().token(null).buildToken(null).build();

        assertThatThrownBy(() -> receiver.create(withToken)).isInstanceOf(IllegalStateException.class)
                .hasMessage("this hook repository has no token cipher, so it cannot store the token of hook "
                        + withToken.id());
        receiver.create(tokenless);

        assertThat(hooks.find(withToken.id())).isEmpty();
        assertThat(hooks.find(tokenless.id())).contains(tokenless);
    }

    @Test
    void withoutTokens_update_leavesTheStoredTokensAsTheyAre() {
        Hook hook = hook("app");
        hooks.create(hook);
        DynamoHookRepository receiver = DynamoHookRepository.withoutTokens(dynamoDb, table);
        Hook read = receiver.find(hook.id()).orElseThrow();

        assertThat(receiver.update(read, read.toBuilder().branch("release").build())).isTrue();

        assertThat(hooks.find(hook.id())).contains(hook.toBuilder().branch("release").build());
        assertThatThrownBy(() -> receiver.update(read, read.toBuilder().token("ghp_new").build()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void update_withANewToken_replacesTheSealedValue() {
        Hook hook = hook("app");
        hooks.create(hook);
        AttributeValue before = rawItem(hook.id()).get("token");
        Hook rotated = hook.toBuilder().token("ghp_rotated_token_value").updatedAt(hook.updatedAt().plusSeconds(1))
                .build();

        assertThat(hooks.update(hook, rotated)).isTrue();

        Map<String, AttributeValue> item = rawItem(hook.id());
        assertThat(item.get("token")).isNotEqualTo(before);
        assertThat(values(item.get("token"))).noneMatch(v -> v.contains("ghp_rotated"));
        assertThat(hooks.find(hook.id()).orElseThrow().token()).isEqualTo("ghp_rotated_token_value");
        assertThat(hooks.find(hook.id()).orElseThrow().buildToken()).isEqualTo(BUILD_TOKEN);
    }

    @Test
    void update_withoutATokenRemovesIt() {
        Hook hook = hook("app");
        hooks.create(hook);

        hooks.update(hook, hook.toBuilder().token(null).build());

        assertThat(rawItem(hook.id())).doesNotContainKey("token").containsKey("buildToken");
        assertThat(hooks.find(hook.id()).orElseThrow().token()).isNull();
    }

    @Test
    void find_sealsATokenStoredInPlainTextByAnEarlierVersion() {
        Hook hook = hook("app");
        hooks.create(hook);
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(hook.id())))
                .updateExpression("SET #t = :t").expressionAttributeNames(Map.of("#t", "token"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(TOKEN))));

        assertThat(hooks.find(hook.id())).contains(hook);

        assertThat(rawItem(hook.id()).get("token").b()).isNotNull();
        assertThat(hooks.find(hook.id())).contains(hook);
    }

    @Test
    void list_ofTwentyHooks_opensTheirFortyTokensWithOneKmsDecrypt_inAFreshContainer() {
        CountingKms kms = new CountingKms(aws);
        String keyId = aws.kms().createKey(k -> k.description("gitbridge tokens")).keyMetadata().arn();
        DynamoHookRepository writer = new DynamoHookRepository(dynamoDb, table, new KmsTokenCipher(kms.client(), keyId));
        List<Hook> created = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Hook hook = hook("p" + i);
            writer.create(hook);
            created.add(hook);
        }
        int generated = kms.calls("GenerateDataKey");
        kms.reset();

        DynamoHookRepository freshContainer = new DynamoHookRepository(dynamoDb, table,
                new KmsTokenCipher(kms.client(), keyId));
        List<Hook> listed = freshContainer.list(20, null).items();

        assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
        assertThat(generated).isEqualTo(1);
        assertThat(kms.calls("Decrypt")).isEqualTo(1);
    }

    @Test
    void find_isEmpty_forUnknownIdAndForGuardItems() {
        hooks.create(hook("app"));

        assertThat(hooks.find("hk_unknown")).isEmpty();
        assertThat(hooks.find("project#app")).isEmpty();
    }

    @Test
    void create_refusesASecondHookForTheSameProject() {
        hooks.create(hook("app"));
        Hook second = hook("app");

        assertThatThrownBy(() -> hooks.create(second)).isInstanceOf(ProjectTakenException.class)
                .hasMessage("project 'app' already has a hook");
        assertThat(hooks.find(second.id())).isEmpty();
    }

    @Test
    void create_refusesAProjectThatDiffersOnlyInCase() {
        hooks.create(hook("demo"));
        Hook second = hook("Demo");

        assertThatThrownBy(() -> hooks.create(second)).isInstanceOf(ProjectTakenException.class)
                .hasMessage("project 'Demo' already has a hook");
        assertThat(hooks.find(second.id())).isEmpty();
        assertThat(hooks.find(HookItems.GUARDS_LOWER_CASED)).isEmpty();
    }

    @Test
    void update_changingOnlyTheCaseOfTheProject_keepsItsGuard() {
        Hook hook = hook("demo");
        hooks.create(hook);
        Hook renamed = hook.toBuilder().project("Demo").build();

        assertThat(hooks.update(hook, renamed)).isTrue();

        assertThat(hooks.find(hook.id()).orElseThrow().project()).isEqualTo("Demo");
        assertThatThrownBy(() -> hooks.create(hook("DEMO"))).isInstanceOf(ProjectTakenException.class);
        assertThat(hooks.delete(hook.id())).isTrue();
        assertThat(rawItem("project#demo")).isEmpty();
        hooks.create(hook("DEMO"));
    }

    @Test
    void guardWrittenWithTheNameAsTyped_isMovedToLowerCase_beforeTheNextCreate() {
        Hook legacy = hook("Demo");
        hooks.create(legacy);
        writeLegacyGuard(legacy);
        DynamoHookRepository upgraded = new DynamoHookRepository(dynamoDb, table,
                LocalKeyTokenCipher.inDirectory(dataDir));

        assertThatThrownBy(() -> upgraded.create(hook("demo"))).isInstanceOf(ProjectTakenException.class);

        assertThat(rawItem("project#Demo")).isEmpty();
        assertThat(rawItem("project#demo").get("hookId").s()).isEqualTo(legacy.id());
        assertThat(upgraded.delete(legacy.id())).isTrue();
        assertThat(rawItem("project#demo")).isEmpty();
    }

    @Test
    void guardWrittenWithTheNameAsTyped_isDeletedWithItsHook_beforeAnyCreate() {
        Hook legacy = hook("Demo");
        hooks.create(legacy);
        writeLegacyGuard(legacy);
        DynamoHookRepository upgraded = new DynamoHookRepository(dynamoDb, table,
                LocalKeyTokenCipher.inDirectory(dataDir));

        assertThat(upgraded.delete(legacy.id())).isTrue();

        assertThat(rawItem("project#Demo")).isEmpty();
        assertThat(rawItem(legacy.id())).isEmpty();
    }

    @Test
    void twoStoredProjectsDifferingOnlyInCase_keepWorking_andNeitherNameCanBeTakenAgain() {
        Hook lower = hook("demo");
        hooks.create(lower);
        Hook upper = hook("Demo");
        Map<String, AttributeValue> item = HookItems.toItem(upper);
        dynamoDb.putItem(p -> p.tableName(table).item(item));
        dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", AttributeValue.fromS("project#Demo"),
                "hookId", AttributeValue.fromS(upper.id()))));
        dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromS(HookItems.GUARDS_LOWER_CASED))));
        DynamoHookRepository upgraded = new DynamoHookRepository(dynamoDb, table,
                LocalKeyTokenCipher.inDirectory(dataDir));

        assertThatThrownBy(() -> upgraded.create(hook("DEMO"))).isInstanceOf(ProjectTakenException.class);

        assertThat(rawItem("project#Demo").get("hookId").s()).isEqualTo(upper.id());
        assertThat(rawItem("project#demo").get("hookId").s()).isEqualTo(lower.id());
        assertThat(upgraded.delete(upper.id())).isTrue();
        assertThat(rawItem("project#Demo")).isEmpty();
        assertThat(rawItem("project#demo").get("hookId").s()).isEqualTo(lower.id());
    }

    @Test
    void findByProject_findsTheHook_whateverTheCaseOfTheName() {
        Hook hook = hook("Demo");
        hooks.create(hook);
        hooks.create(hook("other"));

        assertThat(hooks.findByProject("Demo").orElseThrow().id()).isEqualTo(hook.id());
        assertThat(hooks.findByProject("demo").orElseThrow().id()).isEqualTo(hook.id());
        assertThat(hooks.findByProject("DEMO").orElseThrow().token()).isEqualTo(TOKEN);
    }

    @Test
    void findByProject_isEmpty_forAProjectWithoutHook_andOnceItsHookIsDeletedOrRenamed() {
        Hook hook = hook("demo");
        hooks.create(hook);
        assertThat(hooks.findByProject("nothing")).isEmpty();

        Hook renamed = hook.toBuilder().project("elsewhere").build();
        assertThat(hooks.update(hook, renamed)).isTrue();
        assertThat(hooks.findByProject("demo")).isEmpty();
        assertThat(hooks.findByProject("Elsewhere").orElseThrow().id()).isEqualTo(hook.id());

        assertThat(hooks.delete(hook.id())).isTrue();
        assertThat(hooks.findByProject("elsewhere")).isEmpty();
    }

    @Test
    void findByProject_findsAHookWhoseGuardAnEarlierVersionWroteAsTyped() {
        Hook legacy = hook("Demo");
        hooks.create(legacy);
        writeLegacyGuard(legacy);
        DynamoHookRepository upgraded = new DynamoHookRepository(dynamoDb, table,
                LocalKeyTokenCipher.inDirectory(dataDir));

        assertThat(upgraded.findByProject("demo").orElseThrow().id()).isEqualTo(legacy.id());
        assertThat(rawItem("project#Demo")).isEmpty();
    }

    @Test
    void findByProject_withoutTokens_readsTheHookWithoutItsTokens() {
        Hook hook = hook("demo");
        hooks.create(hook);

        Hook found = DynamoHookRepository.withoutTokens(dynamoDb, table).findByProject("demo").orElseThrow();

        assertThat(found.id()).isEqualTo(hook.id());
        assertThat(found.token()).isNull();
    }

    /** Puts back the guard an earlier version wrote: the project name as typed, and no marker. */
    private void writeLegacyGuard(Hook hook) {
        dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("id",
                AttributeValue.fromS("project#" + hook.project().toLowerCase(java.util.Locale.ROOT)))));
        dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromS(HookItems.GUARDS_LOWER_CASED))));
        dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", AttributeValue.fromS("project#" + hook.project()),
                "hookId", AttributeValue.fromS(hook.id()))));
    }

    @Test
    void create_concurrentCreatesForOneProject_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(() -> {
                try {
                    hooks.create(hook("race"));
                    return true;
                } catch (ProjectTakenException e) {
                    return false;
                }
            });
        }
        int wins = 0;
        for (Future<Boolean> result : pool.invokeAll(attempts)) {
            wins += result.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(wins).isEqualTo(1);
        assertThat(hooks.list(100, null).items()).hasSize(1);
    }

    @Test
    void update_movesTheProjectGuard() {
        Hook hook = hook("old");
        hooks.create(hook);
        Hook moved = hook.toBuilder().project("new").branch("develop").token(null).buildBranch("main")
                .buildToken("build-token").apiUrl("https://github.example.com/api/v3")
                .registration(new Registration(Registration.Status.REGISTERED, "12345", null))
                .updatedAt(hook.updatedAt().plusSeconds(5)).build();

        assertThat(hooks.update(hook, moved)).isTrue();

        assertThat(hooks.find(hook.id())).contains(moved);
        hooks.create(hook("old"));
        assertThatThrownBy(() -> hooks.create(hook("new"))).isInstanceOf(ProjectTakenException.class);
    }

    @Test
    void update_refusesAProjectThatIsTaken() {
        Hook first = hook("one");
        Hook second = hook("two");
        hooks.create(first);
        hooks.create(second);
        Hook clash = second.toBuilder().project("one").build();

        assertThatThrownBy(() -> hooks.update(second, clash)).isInstanceOf(ProjectTakenException.class);
        assertThat(hooks.find(second.id())).contains(second);
    }

    @Test
    void update_keepsTheLastSync() {
        Hook hook = hook("app");
        hooks.create(hook);
        LastSync sync = new LastSync(LastSync.Status.SYNCED, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                Instant.parse("2026-11-21T10:01:00Z"), null);
        hooks.recordSync(hook.id(), sync);

        hooks.update(hook, hook.toBuilder().branch("release").build());

        assertThat(hooks.find(hook.id()).orElseThrow().lastSync()).isEqualTo(sync);
        assertThat(hooks.find(hook.id()).orElseThrow().branch()).isEqualTo("release");
    }

    @Test
    void update_returnsFalse_whenTheHookIsGone() {
        Hook hook = hook("app");

        assertThat(hooks.update(hook, hook)).isFalse();
    }

    @Test
    void delete_freesTheProject() {
        Hook hook = hook("app");
        hooks.create(hook);

        assertThat(hooks.delete(hook.id())).isTrue();
        assertThat(hooks.delete(hook.id())).isFalse();

        assertThat(hooks.find(hook.id())).isEmpty();
        hooks.create(hook("app"));
    }

    @Test
    void recordSync_storesTheOutcome_andIgnoresDeletedHooks() {
        Hook hook = hook("app");
        hooks.create(hook);
        LastSync failed = new LastSync(LastSync.Status.FAILED, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                Instant.parse("2026-11-21T10:02:00Z"), "the source repository rejected the token");

        hooks.recordSync(hook.id(), failed);
        hooks.recordSync(hook.id(), failed);
        hooks.recordSync("hk_deleted", failed);

        assertThat(hooks.find(hook.id()).orElseThrow().lastSync()).isEqualTo(failed);
        assertThat(hooks.find(hook.id()).orElseThrow().consecutiveFailures()).isEqualTo(2);
        assertThat(hooks.find("hk_deleted")).isEmpty();
    }

    @Test
    void recordSync_success_resetsConsecutiveFailures() {
        Hook hook = hook("app");
        hooks.create(hook);
        Instant at = Instant.parse("2026-11-21T10:02:00Z");
        String commit = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
        hooks.recordSync(hook.id(), new LastSync(LastSync.Status.FAILED, commit, at, "branch main not found"));

        hooks.recordSync(hook.id(), new LastSync(LastSync.Status.SYNCED, commit, at.plusSeconds(60), null));

        assertThat(hooks.find(hook.id()).orElseThrow().consecutiveFailures()).isZero();
    }

    @Test
    void recordSync_supersededOrNotOnBranch_keepsConsecutiveFailures() {
        Hook hook = hook("app");
        hooks.create(hook);
        Instant at = Instant.parse("2026-11-21T10:02:00Z");
        String commit = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
        hooks.recordSync(hook.id(), new LastSync(LastSync.Status.FAILED, commit, at, "branch main not found"));
        LastSync superseded = new LastSync(LastSync.Status.SUPERSEDED, commit, at.plusSeconds(1), "rewritten");
        LastSync notOnBranch = new LastSync(LastSync.Status.NOT_ON_BRANCH, commit, at.plusSeconds(2), "a fork's");

        hooks.recordSync(hook.id(), superseded);
        Hook afterSuperseded = hooks.find(hook.id()).orElseThrow();
        hooks.recordSync(hook.id(), notOnBranch);
        Hook afterNotOnBranch = hooks.find(hook.id()).orElseThrow();

        assertThat(afterSuperseded.lastSync()).isEqualTo(superseded);
        assertThat(afterSuperseded.consecutiveFailures()).isEqualTo(1);
        assertThat(afterNotOnBranch.lastSync()).isEqualTo(notOnBranch);
        assertThat(afterNotOnBranch.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void find_readsAHookStoredWithoutAMergeMode_asTheirs() {
        Hook hook = hook("app").toBuilder().mergeMode(MergeMode.MIRROR).build();
        hooks.create(hook);
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(hook.id())))
                .updateExpression("REMOVE mergeMode"));

        assertThat(hooks.find(hook.id()).orElseThrow().mergeMode()).isEqualTo(MergeMode.THEIRS);
    }

    @Test
    void update_storesTheMergeMode() {
        Hook hook = hook("app");
        hooks.create(hook);

        hooks.update(hook, hook.toBuilder().mergeMode(MergeMode.MIRROR).build());

        assertThat(rawItem(hook.id()).get("mergeMode")).isEqualTo(AttributeValue.fromS("mirror"));
        assertThat(hooks.find(hook.id()).orElseThrow().mergeMode()).isEqualTo(MergeMode.MIRROR);
    }

    @Test
    void list_pagesThroughEveryHookOnce_withoutGuards() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Hook hook = hook("p" + i);
            hooks.create(hook);
            created.add(hook.id());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Hook> page = hooks.list(3, cursor);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(h -> seen.add(h.id()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void list_pageEndingAtTheLastHook_hasNoNextPage() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Hook hook = hook("p" + i);
            hooks.create(hook);
            created.add(hook.id());
        }

        Page<Hook> first = hooks.list(3, null);
        Page<Hook> second = hooks.list(3, first.next());

        assertThat(first.items()).hasSize(3);
        assertThat(first.next()).isNotNull();
        assertThat(second.items()).hasSize(3);
        assertThat(second.next()).isNull();
        assertThat(hooks.list(6, null).next()).isNull();
        List<String> seen = new ArrayList<>();
        first.items().forEach(h -> seen.add(h.id()));
        second.items().forEach(h -> seen.add(h.id()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void withoutTokens_list_pagesWithACursor_andEndsWithoutOne() {
        for (int i = 0; i < 4; i++) {
            hooks.create(hook("p" + i));
        }
        DynamoHookRepository receiver = DynamoHookRepository.withoutTokens(dynamoDb, table);

        Page<Hook> first = receiver.list(2, null);
        Page<Hook> second = receiver.list(2, first.next());

        assertThat(first.next()).isNotNull();
        assertThat(second.items()).hasSize(2).doesNotContainAnyElementsOf(first.items());
        assertThat(second.next()).isNull();
    }

    @Test
    void list_rejectsACursorItDidNotIssue() {
        assertThatThrownBy(() -> hooks.list(3, "not-a-cursor")).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> hooks.list(3, "eyJmb28iOiJiYXIifQ")).isInstanceOf(InvalidCursorException.class);
    }
}
