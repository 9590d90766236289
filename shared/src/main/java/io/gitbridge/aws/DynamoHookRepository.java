package io.gitbridge.aws;

import static io.gitbridge.aws.HookItems.s;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.crypto.TokenCipher;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.hook.ProjectTakenException;
import io.gitbridge.http.Bounds;
import io.gitbridge.json.Json;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Hooks in a DynamoDB table. One hook per project is enforced by a guard item written in the same
 * transaction as the hook, so two concurrent creates for a project cannot both succeed. Project names are compared
 * ignoring case ({@code demo} and {@code Demo} are one project): before its first create or rename, a repository
 * moves guards an earlier version wrote with the name as typed to their lower-case key, once per table.
 *
 * <p>Tokens are stored sealed by a {@link TokenCipher}, for their hook and field. A repository made
 * {@link #withoutTokens without a cipher} (the receiver's) does not even fetch the token attributes: its hooks have
 * no tokens, and it refuses to store one.
 */
public final class DynamoHookRepository implements HookRepository {

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final Logger LOG = System.getLogger(DynamoHookRepository.class.getName());

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final HookTokens tokens;
    private final String projection;
    private final Map<String, String> projectionNames;
    private volatile boolean guardsLowerCased;

    /** Hooks whose tokens {@code tokens} seals on write and opens on read. */
    public DynamoHookRepository(DynamoDbClient dynamoDb, String table, TokenCipher tokens) {
        this(dynamoDb, table, Optional.of(tokens));
    }

    private DynamoHookRepository(DynamoDbClient dynamoDb, String table, Optional<TokenCipher> tokens) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.tokens = new HookTokens(tokens);
        // The list's cursor is the key of its last item, so the index's sort key is read too.
        List<String> attributes = new ArrayList<>(HookItems.ATTRIBUTES_WITHOUT_TOKENS);
        attributes.add(HookItems.CREATED_KEY);
        this.projectionNames = new HashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            projectionNames.put("#p" + i, attributes.get(i));
        }
        this.projection = String.join(", ", projectionNames.keySet().stream().sorted().toList());
    }

    /** Hooks read without their token attributes, for a process that must never see tokens. */
    public static DynamoHookRepository withoutTokens(DynamoDbClient dynamoDb, String table) {
        return new DynamoHookRepository(dynamoDb, table, Optional.empty());
    }

    @Override
    public void create(Hook hook) {
        lowerCaseLegacyGuards();
        Map<String, AttributeValue> item = HookItems.toItem(hook);
        tokens.seal(hook).forEach((field, value) -> {
            if (value != null) {
                item.put(field, value);
            }
        });
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(id)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(HookItems.guard(hook))
                            .conditionExpression("attribute_not_exists(id)")).build()));
        } catch (TransactionCanceledException e) {
            if (failedCondition(e, 1)) {
                throw new ProjectTakenException(hook.project(), e);
            }
            throw new IllegalStateException("hook id " + hook.id() + " collided with an existing hook", e);
        }
    }

    @Override
    public Optional<Hook> find(String id) {
        if (!HookItems.isHookId(id)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> {
            g.tableName(table).key(HookItems.key(id)).consistentRead(true);
            if (!tokens.enabled()) {
                g.projectionExpression(projection).expressionAttributeNames(projectionNames);
            }
        }).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(hookOf(item));
    }

    /**
     * Reads the project's guard, then the hook it names. Guards an earlier version wrote with the name as typed are
     * moved to lower case first (once per table, as before a create); where two stored names differ only in case,
     * the one typed exactly so wins. A hook renamed between the two reads is not returned for its old name.
     */
    @Override
    public Optional<Hook> findByProject(String project) {
        lowerCaseLegacyGuards();
        String guard = HookItems.guardId(project);
        String legacy = HookItems.legacyGuardId(project);
        String holder = guard.equals(legacy) ? null : guardHolder(legacy);
        if (holder == null) {
            holder = guardHolder(guard);
        }
        return holder == null ? Optional.empty()
                : find(holder).filter(hook -> hook.project().equalsIgnoreCase(project));
    }

    private Hook hookOf(Map<String, AttributeValue> item) {
        HookTokens.Opened opened = tokens.open(HookItems.fromItem(item), item);
        if (!opened.legacy().isEmpty()) {
            sealLegacyTokens(opened.hook(), opened.legacy());
        }
        return opened.hook();
    }

    /** Seals tokens stored in plain text by an earlier version, unless they changed meanwhile. */
    private void sealLegacyTokens(Hook hook, Map<String, String> legacy) {
        Map<String, AttributeValue> sealed = tokens.seal(hook);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        legacy.forEach((field, plaintext) -> {
            names.put("#" + field, field);
            values.put(":" + field, sealed.get(field));
            values.put(":plain_" + field, s(plaintext));
            set.add("#" + field + " = :" + field);
            unchanged.add("#" + field + " = :plain_" + field);
        });
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(HookItems.key(hook.id()))
                    .updateExpression("SET " + String.join(", ", set))
                    .conditionExpression(String.join(" AND ", unchanged))
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // Changed or deleted meanwhile: whoever changed it wrote the token sealed.
        }
    }

    @Override
    public boolean update(Hook previous, Hook updated) {
        Map<String, AttributeValue> fields = new HashMap<>(HookItems.adminFields(updated));
        Map<String, AttributeValue> sealed = tokens.seal(updated);
        if (tokens.enabled()) {
            fields.putAll(sealed);
        }
        // Without a cipher, hooks are read without tokens: the stored ones stay as they are.
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> {
            Map<String, AttributeValue> values = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            List<String> set = new ArrayList<>();
            List<String> remove = new ArrayList<>();
            fields.forEach((field, value) -> {
                names.put("#" + field, field);
                if (value == null) {
                    remove.add("#" + field);
                } else {
                    values.put(":" + field, value);
                    set.add("#" + field + " = :" + field);
                }
            });
            String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
            u.tableName(table).key(HookItems.key(updated.id())).updateExpression(expression)
                    .conditionExpression("attribute_exists(id)")
                    .expressionAttributeNames(names).expressionAttributeValues(values);
        }).build());
        boolean renamed = !previous.project().equals(updated.project());
        if (renamed) {
            lowerCaseLegacyGuards();
        }
        String previousGuard = renamed ? ownGuardId(previous.project(), previous.id()) : null;
        // A change of case alone keeps the (lower-case) guard.
        boolean projectChanges = renamed && !previousGuard.equals(HookItems.guardId(updated.project()));
        if (projectChanges) {
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(HookItems.key(previousGuard))
                    .conditionExpression("hookId = :id")
                    .expressionAttributeValues(Map.of(":id", s(previous.id())))).build());
            items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(HookItems.guard(updated))
                    .conditionExpression("attribute_not_exists(id)")).build());
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            if (failedCondition(e, 0)) {
                return false;
            }
            if (projectChanges && failedCondition(e, 2)) {
                throw new ProjectTakenException(updated.project(), e);
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String id) {
        Optional<String> project = findProject(id);
        if (project.isEmpty()) {
            return false;
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(HookItems.key(id))
                            .conditionExpression("attribute_exists(id)")).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table)
                            .key(HookItems.key(ownGuardId(project.get(), id)))
                            .conditionExpression("hookId = :id")
                            .expressionAttributeValues(Map.of(":id", s(id)))).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (failedCondition(e, 0)) {
                return false;
            }
            // The project changed between the read and the delete: read again and retry once.
            return failedCondition(e, 1) && deleteOnce(id);
        }
    }

    private boolean deleteOnce(String id) {
        return findProject(id).map(project -> {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(HookItems.key(id))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table)
                            .key(HookItems.key(ownGuardId(project, id)))).build()));
            return true;
        }).orElse(false);
    }

    /** The project of a hook, read alone: deleting a hook needs neither its tokens nor the key that opens them. */
    private Optional<String> findProject(String id) {
        if (!HookItems.isHookId(id)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(HookItems.key(id))
                .consistentRead(true).projectionExpression("#project")
                .expressionAttributeNames(Map.of("#project", "project"))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(item.get("project")).map(AttributeValue::s);
    }

    @Override
    public Page<Hook> list(int limit, String cursor) {
        Map<String, AttributeValue> start = cursor == null ? null : decodeCursor(cursor);
        return QueryPages.page((from, count) -> dynamoDb.query(q -> {
            q.tableName(table).indexName(HookItems.BY_CREATED)
                    .keyConditionExpression("listKey = :hook")
                    .expressionAttributeValues(Map.of(":hook", s(HookItems.HOOK_LIST)))
                    .limit(count);
            if (!tokens.enabled()) {
                q.projectionExpression(projection).expressionAttributeNames(projectionNames);
            }
            if (from != null) {
                q.exclusiveStartKey(from);
            }
        }), limit, start, this::hookOf, DynamoHookRepository::encodeCursor);
    }

    @Override
    public void recordSync(String id, LastSync outcome) {
        boolean failed = outcome.status() == LastSync.Status.FAILED;
        boolean resets = outcome.status().succeeded();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":sync", HookItems.lastSync(outcome));
        if (failed || resets) {
            values.put(failed ? ":one" : ":zero", AttributeValue.fromN(failed ? "1" : "0"));
        }
        try {
            // Superseded and not-on-branch outcomes are no failures and no syncs: the failure count stays.
            dynamoDb.updateItem(u -> u.tableName(table).key(HookItems.key(id))
                    .updateExpression(failed
                            ? "SET lastSync = :sync ADD consecutiveFailures :one"
                            : resets ? "SET lastSync = :sync, consecutiveFailures = :zero" : "SET lastSync = :sync")
                    .conditionExpression("attribute_exists(id)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // The hook was deleted while its sync ran: there is nothing left to record on.
        }
    }

    /**
     * The key of the guard that holds {@code project} for hook {@code hookId}: the lower-case one, or the name as typed
     * where an earlier version wrote it and it could not be moved.
     */
    private String ownGuardId(String project, String hookId) {
        String guard = HookItems.guardId(project);
        String legacy = HookItems.legacyGuardId(project);
        return guard.equals(legacy) || hookId.equals(guardHolder(guard)) ? guard : legacy;
    }

    private String guardHolder(String guardId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(HookItems.key(guardId))
                .consistentRead(true)).item();
        AttributeValue holder = item == null ? null : item.get(HookItems.GUARD_HOOK_ID);
        return holder == null ? null : holder.s();
    }

    /**
     * Moves every guard written with a project name as typed to its lower-case key, once per table (then marked by
     * {@link HookItems#GUARDS_LOWER_CASED}) and checked once per repository. Two stored projects whose names differ
     * only in case keep their guards as they are, with a warning: both go on working, and neither name can be taken
     * by a third hook.
     */
    private void lowerCaseLegacyGuards() {
        if (guardsLowerCased) {
            return;
        }
        if (guardHolder(HookItems.GUARDS_LOWER_CASED) == null) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamoDb.query(q -> {
                    q.tableName(table).indexName(HookItems.BY_CREATED)
                            .keyConditionExpression("listKey = :hook")
                            .expressionAttributeValues(Map.of(":hook", s(HookItems.HOOK_LIST)));
                    if (from != null) {
                        q.exclusiveStartKey(from);
                    }
                });
                for (Map<String, AttributeValue> item : page.items()) {
                    lowerCaseGuard(item.get(HookItems.ID).s(), item.get("project").s());
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (start != null);
            dynamoDb.putItem(p -> p.tableName(table).item(Map.of(HookItems.ID, s(HookItems.GUARDS_LOWER_CASED),
                    HookItems.GUARD_HOOK_ID, s("-"))));
        }
        guardsLowerCased = true;
    }

    private void lowerCaseGuard(String hookId, String project) {
        String guard = HookItems.guardId(project);
        String legacy = HookItems.legacyGuardId(project);
        if (guard.equals(legacy) || !hookId.equals(guardHolder(legacy))) {
            return;
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table)
                            .item(Map.of(HookItems.ID, s(guard), HookItems.GUARD_HOOK_ID, s(hookId)))
                            .conditionExpression("attribute_not_exists(id) OR hookId = :id")
                            .expressionAttributeValues(Map.of(":id", s(hookId)))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(HookItems.key(legacy))
                            .conditionExpression("hookId = :id")
                            .expressionAttributeValues(Map.of(":id", s(hookId)))).build()));
        } catch (TransactionCanceledException e) {
            LOG.log(Logger.Level.WARNING, "hook " + hookId + " keeps its project guard " + legacy + ": another hook's"
                    + " project differs from '" + project + "' only in case; rename one of them");
        }
    }

    private static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code());
    }

    private static String encodeCursor(Map<String, AttributeValue> key) {
        var node = Json.MAPPER.createObjectNode()
                .put(HookItems.ID, key.get(HookItems.ID).s())
                .put(HookItems.CREATED_KEY, key.get(HookItems.CREATED_KEY).s());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor) {
        if (cursor.length() > Bounds.MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException("cursor is not one this API returned", null);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidCursorException("cursor is not one this API returned", e);
        }
        if (node == null || !node.path(HookItems.ID).isTextual() || !node.path(HookItems.CREATED_KEY).isTextual()
                || node.size() != 2 || !Bounds.isId(node.get(HookItems.ID).asText())
                || node.get(HookItems.CREATED_KEY).asText().length() > Bounds.MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException("cursor is not one this API returned", null);
        }
        return Map.of(HookItems.ID, s(node.get(HookItems.ID).asText()),
                HookItems.CREATED_KEY, s(node.get(HookItems.CREATED_KEY).asText()),
                HookItems.LIST_KEY, s(HookItems.HOOK_LIST));
    }
}
