package io.gitbridge.aws;

import static io.gitbridge.aws.HookItems.s;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookRepository;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.hook.ProjectTakenException;
import io.gitbridge.json.Json;
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
 * transaction as the hook, so two concurrent creates for a project cannot both succeed.
 */
public final class DynamoHookRepository implements HookRepository {

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoHookRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void create(Hook hook) {
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(HookItems.toItem(hook))
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
        if (id.startsWith("project#")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(HookItems.key(id))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(HookItems.fromItem(item));
    }

    @Override
    public boolean update(Hook previous, Hook updated) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> {
            Map<String, AttributeValue> values = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            List<String> set = new ArrayList<>();
            List<String> remove = new ArrayList<>();
            HookItems.adminFields(updated).forEach((field, value) -> {
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
        boolean projectChanges = !previous.project().equals(updated.project());
        if (projectChanges) {
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(HookItems.key(HookItems.guardId(previous.project())))
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
        Optional<Hook> hook = find(id);
        if (hook.isEmpty()) {
            return false;
        }
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(HookItems.key(id))
                            .conditionExpression("attribute_exists(id)")).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table)
                            .key(HookItems.key(HookItems.guardId(hook.get().project())))
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
        return find(id).map(hook -> {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(HookItems.key(id))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table)
                            .key(HookItems.key(HookItems.guardId(hook.project())))).build()));
            return true;
        }).orElse(false);
    }

    @Override
    public Page<Hook> list(int limit, String cursor) {
        QueryResponse response = dynamoDb.query(q -> {
            q.tableName(table).indexName(HookItems.BY_CREATED)
                    .keyConditionExpression("listKey = :hook")
                    .expressionAttributeValues(Map.of(":hook", s(HookItems.HOOK_LIST)))
                    .limit(limit);
            if (cursor != null) {
                q.exclusiveStartKey(decodeCursor(cursor));
            }
        });
        List<Hook> hooks = response.items().stream().map(HookItems::fromItem).toList();
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new Page<>(hooks, more ? encodeCursor(response.lastEvaluatedKey()) : null);
    }

    @Override
    public void recordSync(String id, LastSync outcome) {
        boolean failed = outcome.status() == LastSync.Status.FAILED;
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(HookItems.key(id))
                    .updateExpression(failed
                            ? "SET lastSync = :sync ADD consecutiveFailures :one"
                            : "SET lastSync = :sync, consecutiveFailures = :zero")
                    .conditionExpression("attribute_exists(id)")
                    .expressionAttributeValues(Map.of(":sync", HookItems.lastSync(outcome),
                            failed ? ":one" : ":zero", AttributeValue.fromN(failed ? "1" : "0"))));
        } catch (ConditionalCheckFailedException e) {
            // The hook was deleted while its sync ran: there is nothing left to record on.
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
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidCursorException("cursor is not one this API returned", e);
        }
        if (node == null || !node.path(HookItems.ID).isTextual() || !node.path(HookItems.CREATED_KEY).isTextual()
                || node.size() != 2) {
            throw new InvalidCursorException("cursor is not one this API returned", null);
        }
        return Map.of(HookItems.ID, s(node.get(HookItems.ID).asText()),
                HookItems.CREATED_KEY, s(node.get(HookItems.CREATED_KEY).asText()),
                HookItems.LIST_KEY, s(HookItems.HOOK_LIST));
    }
}
