package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** What the admin API's handler tests share: the request context API Gateway gives an HTTP API request. */
final class AdminEvents {

    /** The API's default execute-api domain, as webhook URLs derived from requests name it. */
    static final String DOMAIN = "abc123defg.execute-api.eu-west-1.amazonaws.com";

    private AdminEvents() {
    }

    /** The request context of a {@code method} request to the {@code $default} stage of {@link #DOMAIN}. */
    static APIGatewayV2HTTPEvent.RequestContext requestContext(String method) {
        return APIGatewayV2HTTPEvent.RequestContext.builder()
                .withDomainName(DOMAIN)
                .withStage("$default")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                .build();
    }
}
