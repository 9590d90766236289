package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.crypto.LocalKeyTokenCipher;
import io.gitbridge.crypto.SealedTokenRejectedException;
import io.gitbridge.provider.github.app.AppPrivateKey;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppAccess;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import io.gitbridge.testkit.github.GitHubAppStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoGitHubAppStoreIT {

    private static final Instant AT = Instant.parse("2026-11-30T06:00:00Z");
    private static GitHubAppStandIn keys;

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final DynamoDbClient dynamoDb = aws.dynamoDb();
    private String table;
    private DynamoGitHubAppStore store;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void makeKeys() {
        keys = GitHubAppStandIn.start();
    }

    @AfterAll
    static void close() {
        keys.close();
    }

    @BeforeEach
    void createTable() {
        table = aws.uniqueName("github-app");
        Provisioning.createGitHubAppTable(dynamoDb, table);
        store = new DynamoGitHubAppStore(dynamoDb, table, LocalKeyTokenCipher.inDirectory(dataDir));
    }

    private static GitHubApp app(String secret) {
        return new GitHubApp(424242, "Iv23liStandInApp01", "gitbridge-test", "gitbridge test app", "acme",
                "github.com", GitHubApp.GITHUB_API, secret);
    }

    private Map<String, AttributeValue> appItem() {
        return dynamoDb.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("app"),
                "sk", AttributeValue.fromS("app")))).item();
    }

    @Test
    void app_isEmpty_untilOneIsStored() {
        assertThat(store.app()).isEmpty();
        assertThat(store.privateKey()).isEmpty();
    }

    @Test
    void putApp_storesTheApp_andSealsTheKey() {
        store.putApp(app("whsec-0123456789"), keys.privateKeyPkcs1Pem(), AT);

        assertThat(store.app()).contains(new GitHubAppStore.StoredApp(app("whsec-0123456789"), AT));
        AppPrivateKey key = store.privateKey().orElseThrow();
        assertThat(key.bits()).isEqualTo(2048);
        Map<String, AttributeValue> item = appItem();
        assertThat(item.get("privateKey").b()).isNotNull();
        String raw = item.toString() + new String(item.get("privateKey").b().asByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("PRIVATE KEY");
        keys.privateKeyPkcs1Pem().lines().filter(line -> !line.startsWith("-----"))
                .forEach(line -> assertThat(raw).doesNotContain(line));
    }

    @Test
    void privateKey_isRefused_whenCopiedToAnotherAppId() {
        store.putApp(app(null), keys.privateKeyPkcs1Pem(), AT);
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("pk", AttributeValue.fromS("app"),
                "sk", AttributeValue.fromS("app"))).updateExpression("SET appId = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromN("1"))));

        assertThatThrownBy(store::privateKey).isInstanceOf(SealedTokenRejectedException.class);
    }

    @Test
    void aStoreWithoutKey_readsTheAppAndSecret_butNeverTheKey() {
        store.putApp(app("whsec-0123456789"), keys.privateKeyPkcs8Pem(), AT);
        DynamoGitHubAppStore receiver = DynamoGitHubAppStore.withoutKey(dynamoDb, table);

        assertThat(receiver.app().orElseThrow().app().webhookSecret()).isEqualTo("whsec-0123456789");
        assertThatThrownBy(receiver::privateKey).isInstanceOf(IllegalStateException.class)
                .hasMessage("this GitHub App store has no cipher, so it cannot open the app's private key");
        assertThatThrownBy(() -> receiver.putApp(app(null), keys.privateKeyPkcs8Pem(), AT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this GitHub App store has no cipher, so it cannot store the app's private key");
    }

    @Test
    void access_connectsWithTheStoredKey_andOpensItAgainOnlyWhenTheAppChanges() {
        GitHubAppAccess access = new GitHubAppAccess(store, Clock.systemUTC());
        assertThat(access.connect()).isEmpty();
        GitHubApp app = new GitHubApp(keys.appId(), keys.clientId(), keys.slug(), keys.name(), keys.owner(),
                "github.com", keys.apiUrl(), "whsec-0123456789");
        store.putApp(app, keys.privateKeyPkcs1Pem(), AT);

        GitHubAppAccess.Connected first = access.connect().orElseThrow();
        assertThat(first.app()).isEqualTo(app);
        assertThat(first.api().app().id()).isEqualTo(keys.appId());
        assertThat(access.connect().orElseThrow()).isSameAs(first);

        store.putApp(app.withWebhookSecret("whsec-rotated-0123"), keys.privateKeyPkcs8Pem(), AT.plusSeconds(1));
        GitHubAppAccess.Connected second = access.connect().orElseThrow();
        assertThat(second).isNotSameAs(first);
        assertThat(second.app().webhookSecret()).isEqualTo("whsec-rotated-0123");
        assertThat(second.api().app().slug()).isEqualTo(keys.slug());
    }

    @Test
    void pendingWebhookSecret_isKept_untilAnAppIsStored() {
        store.putPendingWebhookSecret("pending-secret-1");
        store.putPendingWebhookSecret("pending-secret-2");

        assertThat(store.pendingWebhookSecret()).contains("pending-secret-2");
        assertThat(store.app()).isEmpty();

        store.putApp(app("pending-secret-2"), keys.privateKeyPkcs1Pem(), AT);
        assertThat(store.pendingWebhookSecret()).isEmpty();
        assertThat(store.app().orElseThrow().app().webhookSecret()).isEqualTo("pending-secret-2");
    }

    @Test
    void putInstallation_storesAndReads_everyField() {
        Installation installation = new Installation(1001, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(new Installation.Repository(501, "acme/app"), new Installation.Repository(502, "acme/lib")),
                false, false, AT);

        assertThat(store.putInstallation(installation)).isTrue();

        assertThat(store.installation(1001)).contains(installation);
        assertThat(store.installation(1002)).isEmpty();
    }

    @Test
    void putInstallation_ignoresAnOlderState() {
        Installation newer = new Installation(1001, "acme", "Organization", Installation.Selection.ALL, List.of(),
                true, false, AT.plusSeconds(10));
        Installation older = new Installation(1001, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(new Installation.Repository(501, "acme/app")), false, false, AT);
        store.putInstallation(newer);

        assertThat(store.putInstallation(older)).isFalse();
        assertThat(store.installation(1001)).contains(newer);
        assertThat(store.putInstallation(newer.withState(false, true, AT.plusSeconds(10)))).isTrue();
        assertThat(store.installation(1001).orElseThrow().deleted()).isTrue();
    }

    @Test
    void installations_listsThemAll_byId() {
        store.putInstallation(new Installation(30, "c", "User", Installation.Selection.ALL, List.of(), false, true, AT));
        store.putInstallation(new Installation(4, "a", "User", Installation.Selection.ALL, List.of(), false, false, AT));
        store.putInstallation(new Installation(200, "b", "Organization", Installation.Selection.ALL, List.of(), false,
                false, AT));

        assertThat(store.installations()).extracting(Installation::id).containsExactly(4L, 30L, 200L);
    }

    @Test
    void hooksFor_givesIdRoutesFirst_thenNameRoutes_withoutDuplicates() {
        store.addRoutes("hk_b", 501, "Acme/App");
        store.addRoutes("hk_a", 501, "acme/app");
        store.addRoutes("hk_c", 0, "ACME/app");
        store.addRoutes("hk_0", 999, "acme/app");

        assertThat(store.hooksFor(501, "acme/APP")).containsExactly("hk_a", "hk_b", "hk_0", "hk_c");
        assertThat(store.hooksFor(0, "acme/app")).containsExactly("hk_0", "hk_a", "hk_b", "hk_c");
        assertThat(store.hooksFor(501, null)).containsExactly("hk_a", "hk_b");
        assertThat(store.hooksFor(777, "other/repo")).isEmpty();
    }

    @Test
    void removeRoutes_removesBothRoutes_andIsIdempotent() {
        store.addRoutes("hk_a", 501, "acme/app");
        store.addRoutes("hk_a", 501, "acme/app");
        store.addRoutes("hk_b", 501, "acme/app");

        store.removeRoutes("hk_a", 501, "ACME/APP");
        store.removeRoutes("hk_a", 501, "acme/app");

        assertThat(store.hooksFor(501, "acme/app")).containsExactly("hk_b");
    }

    @Test
    void routes_refuseUnboundedInput() {
        assertThatThrownBy(() -> store.addRoutes("hk a", 1, "acme/app")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a hook id must be 1 to 128 visible ASCII characters");
        assertThatThrownBy(() -> store.addRoutes("hk_a", 1, "a/" + "x".repeat(199)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a repository's full name must be 1 to 200 characters");
        assertThat(store.hooksFor(1, "a/" + "x".repeat(199))).isEmpty();
    }
}
