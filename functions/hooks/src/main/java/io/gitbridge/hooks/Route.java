package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One admin route: a method and a path template such as {@code /hooks/{id}} whose single parameter is
 * handed to the action.
 */
record Route(String method, String template, Pattern path, BiFunction<APIGatewayV2HTTPEvent, String, APIGatewayV2HTTPResponse> action) {

    static Route of(String method, String template, BiFunction<APIGatewayV2HTTPEvent, String, APIGatewayV2HTTPResponse> action) {
        String regex = template.replaceAll("\\{[a-zA-Z]+}", "([^/]+)");
        return new Route(method, template, Pattern.compile(regex), action);
    }

    /** The path parameter when the path matches (empty string for templates without one). */
    Optional<String> match(String rawPath) {
        Matcher matcher = path.matcher(rawPath);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(matcher.groupCount() == 0 ? "" : matcher.group(1));
    }
}
