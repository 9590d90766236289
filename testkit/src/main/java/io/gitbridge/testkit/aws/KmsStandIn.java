package io.gitbridge.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for AWS KMS inside the test JVM, for the embedded test environment, where no KMS runs. It speaks
 * KMS's JSON protocol for the operations gitbridge uses ({@code CreateKey}, {@code GenerateDataKey},
 * {@code Encrypt}, {@code Decrypt}) with KMS's rules for them: symmetric keys that never leave it, ciphertext blobs
 * bound to their key and encryption context, {@code InvalidCiphertextException} when either differs, and
 * {@code IncorrectKeyException} when {@code Decrypt} names another key. It is no KMS: no policies, grants, aliases
 * or rotation; LocalStack mode tests against LocalStack's KMS instead.
 */
final class KmsStandIn implements AutoCloseable {

    private static final String ACCOUNT_ID = "000000000000";
    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_ID_BYTES = 16;
    private static final int IV_BYTES = 12;

    private final HttpServer server;
    private final Map<UUID, SecretKey> keys = new ConcurrentHashMap<>();

    private KmsStandIn(HttpServer server) {
        this.server = server;
    }

    /** Starts the stand-in on a free port of 127.0.0.1. */
    static KmsStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            KmsStandIn kms = new KmsStandIn(server);
            server.createContext("/", kms::handle);
            server.start();
            return kms;
        } catch (IOException e) {
            throw new IllegalStateException("the KMS stand-in could not start", e);
        }
    }

    /** The endpoint KMS clients must use. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            try {
                ObjectNode response = switch (target == null ? "" : target) {
                    case "TrentService.CreateKey" -> createKey();
                    case "TrentService.GenerateDataKey" -> generateDataKey(request);
                    case "TrentService.Encrypt" -> encrypt(request);
                    case "TrentService.Decrypt" -> decrypt(request);
                    default -> throw new KmsError("UnsupportedOperationException",
                            "the KMS stand-in does not implement " + target);
                };
                respond(exchange, 200, response);
            } catch (KmsError e) {
                exchange.getResponseHeaders().add("X-Amzn-ErrorType", e.type);
                respond(exchange, 400, JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage()));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ObjectNode createKey() {
        UUID id = UUID.randomUUID();
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        keys.put(id, new SecretKeySpec(material, "AES"));
        ObjectNode response = JSON.createObjectNode();
        response.putObject("KeyMetadata")
                .put("KeyId", id.toString())
                .put("Arn", arn(id))
                .put("AWSAccountId", ACCOUNT_ID)
                .put("Enabled", true)
                .put("KeyState", "Enabled")
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put("KeySpec", "SYMMETRIC_DEFAULT")
                .put("CreationDate", System.currentTimeMillis() / 1000.0);
        return response;
    }

    private ObjectNode generateDataKey(JsonNode request) {
        UUID id = keyId(request.path("KeyId").asText(null));
        int size = request.has("NumberOfBytes") ? request.get("NumberOfBytes").asInt()
                : "AES_128".equals(request.path("KeySpec").asText()) ? 16 : 32;
        byte[] plaintext = new byte[size];
        RANDOM.nextBytes(plaintext);
        return JSON.createObjectNode()
                .put("KeyId", arn(id))
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(
                        seal(id, plaintext, request.path("EncryptionContext"))));
    }

    private ObjectNode encrypt(JsonNode request) {
        UUID id = keyId(request.path("KeyId").asText(null));
        byte[] plaintext = Base64.getDecoder().decode(request.path("Plaintext").asText());
        return JSON.createObjectNode()
                .put("KeyId", arn(id))
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(
                        seal(id, plaintext, request.path("EncryptionContext"))));
    }

    private ObjectNode decrypt(JsonNode request) {
        byte[] blob = Base64.getDecoder().decode(request.path("CiphertextBlob").asText());
        if (blob.length < KEY_ID_BYTES + IV_BYTES + 16) {
            throw new KmsError("InvalidCiphertextException", "the ciphertext is too short");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new KmsError("InvalidCiphertextException", "the ciphertext refers to no key of this account");
        }
        if (request.hasNonNull("KeyId") && !keyId(request.get("KeyId").asText()).equals(id)) {
            throw new KmsError("IncorrectKeyException", "the ciphertext was not encrypted under the requested key");
        }
        byte[] iv = new byte[IV_BYTES];
        buffer.get(iv);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(context(request.path("EncryptionContext")));
            return JSON.createObjectNode()
                    .put("KeyId", arn(id))
                    .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                    .put("Plaintext", Base64.getEncoder().encodeToString(cipher.doFinal(ciphertext)));
        } catch (AEADBadTagException e) {
            throw new KmsError("InvalidCiphertextException", "the ciphertext or encryption context does not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] seal(UUID id, byte[] plaintext, JsonNode encryptionContext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(id), new GCMParameterSpec(128, iv));
            cipher.updateAAD(context(encryptionContext));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(KEY_ID_BYTES + IV_BYTES + ciphertext.length)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                    .put(iv).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private UUID keyId(String keyId) {
        if (keyId == null) {
            throw new KmsError("ValidationException", "KeyId is required");
        }
        String prefix = "arn:aws:kms:" + REGION + ":" + ACCOUNT_ID + ":key/";
        String bare = keyId.startsWith(prefix) ? keyId.substring(prefix.length()) : keyId;
        try {
            UUID id = UUID.fromString(bare);
            if (keys.containsKey(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new KmsError("NotFoundException", "Key '" + keyId + "' does not exist");
    }

    private static String arn(UUID id) {
        return "arn:aws:kms:" + REGION + ":" + ACCOUNT_ID + ":key/" + id;
    }

    /** The encryption context as additional data: its entries sorted by name, each part length-prefixed. */
    private static byte[] context(JsonNode encryptionContext) {
        Map<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = encryptionContext.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            sorted.put(field.getKey(), field.getValue().asText());
        }
        StringBuilder canonical = new StringBuilder();
        sorted.forEach((name, value) -> canonical.append(name.length()).append(':').append(name)
                .append(value.length()).append(':').append(value));
        return canonical.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class KmsError extends RuntimeException {
        private final String type;

        KmsError(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
