package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One admin route: a method and a path template such as {@code /hooks/{id}/deliveries/{deliveryId}/redeliver}
 * whose parameters, one path segment each, are handed to the action.
 */
record Route(String method, String template, Pattern path, List<String> names, Action action) {

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

    /** What a route does with a request and its path parameters, by name. */
    @FunctionalInterface
    interface Action {
        APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event, Map<String, String> parameters);
    }

    /** A route with at most one parameter, handed to the action as a string (empty for templates without one). */
    static Route of(String method, String template, BiFunction<APIGatewayV2HTTPEvent, String, APIGatewayV2HTTPResponse> action) {
        Route route = withParameters(method, template, (event, parameters) ->
                action.apply(event, parameters.isEmpty() ? "" : parameters.values().iterator().next()));
        if (route.names().size() > 1) {
            throw new IllegalArgumentException(template + " has several parameters; use withParameters");
        }
        return route;
    }

    /** A route with any number of parameters, handed to the action by name. */
    static Route withParameters(String method, String template, Action action) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int literal = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(literal, parameter.start()))).append("([^/]+)");
            names.add(parameter.group(1));
            literal = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(literal)));
        return new Route(method, template, Pattern.compile(regex.toString()), List.copyOf(names), action);
    }

    /** The path parameters, percent-decoded, when the path matches. */
    Optional<Map<String, String>> match(String rawPath) {
        Matcher matcher = path.matcher(rawPath);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), decode(matcher.group(i + 1)));
        }
        return Optional.of(parameters);
    }

    /** A path segment without its percent-encoding; '+' stays a plus, as it does in paths. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
