package io.gitbridge.sync.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link ObjectStore} in an S3 bucket. The client is built once per process the way {@code AwsClients} builds the
 * others for a Lambda cold start: explicit region, the JDK's URL connection client, credentials from the environment
 * without a provider-chain search, explicit call and attempt timeouts and at most three attempts. SDK exceptions are
 * translated here into {@link StoreException}s that keep them as cause.
 */
public final class S3ObjectStore implements ObjectStore {

    /** A pack of a big repository takes a while; a stalled transfer still ends within these. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_ATTEMPTS = 3;
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;

    /** Uses {@code s3} (closed by the caller) on {@code bucket}. */
    public S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** A client for the settings' bucket, region and endpoint (path-style when an endpoint is given). */
    public static S3ObjectStore create(StoreSettings settings) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS).build())
                        .build())
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .credentialsProvider(credentials(settings.endpoint().isPresent()));
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return new S3ObjectStore(builder.build(), settings.bucket());
    }

    @Override
    public Optional<byte[]> read(String key, long maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                in.abort();
                throw new StoreException(key + " holds " + length + " bytes, more than " + maxBytes, null);
            }
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw new StoreException(key + " holds more than " + maxBytes + " bytes", null);
            }
            return Optional.of(bytes);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException | IOException e) {
            throw new StoreException("cannot read " + key + " from bucket " + bucket, e);
        }
    }

    @Override
    public boolean copyTo(String key, OutputStream out) {
        return copy(key, null, out);
    }

    @Override
    public boolean copyRangeTo(String key, long from, long to, OutputStream out) {
        return copy(key, "bytes=" + from + "-" + to, out);
    }

    private boolean copy(String key, String range, OutputStream out) {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key).range(range))) {
            in.transferTo(out);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException | IOException e) {
            throw new StoreException("cannot read " + key + " from bucket " + bucket, e);
        }
    }

    @Override
    public void write(String key, byte[] bytes) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new StoreException("cannot write " + key + " to bucket " + bucket, e);
        }
    }

    @Override
    public void write(String key, Path file) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new StoreException("cannot write " + key + " to bucket " + bucket, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).forEach(keys::add);
            return keys;
        } catch (SdkException e) {
            throw new StoreException("cannot list " + prefix + " in bucket " + bucket, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        List<ObjectIdentifier> all = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        try {
            for (int from = 0; from < all.size(); from += DELETE_BATCH) {
                List<ObjectIdentifier> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
                var response = s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(Delete.builder().objects(batch).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    throw new StoreException("cannot delete " + response.errors().size() + " object(s) from bucket "
                            + bucket + ", e.g. " + response.errors().get(0).key() + ": "
                            + response.errors().get(0).code(), null);
                }
            }
        } catch (SdkException e) {
            throw new StoreException("cannot delete objects from bucket " + bucket, e);
        }
    }

    private static AwsCredentialsProvider credentials(boolean localEndpoint) {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        if (localEndpoint) {
            // An S3-compatible server of a developer's machine; such servers take any or configured keys.
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("gitbridge", "gitbridge"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
