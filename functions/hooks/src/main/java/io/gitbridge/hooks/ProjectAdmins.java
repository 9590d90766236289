package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the project routes ({@code /projects/{project}/...}): a caller whose JWT, validated by API Gateway's JWT
 * authorizer (or the local runner's front, which plays it), names the project in the configured claim. The function
 * reads the claims from {@code requestContext.authorizer.jwt.claims}; without them (no JWT authorizer on the route,
 * an IAM-signed call) every project route is refused.
 */
final class ProjectAdmins {

    /** The claim read when none is configured. */
    static final String DEFAULT_CLAIM = "gitbridge_projects";
    /** The environment variable that names the claim (the template's JwtProjectsClaim). */
    static final String CLAIM_VARIABLE = "PROJECTS_CLAIM";

    private final String claim;

    /** @param claim the name of the claim that lists the caller's projects */
    ProjectAdmins(String claim) {
        this.claim = claim == null || claim.isBlank() ? DEFAULT_CLAIM : claim.strip();
    }

    static ProjectAdmins fromEnvironment(Map<String, String> environment) {
        return new ProjectAdmins(environment.get(CLAIM_VARIABLE));
    }

    String claim() {
        return claim;
    }

    /**
     * Why the caller may not manage {@code project}'s hook: 401 without JWT claims, 403 when the claims do not name
     * the project; empty when it may.
     */
    Optional<APIGatewayV2HTTPResponse> refusal(APIGatewayV2HTTPEvent event, String project) {
        Map<String, String> claims = claims(event);
        if (claims == null || claims.isEmpty()) {
            return Optional.of(HttpApi.error(401, "unauthorized",
                    "the project routes need a JWT from the platform's identity provider (Authorization: Bearer <JWT>)"));
        }
        if (ProjectGrant.parse(claims.get(claim)).covers(project)) {
            return Optional.empty();
        }
        String subject = claims.get("sub");
        return Optional.of(HttpApi.error(403, "forbidden", (subject == null || subject.isBlank() ? "the caller"
                : Bounds.cut(subject)) + " is not an administrator of project " + Bounds.cut(project)));
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getJwt() == null) {
            return null;
        }
        return event.getRequestContext().getAuthorizer().getJwt().getClaims();
    }
}
