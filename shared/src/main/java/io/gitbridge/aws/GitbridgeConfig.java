package io.gitbridge.aws;

import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a deployment keeps its hooks, deliveries and sync queue, read once from the environment.
 *
 * @param region the AWS region, always explicit so no client has to discover it
 * @param dynamoDbEndpoint an AWS-compatible endpoint replacing DynamoDB (DynamoDB Local, LocalStack)
 * @param sqsEndpoint an AWS-compatible endpoint replacing SQS (ElasticMQ, LocalStack)
 * @param hooksTable the hooks table name
 * @param deliveriesTable the deliveries table name
 * @param syncQueueUrl the FIFO sync queue URL
 * @param publicBaseUrl the base of webhook URLs, when set; otherwise derived from each request
 * @param allowFileUrls whether {@code file://} repositories are accepted (local runner only)
 * @param deliveryTtl how long delivery records are kept
 * @param tokenKeyId the KMS key that seals hook tokens; only the functions that read or write tokens have one
 * @param kmsEndpoint an AWS-compatible endpoint replacing KMS (LocalStack)
 * @param allowedNetworks the operator's exceptions to the deployed URL rules ({@code ALLOWED_PRIVATE_NETWORKS})
 * @param gitHubAppTable the GitHub App table ({@code GITHUB_APP_TABLE}); empty in deployments from before GitHub App
 *     mode, where that mode is off
 */
public record GitbridgeConfig(
        String region,
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> sqsEndpoint,
        String hooksTable,
        String deliveriesTable,
        String syncQueueUrl,
        Optional<String> publicBaseUrl,
        boolean allowFileUrls,
        Duration deliveryTtl,
        Optional<String> tokenKeyId,
        Optional<URI> kmsEndpoint,
        AllowedNetworks allowedNetworks,
        Optional<String> gitHubAppTable) {

    /** A configuration without a GitHub App table (GitHub App mode off). */
    public GitbridgeConfig(String region, Optional<URI> dynamoDbEndpoint, Optional<URI> sqsEndpoint, String hooksTable,
            String deliveriesTable, String syncQueueUrl, Optional<String> publicBaseUrl, boolean allowFileUrls,
            Duration deliveryTtl, Optional<String> tokenKeyId, Optional<URI> kmsEndpoint,
            AllowedNetworks allowedNetworks) {
        this(region, dynamoDbEndpoint, sqsEndpoint, hooksTable, deliveriesTable, syncQueueUrl, publicBaseUrl,
                allowFileUrls, deliveryTtl, tokenKeyId, kmsEndpoint, allowedNetworks, Optional.empty());
    }

    /** The same configuration with the GitHub App table {@code table}. */
    public GitbridgeConfig withGitHubAppTable(String table) {
        return new GitbridgeConfig(region, dynamoDbEndpoint, sqsEndpoint, hooksTable, deliveriesTable, syncQueueUrl,
                publicBaseUrl, allowFileUrls, deliveryTtl, tokenKeyId, kmsEndpoint, allowedNetworks,
                Optional.of(table));
    }

    /** A configuration without exceptions to the deployed URL rules. */
    public GitbridgeConfig(String region, Optional<URI> dynamoDbEndpoint, Optional<URI> sqsEndpoint, String hooksTable,
            String deliveriesTable, String syncQueueUrl, Optional<String> publicBaseUrl, boolean allowFileUrls,
            Duration deliveryTtl, Optional<String> tokenKeyId, Optional<URI> kmsEndpoint) {
        this(region, dynamoDbEndpoint, sqsEndpoint, hooksTable, deliveriesTable, syncQueueUrl, publicBaseUrl,
                allowFileUrls, deliveryTtl, tokenKeyId, kmsEndpoint, AllowedNetworks.NONE);
    }

    /** The default retention of delivery records. */
    public static final Duration DEFAULT_DELIVERY_TTL = Duration.ofDays(30);

    /** A configuration without a KMS token key, for processes that never touch tokens through KMS. */
    public GitbridgeConfig(String region, Optional<URI> dynamoDbEndpoint, Optional<URI> sqsEndpoint, String hooksTable,
            String deliveriesTable, String syncQueueUrl, Optional<String> publicBaseUrl, boolean allowFileUrls,
            Duration deliveryTtl) {
        this(region, dynamoDbEndpoint, sqsEndpoint, hooksTable, deliveriesTable, syncQueueUrl, publicBaseUrl,
                allowFileUrls, deliveryTtl, Optional.empty(), Optional.empty());
    }

    /**
     * Reads the Lambda environment: {@code AWS_REGION}, {@code HOOKS_TABLE}, {@code DELIVERIES_TABLE},
     * {@code SYNC_QUEUE_URL}, and optionally {@code PUBLIC_BASE_URL}, the endpoints ({@link #endpoint}),
     * {@code DELIVERY_TTL_DAYS}, {@code TOKEN_KEY_ID}, {@code ALLOWED_PRIVATE_NETWORKS} (comma-separated CIDR blocks
     * and host names, see {@link AllowedNetworks}), {@code GITHUB_APP_TABLE}. Deployed functions never accept {@code file://} repositories.
     *
     * @throws IllegalStateException naming the variable that is missing or invalid
     */
    public static GitbridgeConfig fromEnvironment(Map<String, String> env) {
        return new GitbridgeConfig(
                required(env, "AWS_REGION"),
                endpoint(env, "DYNAMODB"),
                endpoint(env, "SQS"),
                required(env, "HOOKS_TABLE"),
                required(env, "DELIVERIES_TABLE"),
                required(env, "SYNC_QUEUE_URL"),
                optional(env, "PUBLIC_BASE_URL").map(GitbridgeConfig::withoutTrailingSlash),
                false,
                optional(env, "DELIVERY_TTL_DAYS").map(GitbridgeConfig::days).orElse(DEFAULT_DELIVERY_TTL),
                optional(env, "TOKEN_KEY_ID"),
                endpoint(env, "KMS"),
                allowedNetworks(env.get("ALLOWED_PRIVATE_NETWORKS")),
                optional(env, "GITHUB_APP_TABLE"));
    }

    /**
     * Where hooks may point: the local runner's rules when file URLs are allowed, else the deployed rules with the
     * operator's exceptions; names resolve with the system resolver.
     */
    public UrlPolicy urlPolicy() {
        return allowFileUrls ? UrlPolicy.local(HostResolver.SYSTEM)
                : UrlPolicy.deployed(allowedNetworks, HostResolver.SYSTEM);
    }

    /**
     * The endpoint replacing one AWS service, for local stand-ins: {@code GITBRIDGE_AWS_ENDPOINT} (every service; like
     * an endpoint set in code, it wins), else the AWS SDKs' service-specific variable
     * {@code AWS_ENDPOINT_URL_<SERVICE>} ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS},
     * {@code AWS_ENDPOINT_URL_KMS}), else their global {@code AWS_ENDPOINT_URL}; the two {@code AWS_} ones are not
     * read when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is {@code true}, as the SDKs do (AWS SDKs and Tools
     * Reference Guide, "Service-specific endpoints"). Empty when none is set: the service's own endpoint.
     *
     * @param service the service's identifier as the SDKs spell it in the variable, e.g. {@code DYNAMODB}
     * @throws IllegalStateException naming the variable whose value is not an absolute http(s) URL
     */
    public static Optional<URI> endpoint(Map<String, String> env, String service) {
        List<String> names = "true".equalsIgnoreCase(optional(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").orElse(""))
                ? List.of("GITBRIDGE_AWS_ENDPOINT")
                : List.of("GITBRIDGE_AWS_ENDPOINT", "AWS_ENDPOINT_URL_" + service, "AWS_ENDPOINT_URL");
        for (String name : names) {
            Optional<String> value = optional(env, name);
            if (value.isPresent()) {
                return Optional.of(endpointUrl(name, value.get()));
            }
        }
        return Optional.empty();
    }

    private static URI endpointUrl(String name, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(name + " is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalStateException(name + " is not an http(s) URL with a host");
        }
        return uri;
    }

    private static AllowedNetworks allowedNetworks(String value) {
        try {
            return AllowedNetworks.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ALLOWED_PRIVATE_NETWORKS is not a list of CIDR blocks and host names: "
                    + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Duration days(String value) {
        try {
            return Duration.ofDays(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("DELIVERY_TTL_DAYS is not a whole number of days: " + value, e);
        }
    }

    /** The URL without a trailing slash, so paths can be appended. */
    public static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
