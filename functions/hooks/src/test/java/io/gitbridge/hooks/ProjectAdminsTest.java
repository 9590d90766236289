package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectAdminsTest {

    private final ProjectAdmins admins = new ProjectAdmins(ProjectAdmins.DEFAULT_CLAIM);

    /** An event as API Gateway builds it behind a JWT authorizer: every claim a string. */
    static APIGatewayV2HTTPEvent withClaims(Map<String, String> claims) {
        return APIGatewayV2HTTPEvent.builder().withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                        .build())
                .build()).build();
    }

    @Test
    void refusal_isEmpty_forAnAdministratorOfTheProject_ignoringCase() {
        assertThat(admins.refusal(withClaims(Map.of("sub", "alice", "gitbridge_projects", "[demo app]")), "Demo"))
                .isEmpty();
    }

    @Test
    void refusal_is403_namingTheSubjectAndTheProject_forAnotherProject() throws IOException {
        APIGatewayV2HTTPResponse refused = admins.refusal(
                withClaims(Map.of("sub", "alice", "gitbridge_projects", "[demo]")), "other").orElseThrow();

        assertThat(refused.getStatusCode()).isEqualTo(403);
        JsonNode body = Json.MAPPER.readTree(refused.getBody());
        assertThat(body.get("error").asText()).isEqualTo("forbidden");
        assertThat(body.get("message").asText()).isEqualTo("alice is not an administrator of project other");
    }

    @Test
    void refusal_is403_whenTheClaimIsMissing_andBoundsALongSubject() throws IOException {
        APIGatewayV2HTTPResponse refused = admins.refusal(withClaims(Map.of("sub", "x".repeat(5000))), "demo")
                .orElseThrow();

        assertThat(refused.getStatusCode()).isEqualTo(403);
        String message = Json.MAPPER.readTree(refused.getBody()).get("message").asText();
        assertThat(message).hasSizeLessThan(200).endsWith(" is not an administrator of project demo");
    }

    @Test
    void refusal_is401_withoutJwtClaims() throws IOException {
        APIGatewayV2HTTPEvent iamSigned = APIGatewayV2HTTPEvent.builder()
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().build()).build();

        for (APIGatewayV2HTTPEvent event : new APIGatewayV2HTTPEvent[] {iamSigned, withClaims(Map.of()),
                APIGatewayV2HTTPEvent.builder().build()}) {
            APIGatewayV2HTTPResponse refused = admins.refusal(event, "demo").orElseThrow();
            assertThat(refused.getStatusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(refused.getBody()).get("error").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void refusal_readsTheConfiguredClaim() {
        ProjectAdmins custom = ProjectAdmins.fromEnvironment(Map.of("PROJECTS_CLAIM", "groups"));
        APIGatewayV2HTTPEvent event = withClaims(Map.of("sub", "bob", "groups", "*", "gitbridge_projects", "[]"));

        assertThat(custom.claim()).isEqualTo("groups");
        assertThat(custom.refusal(event, "anything")).isEmpty();
        assertThat(admins.refusal(event, "anything")).isPresent();
        assertThat(ProjectAdmins.fromEnvironment(Map.of()).claim()).isEqualTo("gitbridge_projects");
    }
}
