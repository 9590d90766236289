package io.gitbridge.aws;

import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.http.Bounds;
import io.gitbridge.provider.github.app.AppPrivateKey;
import io.gitbridge.provider.github.app.GitHubApp;
import io.gitbridge.provider.github.app.GitHubAppStore;
import io.gitbridge.provider.github.app.Installation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The GitHub App table ({@code GitHubAppTable}, env {@code GITHUB_APP_TABLE}): key {@code pk} (S) + {@code sk} (S).
 * <ul>
 *   <li>{@code pk=app, sk=app}: the app (its fields, the private key sealed by the {@link TokenCipher} for
 *   {@code {table: github-app, field: privateKey, appId: <id>}}, the webhook secret in clear since the receiver
 *   verifies deliveries with it and has no key), and the pending webhook secret of a registration link;</li>
 *   <li>{@code pk=installation, sk=<installationId>}: one installation;</li>
 *   <li>{@code pk=route#id#<repositoryId>, sk=<hookId>} and {@code pk=route#name#<lower-case owner/repo>,
 *   sk=<hookId>}: the routes of the app's deliveries to hooks in app mode.</li>
 * </ul>
 * A store made {@link #withoutKey without a cipher} (the receiver's) neither reads nor writes the private key.
 */
public final class DynamoGitHubAppStore implements GitHubAppStore {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String APP = "app";
    static final String INSTALLATION = "installation";
    static final String ROUTE_BY_ID = "route#id#";
    static final String ROUTE_BY_NAME = "route#name#";
    static final String PRIVATE_KEY = "privateKey";
    static final String PENDING_SECRET = "pendingWebhookSecret";

    private static final String APP_ID = "appId";
    private static final String CLIENT_ID = "clientId";
    private static final String SLUG = "slug";
    private static final String NAME = "name";
    private static final String OWNER = "owner";
    private static final String HOST = "host";
    private static final String API_URL = "apiUrl";
    private static final String WEBHOOK_SECRET = "webhookSecret";
    private static final String UPDATED_AT = "updatedAt";
    private static final String UPDATED_MILLIS = "updatedAtMillis";
    private static final String ID = "id";
    private static final String ACCOUNT = "account";
    private static final String ACCOUNT_TYPE = "accountType";
    private static final String SELECTION = "selection";
    private static final String REPOSITORIES = "repositories";
    private static final String FULL_NAME = "fullName";
    private static final String SUSPENDED = "suspended";
    private static final String DELETED = "deleted";
    private static final String HOOK_ID = "hookId";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Optional<TokenCipher> cipher;

    /** A store that seals and opens the private key with {@code cipher} (the hooks and sync functions). */
    public DynamoGitHubAppStore(DynamoDbClient dynamoDb, String table, TokenCipher cipher) {
        this(dynamoDb, table, Optional.of(cipher));
    }

    private DynamoGitHubAppStore(DynamoDbClient dynamoDb, String table, Optional<TokenCipher> cipher) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.cipher = cipher;
    }

    /** A store without the private key (the receiver's: it needs the webhook secret and routes only). */
    public static DynamoGitHubAppStore withoutKey(DynamoDbClient dynamoDb, String table) {
        return new DynamoGitHubAppStore(dynamoDb, table, Optional.empty());
    }

    /** The context the private key is sealed for. */
    static Map<String, String> keyContext(long appId) {
        return Map.of("table", "github-app", "field", PRIVATE_KEY, "appId", Long.toString(appId));
    }

    @Override
    public Optional<StoredApp> app() {
        Map<String, AttributeValue> item = appItem(false);
        if (item == null || !item.containsKey(APP_ID)) {
            return Optional.empty();
        }
        GitHubApp app = new GitHubApp(Long.parseLong(item.get(APP_ID).n()), s(item, CLIENT_ID), s(item, SLUG),
                s(item, NAME), s(item, OWNER), s(item, HOST), s(item, API_URL), s(item, WEBHOOK_SECRET));
        return Optional.of(new StoredApp(app, Instant.parse(s(item, UPDATED_AT))));
    }

    @Override
    public void putApp(GitHubApp app, String privateKeyPem, Instant at) {
        TokenCipher sealer = cipher.orElseThrow(() -> new IllegalStateException(
                "this GitHub App store has no cipher, so it cannot store the app's private key"));
        AppPrivateKey.parse(privateKeyPem);
        Map<String, AttributeValue> item = new HashMap<>(key(APP, APP));
        item.put(APP_ID, AttributeValue.fromN(Long.toString(app.appId())));
        put(item, CLIENT_ID, app.clientId());
        put(item, SLUG, app.slug());
        put(item, NAME, app.name());
        put(item, OWNER, app.owner());
        put(item, HOST, app.host());
        put(item, API_URL, app.apiUrl());
        put(item, WEBHOOK_SECRET, app.webhookSecret());
        put(item, UPDATED_AT, at.toString());
        item.put(PRIVATE_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(
                sealer.seal(privateKeyPem, keyContext(app.appId())))));
        // A put replaces the whole item, so the pending secret goes with the app stored before.
        dynamoDb.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public Optional<AppPrivateKey> privateKey() {
        TokenCipher opener = cipher.orElseThrow(() -> new IllegalStateException(
                "this GitHub App store has no cipher, so it cannot open the app's private key"));
        Map<String, AttributeValue> item = appItem(true);
        if (item == null || !item.containsKey(APP_ID) || !item.containsKey(PRIVATE_KEY)) {
            return Optional.empty();
        }
        String pem = opener.open(item.get(PRIVATE_KEY).b().asByteArray(),
                keyContext(Long.parseLong(item.get(APP_ID).n())));
        return Optional.of(AppPrivateKey.parse(pem));
    }

    @Override
    public void putPendingWebhookSecret(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > GitHubApp.MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("a webhook secret must be 1 to " + GitHubApp.MAX_SECRET_LENGTH
                    + " characters");
        }
        dynamoDb.updateItem(u -> u.tableName(table).key(key(APP, APP))
                .updateExpression("SET #p = :p")
                .expressionAttributeNames(Map.of("#p", PENDING_SECRET))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(secret))));
    }

    @Override
    public Optional<String> pendingWebhookSecret() {
        Map<String, AttributeValue> item = appItem(false);
        return Optional.ofNullable(item == null ? null : s(item, PENDING_SECRET));
    }

    @Override
    public boolean putInstallation(Installation installation) {
        Map<String, AttributeValue> item = new HashMap<>(key(INSTALLATION, Long.toString(installation.id())));
        item.put(ID, AttributeValue.fromN(Long.toString(installation.id())));
        put(item, ACCOUNT, installation.account());
        put(item, ACCOUNT_TYPE, installation.accountType());
        put(item, SELECTION, installation.selection().wire());
        List<AttributeValue> repositories = new ArrayList<>();
        for (Installation.Repository repository : installation.repositories()) {
            repositories.add(AttributeValue.fromM(Map.of(ID, AttributeValue.fromN(Long.toString(repository.id())),
                    FULL_NAME, AttributeValue.fromS(repository.fullName()))));
        }
        item.put(REPOSITORIES, AttributeValue.fromL(repositories));
        item.put(SUSPENDED, AttributeValue.fromBool(installation.suspended()));
        item.put(DELETED, AttributeValue.fromBool(installation.deleted()));
        put(item, UPDATED_AT, installation.updatedAt().toString());
        item.put(UPDATED_MILLIS, AttributeValue.fromN(Long.toString(installation.updatedAt().toEpochMilli())));
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR #t <= :t")
                    .expressionAttributeNames(Map.of("#pk", PK, "#t", UPDATED_MILLIS))
                    .expressionAttributeValues(Map.of(":t", item.get(UPDATED_MILLIS))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Installation> installation(long installationId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table)
                .key(key(INSTALLATION, Long.toString(installationId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(installation(item));
    }

    @Override
    public List<Installation> installations() {
        List<Installation> installations = new ArrayList<>();
        query(INSTALLATION, Integer.MAX_VALUE).forEach(item -> installations.add(installation(item)));
        installations.sort(Comparator.comparingLong(Installation::id));
        return installations;
    }

    @Override
    public void addRoutes(String hookId, long repositoryId, String fullName) {
        for (Map<String, AttributeValue> key : routeKeys(hookId, repositoryId, fullName)) {
            Map<String, AttributeValue> item = new HashMap<>(key);
            item.put(HOOK_ID, AttributeValue.fromS(hookId));
            dynamoDb.putItem(p -> p.tableName(table).item(item));
        }
    }

    @Override
    public void removeRoutes(String hookId, long repositoryId, String fullName) {
        for (Map<String, AttributeValue> key : routeKeys(hookId, repositoryId, fullName)) {
            dynamoDb.deleteItem(d -> d.tableName(table).key(key));
        }
    }

    @Override
    public List<String> hooksFor(long repositoryId, String fullName) {
        Set<String> hooks = new LinkedHashSet<>();
        if (repositoryId > 0) {
            query(ROUTE_BY_ID + repositoryId, MAX_ROUTES).forEach(item -> hooks.add(item.get(SK).s()));
        }
        if (fullName != null && !fullName.isEmpty() && fullName.length() <= Installation.MAX_FULL_NAME_LENGTH) {
            query(ROUTE_BY_NAME + fullName.toLowerCase(Locale.ROOT), MAX_ROUTES)
                    .forEach(item -> hooks.add(item.get(SK).s()));
        }
        return List.copyOf(hooks);
    }

    private List<Map<String, AttributeValue>> routeKeys(String hookId, long repositoryId, String fullName) {
        if (!Bounds.isId(hookId)) {
            throw new IllegalArgumentException("a hook id must be 1 to " + Bounds.MAX_ID_LENGTH
                    + " visible ASCII characters");
        }
        if (fullName == null || fullName.isEmpty() || fullName.length() > Installation.MAX_FULL_NAME_LENGTH) {
            throw new IllegalArgumentException("a repository's full name must be 1 to "
                    + Installation.MAX_FULL_NAME_LENGTH + " characters");
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        if (repositoryId > 0) {
            keys.add(key(ROUTE_BY_ID + repositoryId, hookId));
        }
        keys.add(key(ROUTE_BY_NAME + fullName.toLowerCase(Locale.ROOT), hookId));
        return keys;
    }

    /** The items of one partition, in sort key order, at most {@code limit} of them. */
    private List<Map<String, AttributeValue>> query(String pk, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .consistentRead(true).build();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(request).items()) {
            if (items.size() >= limit) {
                break;
            }
            items.add(item);
        }
        return items;
    }

    private Installation installation(Map<String, AttributeValue> item) {
        List<Installation.Repository> repositories = new ArrayList<>();
        AttributeValue stored = item.get(REPOSITORIES);
        if (stored != null && stored.hasL()) {
            for (AttributeValue repository : stored.l()) {
                repositories.add(new Installation.Repository(Long.parseLong(repository.m().get(ID).n()),
                        repository.m().get(FULL_NAME).s()));
            }
        }
        return new Installation(Long.parseLong(item.get(ID).n()), s(item, ACCOUNT), s(item, ACCOUNT_TYPE),
                Installation.Selection.of(s(item, SELECTION)), repositories, bool(item, SUSPENDED),
                bool(item, DELETED), Instant.parse(s(item, UPDATED_AT)));
    }

    private Map<String, AttributeValue> appItem(boolean withKey) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> {
            g.tableName(table).key(key(APP, APP)).consistentRead(true);
            if (!withKey) {
                // The sealed key stays in the table unless it is to be opened.
                g.projectionExpression(String.join(", ", "#k0", "#k1", "#a0", "#a1", "#a2", "#a3", "#a4", "#a5",
                        "#a6", "#a7", "#a8", "#a9"))
                        .expressionAttributeNames(Map.ofEntries(Map.entry("#k0", PK), Map.entry("#k1", SK),
                                Map.entry("#a0", APP_ID), Map.entry("#a1", CLIENT_ID), Map.entry("#a2", SLUG),
                                Map.entry("#a3", NAME), Map.entry("#a4", OWNER), Map.entry("#a5", HOST),
                                Map.entry("#a6", API_URL), Map.entry("#a7", WEBHOOK_SECRET),
                                Map.entry("#a8", UPDATED_AT), Map.entry("#a9", PENDING_SECRET)));
            }
        }).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
