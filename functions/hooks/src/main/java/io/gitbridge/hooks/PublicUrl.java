package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.gitbridge.http.HttpApi;
import java.util.Optional;

/**
 * The deployment's public base URL, which webhook URLs start with: the configured one, or else the
 * address the request came in on (API Gateway's domain and stage).
 */
public final class PublicUrl {

    private final Optional<String> configured;

    public PublicUrl(Optional<String> configured) {
        this.configured = configured;
    }

    /** The base URL, without a trailing slash. */
    public String of(APIGatewayV2HTTPEvent event) {
        if (configured.isPresent()) {
            return configured.get();
        }
        var headers = HttpApi.headers(event);
        String scheme = headers.getOrDefault("x-forwarded-proto", "https");
        var context = event.getRequestContext();
        String host = context != null && context.getDomainName() != null ? context.getDomainName() : headers.get("host");
        String stage = context == null ? null : context.getStage();
        return scheme + "://" + host + (stage == null || stage.equals("$default") ? "" : "/" + stage);
    }
}
