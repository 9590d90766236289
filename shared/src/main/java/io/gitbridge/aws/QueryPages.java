package io.gitbridge.aws;

import io.gitbridge.hook.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One page of a DynamoDB query whose cursor is given only when more items follow: it reads one item past the page
 * (DynamoDB's own LastEvaluatedKey is also set when a page ends exactly at the last item, and a filter or the 1 MB read
 * limit can end a query early), and the cursor is the key of the page's last item.
 */
final class QueryPages {

    private QueryPages() {
    }

    /**
     * @param query runs the query from a start key (null: the beginning) reading at most the given number of items
     * @param limit the page size, at least 1
     * @param start the start key the caller's cursor stands for, or null
     * @param cursorOf the cursor for the item the next page starts after
     */
    static <T> Page<T> page(BiFunction<Map<String, AttributeValue>, Integer, QueryResponse> query, int limit,
            Map<String, AttributeValue> start, Function<Map<String, AttributeValue>, T> itemOf,
            Function<Map<String, AttributeValue>, String> cursorOf) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = start;
        do {
            QueryResponse response = query.apply(from, limit + 1 - items.size());
            items.addAll(response.items());
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (items.size() <= limit && from != null);
        boolean more = items.size() > limit;
        List<Map<String, AttributeValue>> page = more ? items.subList(0, limit) : items;
        return new Page<>(page.stream().map(itemOf).toList(), more ? cursorOf.apply(page.get(limit - 1)) : null);
    }
}
