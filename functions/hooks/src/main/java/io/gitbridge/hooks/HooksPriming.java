package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Resource;

/**
 * Runs what the hooks function's first requests run, without their side effects, before a SnapStart snapshot (an
 * {@code org.crac} {@link Resource}): through the handler itself, a read of a hook no hook can have (404), one page of
 * one hook of the list (200), that missing hook's deliveries (404) and a creation the validator refuses (422), so that
 * routing, the DynamoDB client's first calls, JSON reading and writing and hook validation are loaded in the snapshot
 * instead of on the first admin request after a restore. Every request either only reads or is refused before a store
 * is asked to write; none makes a network call beyond the stores (the refused creation's URLs are IP literals, and its
 * {@code register} is not a boolean). A failure is logged and ends nothing: priming only warms.
 */
final class HooksPriming implements Resource {

    /** An id no hook has (ids are {@code hk_} and 26 lower-case letters or digits). */
    static final String NO_SUCH_HOOK = "hk_PRIMING-no-such-hook";
    /** The requests, in order, with the status each is expected to get. */
    static final List<Request> REQUESTS = List.of(
            new Request("GET", "/hooks/" + NO_SUCH_HOOK, Map.of(), null, 404),
            new Request("GET", "/hooks", Map.of("limit", "1"), null, 200),
            new Request("GET", "/hooks/" + NO_SUCH_HOOK + "/deliveries", Map.of("limit", "1"), null, 404),
            new Request("POST", "/hooks", Map.of(), """
                    {"project": "priming", "provider": "github", "sourceRepo": "https://127.0.0.1/priming.git",
                     "branch": "main", "secret": "priming-secret-not-used-0123456789",
                     "buildRepo": "https://127.0.0.1/priming-build.git", "events": {"push": true, "ci": false},
                     "register": "not a boolean"}""", 422));
    private static final Logger LOG = System.getLogger(HooksPriming.class.getName());

    /** One priming request and the status it should be answered with. */
    record Request(String method, String path, Map<String, String> query, String body, int expectedStatus) {
    }

    /** What one priming did: each request with the status it got, and what failed. */
    record Result(List<String> answers, List<String> failures) {
    }

    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

    /** @param handler the handler's request path, e.g. {@code event -> handler.handleRequest(event, null)} */
    HooksPriming(Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.handler = handler;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Result result = prime();
        LOG.log(Level.INFO, "primed before the snapshot: {0}, failures: {1}", result.answers(), result.failures());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the SDK clients reopen connections the snapshot could not keep.
    }

    /** Primes once; never throws. A request answered other than expected is a failure (and wrote nothing). */
    Result prime() {
        List<String> answers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Request request : REQUESTS) {
            String name = request.method() + " " + request.path();
            try {
                int status = handler.apply(event(request)).getStatusCode();
                answers.add(name + ": " + status);
                if (status != request.expectedStatus()) {
                    failures.add(name + ": answered " + status + ", expected " + request.expectedStatus());
                }
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        }
        return new Result(answers, failures);
    }

    private static APIGatewayV2HTTPEvent event(Request request) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(request.path())
                .withHeaders(Map.of("content-type", "application/json", "x-forwarded-proto", "https"))
                .withQueryStringParameters(request.query())
                .withBody(request.body())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("priming.execute-api.us-east-1.amazonaws.com")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method()).build())
                        .build())
                .build();
    }
}
