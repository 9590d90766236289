package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.aws.AwsClients;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import io.gitbridge.testkit.git.GitRepos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The bad-input corpus (issue 8): several hundred requests generated below, each sent to the local runner over a
 * real socket as raw HTTP/1.1 bytes (so repeated headers, malformed request lines and chunked bodies are sent
 * exactly as written). Every case asserts the exact status, a JSON body whose {@code error} is the expected code,
 * and that nothing was stored: the hooks table is unchanged, the deliveries table holds only bounded
 * {@code rejected} entries, and the sync queue is empty.
 *
 * <p>Cases about what a provider's payload may contain (trailing content, wrong types, non-finite numbers inside
 * signed JSON) are judged by the providers' strict parsing and kept in a list of their own; see
 * {@link #providerContent_getsItsExactStatus_andIsLoggedBounded()}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusIT {

    private static final String ADMIN_TOKEN = "corpus-admin-token-0123456789";
    private static final String SECRET = "corpus-webhook-secret-0123456789";
    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String UNKNOWN_HOOK = "hk_zzzzzzzzzzzzzzzzzzzzzzzzzz";
    /** Providers that send the delivery id in a header the receiver bounds (GitFlic derives it from the body). */
    private static final List<String> HEADER_DELIVERY_IDS = List.of("github", "gitlab", "gitea", "gogs", "bitbucket",
            "bitbucket-server");
    /** Stored strings longer than this would mean an input reached the log unbounded. */
    private static final int MAX_STORED_STRING = 1000;

    @TempDir
    static Path tmp;
    private static LocalRunner runner;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static final Map<String, String> HOOKS = new LinkedHashMap<>();
    private static List<Map<String, AttributeValue>> storedHooks;

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
        dynamoDb = AwsClients.dynamoDb(runner.config());
        sqs = AwsClients.sqs(runner.config());
        for (String provider : Deliveries.providers()) {
            HOOKS.put(provider, createHook(provider, provider));
        }
        HOOKS.put("content", createHook("github", "content"));
        storedHooks = scan(LocalRunner.HOOKS_TABLE);
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
        sqs.close();
        runner.close();
    }

    @Test
    @Order(1)
    void corpus_hasAtLeast300Cases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(300);
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> everyBadRequest_getsItsExactStatus_aJsonError_andStoresNothing() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws IOException {
        Answer answer = exchange(c);

        assertThat(answer.status()).as("%s → %s", c.name(), answer.body()).isEqualTo(c.status());
        JsonNode body = Json.MAPPER.readTree(answer.body());
        assertThat(body).as(c.name() + " answers a JSON object: " + answer.body()).isNotNull();
        assertThat(body.isObject()).as(answer.body()).isTrue();
        assertThat(body.path("error").asText()).as("%s → %s", c.name(), answer.body()).isEqualTo(c.error());
        if (c.mentions() != null) {
            assertThat(body.path("message").asText()).as(c.name()).contains(c.mentions());
        }
        assertThat(answer.body().length()).as("the answer echoes a bounded prefix of the input").isLessThan(2000);
        assertNothingStored(c.name());
    }

    private static void assertNothingStored(String name) {
        assertThat(scan(LocalRunner.HOOKS_TABLE)).as(name + ": hooks table unchanged")
                .containsExactlyInAnyOrderElementsOf(storedHooks);
        for (Map<String, AttributeValue> entry : scan(LocalRunner.DELIVERIES_TABLE)) {
            assertThat(entry.get("outcome").s()).as(name + ": only refusals are logged").isEqualTo("rejected");
            entry.values().stream().filter(v -> v.s() != null)
                    .forEach(v -> assertThat(v.s().length()).as(name + ": stored strings are bounded")
                            .isLessThan(MAX_STORED_STRING));
        }
        Map<QueueAttributeName, String> queue = sqs.getQueueAttributes(a -> a.queueUrl(runner.config().syncQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        assertThat(queue.values()).as(name + ": nothing queued").containsOnly("0");
    }

    // ---------------------------------------------------------------------------------------------- the corpus

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        overLongAndMalformedIds(cases);
        deliveryHeaders(cases);
        contentEncodings(cases);
        webhookBodies(cases);
        adminBodies(cases);
        cursorsAndLimits(cases);
        routesAndMethods(cases);
        adminAuthorization(cases);
        malformedHttp(cases);
        return cases;
    }

    /** Ids in every path position: too long, with bytes no id has, or well-formed but unknown: 404. */
    private static void overLongAndMalformedIds(List<Case> cases) {
        List<String> ids = new ArrayList<>();
        for (int length : new int[] {129, 300, 1025, 2049, 4097}) {
            ids.add("h".repeat(length));
        }
        ids.addAll(List.of("hk%20space", "hk_%E2%80%AEevil", "hk_%C3%A9", "hk_%22%3C%3E", UNKNOWN_HOOK));
        idsInEveryPosition(cases, ids, 404, "not_found");
        // Bytes Jetty's URI compliance refuses before any route sees the path: 400.
        idsInEveryPosition(cases, List.of("hk_%00abc", "hk_%0Aabc", "hk_%FF%FE", "hk_%C0%AF", "hk_%7F"), 400, "bad_request");
    }

    private static void idsInEveryPosition(List<Case> cases, List<String> ids, int status, String error) {
        String github = HOOKS.get("github");
        for (String id : ids) {
            String label = id.length() > 40 ? id.length() + " chars" : id;
            cases.add(webhook("POST /webhooks/<" + label + ">", id, signedPush("github", "d-" + label.hashCode()),
                    status, error));
            cases.add(admin("GET /hooks/<" + label + ">", "GET", "/hooks/" + id, null, status, error));
            cases.add(admin("PUT /hooks/<" + label + ">", "PUT", "/hooks/" + id, "{\"branch\":\"main\"}", status, error));
            cases.add(admin("DELETE /hooks/<" + label + ">", "DELETE", "/hooks/" + id, null, status, error));
            cases.add(admin("GET /hooks/<" + label + ">/deliveries", "GET", "/hooks/" + id + "/deliveries", null, status, error));
            cases.add(admin("POST /hooks/<" + label + ">/sync", "POST", "/hooks/" + id + "/sync", null, status, error));
            cases.add(admin("POST /hooks/<" + label + ">/deliveries/x/redeliver", "POST",
                    "/hooks/" + id + "/deliveries/x/redeliver", null, status, error));
            cases.add(admin("GET /hooks/{known}/deliveries/<" + label + ">", "GET",
                    "/hooks/" + github + "/deliveries/" + id, null, status, error));
            cases.add(admin("POST /hooks/{known}/deliveries/<" + label + ">/redeliver", "POST",
                    "/hooks/" + github + "/deliveries/" + id + "/redeliver", null, status, error));
        }
    }

    /** Delivery ids, event names and signatures that are too long, hold controls, or were sent twice: 400. */
    private static void deliveryHeaders(List<Case> cases) {
        for (String provider : HEADER_DELIVERY_IDS) {
            for (int length : new int[] {129, 1000}) {
                TestDelivery push = Deliveries.of(provider).push(SECRET, "main", COMMIT, "d".repeat(length));
                cases.add(webhook(provider + ": signed push, delivery id of " + length + " chars", HOOKS.get(provider),
                        raw(push), 400, "bad_request"));
            }
            TestDelivery spaced = Deliveries.of(provider).push(SECRET, "main", COMMIT, "abc def");
            cases.add(webhook(provider + ": delivery id with a space", HOOKS.get(provider), raw(spaced), 400,
                    "bad_request"));
        }
        // Two X-GitHub-Delivery / event / signature headers, which API Gateway joins with a comma.
        Request github = signedPush("github", "d-repeated");
        for (String header : List.of("X-GitHub-Delivery", "X-GitHub-Event", "X-Hub-Signature-256")) {
            String value = github.header(header);
            cases.add(webhook("github: " + header + " sent twice", HOOKS.get("github"),
                    github.adding(header, value), 400, "bad_request"));
            cases.add(webhook("github: " + header + " holding a list", HOOKS.get("github"),
                    github.replacing(header, value + ",other"), 400, "bad_request"));
        }
        Request gitlab = raw(Deliveries.of("gitlab").push(SECRET, "main", COMMIT, "gl-repeated"));
        for (String header : List.of("X-Gitlab-Event", "Idempotency-Key")) {
            cases.add(webhook("gitlab: " + header + " sent twice", HOOKS.get("gitlab"),
                    gitlab.adding(header, "Push Hook"), 400, "bad_request"));
        }
        Request gitea = raw(Deliveries.of("gitea").push(SECRET, "main", COMMIT, "gt-repeated"));
        cases.add(webhook("gitea: X-Gitea-Delivery sent twice", HOOKS.get("gitea"),
                gitea.adding("X-Gitea-Delivery", "another"), 400, "bad_request"));
        cases.add(webhook("gitea: X-Gitea-Signature sent twice", HOOKS.get("gitea"),
                gitea.adding("X-Gitea-Signature", "00"), 400, "bad_request"));
        // Control characters HTTP lets through (tab) and ones it does not: 400 either way, from us or from Jetty.
        for (int c = 1; c < 0x20; c++) {
            if (c == '\n' || c == '\r') {
                continue;
            }
            String bad = "push" + (char) c + "x";
            cases.add(webhook("github: X-GitHub-Event with control 0x" + Integer.toHexString(c), HOOKS.get("github"),
                    github.replacing("X-GitHub-Event", bad), 400, "bad_request"));
            cases.add(webhook("github: X-GitHub-Delivery with control 0x" + Integer.toHexString(c),
                    HOOKS.get("github"), github.replacing("X-GitHub-Delivery", "id" + (char) c + "x"), 400,
                    "bad_request"));
        }
        cases.add(webhook("github: X-GitHub-Event of 300 chars", HOOKS.get("github"),
                github.replacing("X-GitHub-Event", "p".repeat(300)), 400, "bad_request"));
    }

    /** A body the receiver would have to decompress: 415 naming the coding, never 401. */
    private static void contentEncodings(List<Case> cases) {
        for (String encoding : List.of("gzip", "br", "deflate", "x-unknown", "gzip, identity")) {
            for (String provider : List.of("github", "gitlab", "gitea")) {
                Request push = raw(Deliveries.of(provider).push(SECRET, "main", COMMIT, "enc-" + encoding.length()));
                cases.add(webhook(provider + ": Content-Encoding " + encoding, HOOKS.get(provider),
                        push.adding("Content-Encoding", encoding), 415, "unsupported_media_type")
                        .mentioning("Content-Encoding " + encoding));
            }
        }
    }

    private static void webhookBodies(List<Case> cases) {
        String github = HOOKS.get("github");
        Request push = signedPush("github", "body-cases");
        cases.add(webhook("github: unsigned empty body", github, new Request(push.headersWithout(
                "X-Hub-Signature-256"), new byte[0]), 401, "invalid_signature"));
        cases.add(webhook("github: signature for another body", github,
                new Request(push.headers(), "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8)), 401,
                "invalid_signature"));
        cases.add(webhook("github: no headers at all", github, new Request(List.of(), new byte[0]), 401,
                "invalid_signature"));
        for (String provider : Deliveries.providers()) {
            if (provider.equals("github")) {
                continue;
            }
            Request forged = raw(Deliveries.of(provider).push("another-secret-0123456789", "main", COMMIT, "forged"));
            cases.add(webhook(provider + ": push signed with another secret", HOOKS.get(provider), forged, 401,
                    "invalid_signature"));
        }
        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) 'x');
        cases.add(webhook("github: a body of 10 MB + 1 sent", github, new Request(push.headers(), huge), 413,
                "payload_too_large").mentioning("larger than 10 MB (10485760 bytes)"));
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes(("POST /webhooks/" + github + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 11; i++) {
            chunked.writeBytes(("100000\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.writeBytes(new byte[0x100000]);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        cases.add(new Case("github: 11 MB sent chunked, without a length", chunked.toByteArray(), 413,
                "payload_too_large").mentioning("larger than 10 MB (10485760 bytes)"));
        cases.add(expectContinue("webhook: Expect: 100-continue with 20 MB announced", "POST", "/webhooks/" + github,
                false, 20L * 1024 * 1024));
        cases.add(expectContinue("webhook: Content-Length of 10 MB + 1 announced", "POST", "/webhooks/" + github,
                false, 10L * 1024 * 1024 + 1));
    }

    private static void adminBodies(List<Case> cases) {
        String github = HOOKS.get("github");
        // PATCH takes only a JSON Merge Patch (RFC 7396).
        for (String type : List.of("application/json", "application/json-patch+json", "text/plain",
                "application/merge-patch+json; charset=iso-8859-1", "")) {
            List<String[]> headers = new ArrayList<>(adminHeaders());
            headers.removeIf(h -> h[0].equalsIgnoreCase("content-type"));
            if (!type.isEmpty()) {
                headers.add(new String[] {"Content-Type", type});
            }
            cases.add(new Case("PATCH /hooks/{id} as " + (type.isEmpty() ? "no type" : type), http("PATCH",
                    "/hooks/" + github, headers, "{\"branch\":\"main\"}".getBytes(StandardCharsets.UTF_8)), 415,
                    "unsupported_media_type").mentioning("Content-Type: application/merge-patch+json"));
        }
        for (String[] bad : new String[][] {
                {"empty body", ""}, {"not JSON", "hello"}, {"an array", "[]"}, {"null", "null"},
                {"truncated", "{\"branch\":"}, {"two objects", "{}{}"}}) {
            List<String[]> headers = new ArrayList<>(adminHeaders());
            headers.removeIf(h -> h[0].equalsIgnoreCase("content-type"));
            headers.add(new String[] {"Content-Type", "application/merge-patch+json"});
            cases.add(new Case("PATCH /hooks/{id} with " + bad[0], http("PATCH", "/hooks/" + github, headers,
                    bad[1].getBytes(StandardCharsets.UTF_8)), 400, "bad_request"));
        }
        for (String route : List.of("/hooks", "/hooks/" + github)) {
            String method = route.equals("/hooks") ? "POST" : "PUT";
            String valid = "{\"branch\":\"main\"}";
            for (String type : List.of("text/xml", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "text/plain", "application/jsonx", "application/json-patch+json",
                    "application/json; charset=iso-8859-1", "")) {
                List<String[]> headers = new ArrayList<>(adminHeaders());
                headers.removeIf(h -> h[0].equalsIgnoreCase("content-type"));
                if (!type.isEmpty()) {
                    headers.add(new String[] {"Content-Type", type});
                }
                String body = type.contains("xml") ? "<hook><branch>main</branch></hook>"
                        : type.contains("form") ? "branch=main" : valid;
                cases.add(new Case(method + " " + route.replace(github, "{id}") + " as " + (type.isEmpty() ? "no type"
                        : type), http(method, route, headers, body.getBytes(StandardCharsets.UTF_8)), 415,
                        "unsupported_media_type").mentioning("Content-Type: application/json"));
            }
            for (String[] bad : new String[][] {
                    {"empty body", ""}, {"not JSON", "hello"}, {"an array", "[]"}, {"a string", "\"x\""},
                    {"a number", "42"}, {"null", "null"}, {"truncated", "{\"branch\":"},
                    {"trailing garbage", "{\"branch\":\"main\"} x"}, {"two objects", "{}{}"},
                    {"single quotes", "{'branch':'main'}"}, {"a comment", "{/*x*/\"branch\":\"main\"}"}}) {
                cases.add(admin(method + " " + route.replace(github, "{id}") + " with " + bad[0], method, route,
                        bad[1], 400, "bad_request"));
            }
            byte[] latin1 = "{\"branch\":\"m\u00e4in\"}".getBytes(StandardCharsets.ISO_8859_1);
            cases.add(new Case(method + " " + route.replace(github, "{id}") + " with invalid UTF-8",
                    http(method, route, adminHeaders(), latin1), 400, "bad_request"));
            byte[] tooLarge = ("{\"branch\":\"" + "a".repeat(64 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            cases.add(new Case(method + " " + route.replace(github, "{id}") + " larger than 64 KB",
                    http(method, route, adminHeaders(), tooLarge), 413, "payload_too_large")
                    .mentioning("larger than 64 KB (65536 bytes)"));
            cases.add(expectContinue(method + " " + route.replace(github, "{id}")
                    + ": Expect: 100-continue with 20 MB announced", method, route, true, 20L * 1024 * 1024));
        }
        // Wrong types and values in the fields of a new hook: 422 with the field named.
        for (String[] field : new String[][] {
                {"project", "5"}, {"project", "[]"}, {"project", "null"}, {"provider", "\"svn\""},
                {"provider", "{}"}, {"branch", "true"}, {"branch", "1e999999"}, {"sourceRepo", "42"},
                {"sourceRepo", "\"not a url\""}, {"buildRepo", "[]"}, {"secret", "1e999999"}, {"events", "\"yes\""},
                {"events", "{\"push\":\"yes\"}"}, {"events", "{\"push\":1e999999}"}, {"buildBranch", "{}"},
                {"branch", "\"ma\\u0000in\""}, {"project", "\"" + "p".repeat(2049) + "\""}}) {
            // Spliced in as written: a JSON library would print 1e999999 as "Infinity".
            String hook = validHook("corpus-typed").put(field[0], "@raw@").toString().replace("\"@raw@\"", field[1]);
            int status = field[1].contains("1e999999") ? 400 : 422;
            cases.add(admin("POST /hooks with " + field[0] + " = " + cut(field[1]), "POST", "/hooks", hook, status,
                    status == 400 ? "bad_request" : "validation"));
        }
    }

    private static void cursorsAndLimits(List<Case> cases) {
        String github = HOOKS.get("github");
        String longId = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"id\":\"" + "h".repeat(2049) + "\",\"createdKey\":\"x\"}").getBytes(StandardCharsets.UTF_8));
        String longDelivery = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"deliveryId\":\"" + "d".repeat(2049) + "\",\"receivedKey\":\"x#" + "d".repeat(2049) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        List<String> cursors = List.of("garbage", "%21%21%21", "e30", "W10", "A".repeat(600), "%00", longId,
                longDelivery, "eyJpZCI6MX0");
        for (String route : List.of("/hooks", "/hooks/" + github + "/deliveries")) {
            String label = route.replace(github, "{id}");
            for (String cursor : cursors) {
                cases.add(admin("GET " + label + "?cursor=" + cut(cursor), "GET", route + "?cursor=" + cursor, null,
                        422, "validation"));
            }
            for (String limit : List.of("0", "-1", "101", "1e3", "abc", "99999999999999999999", "%205", "5.5", "%00",
                    "1e999999")) {
                cases.add(admin("GET " + label + "?limit=" + limit, "GET", route + "?limit=" + limit, null, 422,
                        "validation"));
            }
        }
        cases.add(admin("DELETE /hooks/{id}?unregister=maybe", "DELETE", "/hooks/" + UNKNOWN_HOOK + "?unregister=maybe",
                null, 422, "validation"));
    }

    private static void routesAndMethods(List<Case> cases) {
        String github = HOOKS.get("github");
        for (String[] unknown : new String[][] {
                {"GET", "/"}, {"GET", "/nope"}, {"POST", "/webhooks"}, {"POST", "/webhooks/"}, {"GET", "/webhook/x"},
                {"POST", "/hooksx"}, {"GET", "/.env"}, {"GET", "/webhooks/" + github + "/extra"}}) {
            cases.add(new Case(unknown[0] + " " + unknown[1], http(unknown[0], unknown[1], List.of(), null), 404,
                    "not_found"));
        }
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS")) {
            cases.add(new Case(method + " /webhooks/{id}", http(method, "/webhooks/" + github, List.of(), null), 405,
                    "method_not_allowed"));
        }
        for (String[] wrong : new String[][] {
                {"PATCH", "/hooks"}, {"DELETE", "/hooks"}, {"PUT", "/hooks"},
                {"POST", "/hooks/{id}"}, {"GET", "/hooks/{id}/sync"}, {"DELETE", "/hooks/{id}/sync"},
                {"POST", "/hooks/{id}/deliveries"}, {"GET", "/hooks/{id}/deliveries/x/redeliver"},
                {"OPTIONS", "/hooks/{id}"}}) {
            cases.add(admin(wrong[0] + " " + wrong[1], wrong[0], wrong[1].replace("{id}", github), null, 405,
                    "method_not_allowed"));
        }
        for (String path : List.of("/hooks/{id}/unknown", "/hooks/{id}/deliveries/x", "/hooks/{id}/sync/now")) {
            cases.add(admin("GET " + path, "GET", path.replace("{id}", github), null, 404, "not_found"));
        }
    }

    private static void adminAuthorization(List<Case> cases) {
        String github = HOOKS.get("github");
        List<String[]> routes = List.of(new String[] {"GET", "/hooks"}, new String[] {"POST", "/hooks"},
                new String[] {"GET", "/hooks/" + github}, new String[] {"DELETE", "/hooks/" + github},
                new String[] {"POST", "/hooks/" + github + "/sync"},
                new String[] {"GET", "/hooks/" + github + "/deliveries"});
        List<List<String[]>> credentials = List.of(List.of(), List.<String[]>of(new String[] {"Authorization",
                "Bearer wrong-token"}), List.<String[]>of(new String[] {"Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8))}),
                List.<String[]>of(new String[] {"Authorization", "Bearer"}),
                List.<String[]>of(new String[] {"Authorization", "Bearer " + ADMIN_TOKEN + "x"}));
        for (String[] route : routes) {
            for (List<String[]> headers : credentials) {
                String label = headers.isEmpty() ? "no token" : cut(headers.get(0)[1]);
                List<String[]> all = new ArrayList<>(headers);
                all.add(new String[] {"Content-Type", "application/json"});
                byte[] body = route[0].equals("POST") ? validHook("corpus-unauthorized").toString()
                        .getBytes(StandardCharsets.UTF_8) : null;
                cases.add(new Case(route[0] + " " + route[1].replace(github, "{id}") + " with " + label,
                        http(route[0], route[1], all, body), 401, "unauthorized"));
            }
        }
    }

    /** What never reaches a handler: Jetty's parser answers, through the front's JSON error handler. */
    private static void malformedHttp(List<Case> cases) {
        String github = HOOKS.get("github");
        String target = "/webhooks/" + github;
        for (String[] bad : new String[][] {
                {"garbage request line", "GARBAGE\r\n\r\n"},
                {"header without colon", "POST " + target + " HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"},
                {"space before colon", "POST " + target + " HTTP/1.1\r\nHost: x\r\nX-GitHub-Event : push\r\n\r\n"},
                {"NUL in a header value", "POST " + target + " HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: pu\u0000sh\r\n\r\n"},
                {"Content-Length not a number", "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"},
                {"two different Content-Lengths", "POST " + target
                        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"},
                {"negative Content-Length", "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"},
                {"chunk size not hex", "POST " + target + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"},
                {"chunk longer than its size", "POST " + target + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n"},
                {"unknown Transfer-Encoding", "POST " + target + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: bogus\r\n"
                        + "Connection: close\r\n\r\n"},
                {"HTTP/1.1 without Host", "GET /hooks HTTP/1.1\r\nConnection: close\r\n\r\n"},
                {"two Host headers", "GET /hooks HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"},
                {"obsolete line folding", "POST " + target + " HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: push\r\n  folded\r\n"
                        + "Connection: close\r\n\r\n"},
                {"bad percent-encoding in the path", "GET /hooks/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"}}) {
            cases.add(new Case("malformed HTTP: " + bad[0], bad[1].getBytes(StandardCharsets.ISO_8859_1), 400,
                    "bad_request"));
        }
        // Jetty's parser says 505; the front answers bad input 4xx.
        cases.add(new Case("malformed HTTP: request line without version (HTTP/0.9)",
                "GET /hooks\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 400, "bad_request"));
        cases.add(new Case("malformed HTTP: unknown HTTP version", "GET /hooks HTTP/9.9\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), 400, "bad_request"));
        cases.add(new Case("malformed HTTP: 12 KB of headers", ("GET /hooks HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(12 * 1024) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), 431,
                "headers_too_large"));
        cases.add(new Case("malformed HTTP: 12 KB URI", ("GET /hooks/" + "a".repeat(12 * 1024)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), 414,
                "uri_too_long"));
    }

    // ----------------------------------------------------------------------------------------- building cases

    /**
     * Signed payloads whose content the providers' strict parsing judges (trailing content, wrong types,
     * {@code 1e999999}, a BOM, invalid UTF-8, control characters inside signed JSON): each gets its exact status (400,
     * or 202 for a body behind a UTF-8 byte-order mark, which RFC 8259 lets a parser skip), a JSON answer, and a log
     * whose strings stay bounded. Run last and against a hook of its own, since the BOM case queues a sync.
     */
    @TestFactory
    @Order(3)
    Stream<DynamicTest> providerContent_getsItsExactStatus_andIsLoggedBounded() {
        String hook = HOOKS.get("content");
        return providerContentBodies().entrySet().stream().map(body -> DynamicTest.dynamicTest(body.getKey(), () -> {
            byte[] bytes = body.getValue();
            Request push = signedPush("github", "content-" + Math.abs(body.getKey().hashCode()));
            List<String[]> headers = new ArrayList<>(push.headersWithout("X-Hub-Signature-256"));
            headers.add(new String[] {"X-Hub-Signature-256", "sha256=" + io.gitbridge.provider.Signatures.hex(
                    io.gitbridge.provider.Signatures.hmacSha256(SECRET, bytes))});
            Answer answer = exchange(webhook(body.getKey(), hook, new Request(headers, bytes), 0, null));

            int expected = body.getKey().equals(BOM_CASE) ? 202 : 400;
            assertThat(answer.status()).as("%s → %s", body.getKey(), answer.body()).isEqualTo(expected);
            assertThat(Json.MAPPER.readTree(answer.body()).isObject()).isTrue();
            assertThat(answer.body().length()).isLessThan(2000);
            for (Map<String, AttributeValue> entry : scan(LocalRunner.DELIVERIES_TABLE)) {
                entry.values().stream().filter(v -> v.s() != null)
                        .forEach(v -> assertThat(v.s().length()).isLessThan(MAX_STORED_STRING));
            }
        }));
    }

    private static final String BOM_CASE = "a UTF-8 byte-order mark";

    private static Map<String, byte[]> providerContentBodies() {
        String push = new String(Deliveries.of("github").push(SECRET, "main", COMMIT, "x").body(),
                StandardCharsets.UTF_8);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("trailing garbage after signed JSON", (push + " x").getBytes(StandardCharsets.UTF_8));
        bodies.put("a second object after signed JSON", (push + "{}").getBytes(StandardCharsets.UTF_8));
        bodies.put("deleted as a string", push.replaceFirst("\\{", "{\"deleted\":\"yes\",")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("after as 1e999999", push.replaceFirst("\"after\":\\s*\"[0-9a-f]+\"", "\"after\":1e999999")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("ref as a number", push.replaceFirst("\"ref\":\\s*\"[^\"]+\"", "\"ref\":42")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("ref with a control character", push.replace("refs/heads/main", "refs/heads/ma\\u0001in")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("ref of 1 MB", push.replace("refs/heads/main", "refs/heads/" + "r".repeat(1024 * 1024))
                .getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream bom = new ByteArrayOutputStream();
        bom.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        bom.writeBytes(push.getBytes(StandardCharsets.UTF_8));
        bodies.put(BOM_CASE, bom.toByteArray());
        byte[] invalid = push.replace("refs/heads/main", "refs/heads/m\u00e4in").getBytes(StandardCharsets.ISO_8859_1);
        bodies.put("invalid UTF-8 in signed JSON", invalid);
        bodies.put("a JSON array", "[1,2]".getBytes(StandardCharsets.UTF_8));
        bodies.put("empty body, signed", new byte[0]);
        return bodies;
    }

    private static Case webhook(String name, String hookId, Request request, int status, String error) {
        List<String[]> headers = new ArrayList<>(request.headers());
        return new Case(name, http("POST", "/webhooks/" + hookId, headers, request.body()), status, error);
    }

    private static Case admin(String name, String method, String path, String body, int status, String error) {
        return new Case(name, http(method, path, adminHeaders(), body == null ? null
                : body.getBytes(StandardCharsets.UTF_8)), status, error);
    }

    private static Case expectContinue(String name, String method, String path, boolean admin, long length) {
        List<String[]> headers = new ArrayList<>(admin ? adminHeaders()
                : List.<String[]>of(new String[] {"Content-Type", "application/json"}));
        headers.add(new String[] {"Expect", "100-continue"});
        headers.add(new String[] {"Content-Length", Long.toString(length)});
        return new Case(name, http(method, path, headers, null), 413, "payload_too_large")
                .mentioning("larger than 10 MB (10485760 bytes)");
    }

    private static List<String[]> adminHeaders() {
        return List.of(new String[] {"Authorization", "Bearer " + ADMIN_TOKEN},
                new String[] {"Content-Type", "application/json"});
    }

    private static Request signedPush(String provider, String deliveryId) {
        return raw(Deliveries.of(provider).push(SECRET, "main", COMMIT, deliveryId));
    }

    private static Request raw(TestDelivery delivery) {
        List<String[]> headers = new ArrayList<>();
        delivery.headers().forEach((name, value) -> headers.add(new String[] {name, value}));
        return new Request(headers, delivery.body());
    }

    private static ObjectNode validHook(String project) {
        ObjectNode hook = Json.MAPPER.createObjectNode()
                .put("project", project)
                .put("provider", "github")
                .put("sourceRepo", GitRepos.fileUri(tmp.resolve("source.git")).toString())
                .put("branch", "main")
                .put("secret", SECRET)
                .put("buildRepo", GitRepos.fileUri(tmp.resolve("build.git")).toString());
        hook.putObject("events").put("push", true).put("ci", false);
        return hook;
    }

    private static String createHook(String provider, String project) throws IOException {
        Path source = tmp.resolve("source.git");
        if (!source.toFile().exists()) {
            GitRepos.createBare(source);
            GitRepos.createBare(tmp.resolve("build.git"));
        }
        ObjectNode hook = validHook("corpus-" + project).put("provider", provider);
        Answer created = exchange(new Case("create", http("POST", "/hooks", adminHeaders(),
                hook.toString().getBytes(StandardCharsets.UTF_8)), 201, null));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Json.MAPPER.readTree(created.body()).get("id").asText();
    }

    /** An HTTP/1.1 request as bytes: {@code Host}, {@code Connection: close} and {@code Content-Length} added. */
    private static byte[] http(String method, String target, List<String[]> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        boolean lengthGiven = false;
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            lengthGiven |= header[0].equalsIgnoreCase("content-length");
        }
        if (!lengthGiven && body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static String cut(String value) {
        return value.length() > 30 ? value.substring(0, 30) + "…(" + value.length() + ")" : value;
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        return dynamoDb.scan(s -> s.tableName(table).consistentRead(true)).items();
    }

    /** Sends the raw bytes and reads the whole answer; the runner must answer, and not by dropping the socket. */
    private static Answer exchange(Case c) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), runner.url().getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(c.request());
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before it has read everything we send; the answer is still there.
            }
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            assertThat(text).as(c.name() + ": the socket got an answer").startsWith("HTTP/1.1 ");
            int headerEnd = text.indexOf("\r\n\r\n");
            String head = text.substring(0, headerEnd);
            String body = text.substring(headerEnd + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            assertThat(head.toLowerCase()).as(c.name() + ": JSON, not an HTML page").contains("content-type: application/json");
            return new Answer(status, body);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    /** A delivery's headers (repeatable, in order) and body. */
    record Request(List<String[]> headers, byte[] body) {

        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no header " + name));
        }

        Request adding(String name, String value) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(new String[] {name, value});
            return new Request(more, body);
        }

        Request replacing(String name, String value) {
            return new Request(headersWithout(name), body).adding(name, value);
        }

        List<String[]> headersWithout(String name) {
            return headers.stream().filter(h -> !h[0].equalsIgnoreCase(name)).toList();
        }
    }

    /** One request of the corpus and the answer it must get. */
    record Case(String name, byte[] request, int status, String error, String mentions) {

        Case(String name, byte[] request, int status, String error) {
            this(name, request, status, error, null);
        }

        /** This case, whose answer's message must also contain {@code text}. */
        Case mentioning(String text) {
            return new Case(name, request, status, error, text);
        }
        @Override
        public String toString() {
            return name;
        }
    }

    private record Answer(int status, String body) {
    }
}
