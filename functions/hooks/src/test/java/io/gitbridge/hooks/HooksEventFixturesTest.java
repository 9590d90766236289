package io.gitbridge.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

/**
 * The hooks-function events in {@code events/hooks/}, read as the Lambda runtime reads them: the authorizer context
 * API Gateway adds for an operator (IAM) and for a project administrator (JWT) is where the function finds it.
 */
class HooksEventFixturesTest {

    @Test
    void iamEvents_carryTheOperatorsIdentity_asApiGatewayPassesIt() throws Exception {
        for (String fixture : new String[] {"hooks/list_hooks.iam.json", "hooks/create_hook.iam.json",
                "hooks/get_hook.iam.json"}) {
            APIGatewayV2HTTPEvent event = HooksEventFixturesIT.event(fixture);
            APIGatewayV2HTTPEvent.RequestContext.IAM iam = event.getRequestContext().getAuthorizer().getIam();
            assertThat(iam.getUserArn()).as(fixture)
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/gitbridge-operator/operator@example.com");
            assertThat(iam.getAccountId()).as(fixture).isEqualTo("123456789012");
            assertThat(event.getRequestContext().getAuthorizer().getJwt()).as(fixture).isNull();
            assertThat(event.getRouteKey()).as(fixture).isEqualTo(event.getRequestContext().getRouteKey());
        }
    }

    @Test
    void jwtEvents_carryTheProjectsClaim_asAStringTheWayApiGatewayGivesIt() throws Exception {
        for (String fixture : new String[] {"hooks/get_project_hook.jwt.json", "hooks/create_project_hook.jwt.json"}) {
            APIGatewayV2HTTPEvent event = HooksEventFixturesIT.event(fixture);
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = event.getRequestContext().getAuthorizer();
            assertThat(authorizer.getIam()).as(fixture).isNull();
            assertThat(authorizer.getJwt().getClaims()).as(fixture).containsEntry("gitbridge_projects", "[demo]")
                    .containsEntry("iss", "https://id.platform.example/realms/platform")
                    .containsEntry("aud", "gitbridge");
            assertThat(authorizer.getJwt().getScopes()).as(fixture).containsExactly("openid", "gitbridge");
            assertThat(event.getPathParameters()).as(fixture).containsEntry("project", "demo");
        }
    }
}
