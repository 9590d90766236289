package io.gitbridge.crypto;

import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** A real KMS client of the test environment that counts the calls it makes, by operation. */
public final class CountingKms implements ExecutionInterceptor {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final KmsClient client;

    public CountingKms(AwsTestEnvironment aws) {
        this.client = KmsClient.builder()
                .endpointOverride(aws.kmsEndpoint())
                .region(aws.region())
                .credentialsProvider(aws.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(this))
                .build();
    }

    /** The client whose calls are counted. */
    public KmsClient client() {
        return client;
    }

    /** How many calls of this operation ({@code "GenerateDataKey"}, {@code "Decrypt"}) were made. */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Forgets the calls counted so far. */
    public void reset() {
        calls.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replaceFirst("Request$", "");
        calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    }
}
