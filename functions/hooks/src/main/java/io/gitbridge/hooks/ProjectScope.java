package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.hook.ValidationException;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import java.util.Map;

/** What keeps a project route ({@code /projects/{project}/hook...}) to the project in its path. */
final class ProjectScope {

    private ProjectScope() {
    }

    /**
     * A body whose {@code project}, when given, is the path's (a change of case alone is allowed): a project's
     * administrator cannot move its hook to another project. Left out, it becomes {@code absent} (when not null).
     *
     * @throws ValidationException naming {@code project} when the body names another project
     */
    static JsonNode body(JsonNode body, String project, String absent) {
        JsonNode given = body.get("project");
        if (given == null) {
            if (absent != null) {
                ((ObjectNode) body).put("project", absent);
            }
            return body;
        }
        if (!given.isTextual() || !given.asText().equalsIgnoreCase(project)) {
            throw new ValidationException(Map.of("project", "must be " + Bounds.cut(project)
                    + ", the project in the path, or be left out"));
        }
        return body;
    }

    /** The 404 for a project without hook (or a name no project can have). */
    static APIGatewayV2HTTPResponse noHook(String project) {
        return HttpApi.error(404, "not_found", "project " + Bounds.cut(project) + " has no hook");
    }
}
