package io.gitbridge.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Merge Patch (RFC 7396) of a hook, turned into the full replacement body a {@code PUT} would send: the patch
 * is merged into the stored hook's admin-set fields, so that the result is validated exactly like a {@code PUT}.
 * Write-only fields ({@code secret}, {@code token}, {@code buildToken}) are never read back, so they pass through as
 * the patch gives them: a value sets, {@code null} removes a token, left out keeps. {@code register} passes through
 * too, and so does {@code auth} (left out, the stored mode stays: see {@link HookService#update}), and so does any
 * other name, which the validator then refuses as read-only or unknown.
 */
final class HookPatch {

    /** The stored fields a patch merges into: what a {@code PUT} body holds, less the write-only ones. */
    private static final Set<String> MERGED = Set.of("project", "provider", "sourceRepo", "branch", "events",
            "buildRepo", "buildBranch", "apiUrl", "mergeMode");

    private HookPatch() {
    }

    /**
     * The {@code PUT} body equivalent to applying {@code patch} to {@code stored}.
     *
     * @param patch a JSON object (the handler refuses anything else before)
     */
    static ObjectNode apply(Hook stored, JsonNode patch) {
        ObjectNode target = HookJson.render(stored, "");
        target.retain(MERGED);
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!MERGED.contains(field.getKey())) {
                target.set(field.getKey(), field.getValue());
            } else {
                merge(target, field.getKey(), field.getValue());
            }
        }
        return target;
    }

    /** RFC 7396 section 2, for one member of an object. */
    private static void merge(ObjectNode target, String name, JsonNode value) {
        if (value.isNull()) {
            target.remove(name);
        } else if (value.isObject()) {
            JsonNode current = target.get(name);
            ObjectNode merged = current != null && current.isObject() ? (ObjectNode) current
                    : target.putObject(name);
            target.set(name, merged);
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                merge(merged, field.getKey(), field.getValue());
            }
        } else {
            target.set(name, value);
        }
    }
}
