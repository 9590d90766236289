package io.gitbridge.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * One fresh process of {@code bench/firstadmin.sh}: constructs the hooks function's handler as Lambda does (no-arg
 * constructor, the environment), primes it as SnapStart would before the snapshot when the first argument is
 * {@code primed} (its {@code HooksPriming}, reached by reflection), then times one admin request, {@code GET
 * /hooks/<the stores' hook>}, as the first request after a restore. Prints {@code firstadmin <status> <wall ms of the
 * request> <CPU ms of the request's thread>}.
 */
public final class FirstAdminRequest {

    private FirstAdminRequest() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName("io.gitbridge.hooks.HooksHandler");
        Object handler = type.getConstructor().newInstance();
        if (args.length > 0 && args[0].equals("primed")) {
            Method priming = type.getDeclaredMethod("priming");
            priming.setAccessible(true);
            Object resource = priming.invoke(handler);
            Method prime = resource.getClass().getDeclaredMethod("prime");
            prime.setAccessible(true);
            Object result = prime.invoke(resource);
            System.err.println("primed: " + result);
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/hooks/" + LocalStores.HOOK_ID)
                .withHeaders(Map.of("x-forwarded-proto", "https"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("bench.execute-api.us-east-1.amazonaws.com").withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build();
        Method handle = type.getMethod("handleRequest", APIGatewayV2HTTPEvent.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        Object response = handle.invoke(handler, event, null);
        long wall = System.nanoTime() - started;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        int status = (Integer) response.getClass().getMethod("getStatusCode").invoke(response);
        System.out.printf(java.util.Locale.ROOT, "firstadmin %d %.1f %.1f%n", status, wall / 1e6, cpu / 1e6);
    }
}
