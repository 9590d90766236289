package io.gitbridge.provider;

import static io.gitbridge.provider.TestRequests.BOTH;
import static io.gitbridge.provider.TestRequests.PUSH_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8, provider-level bad input, for every provider's push: signed JSON is read strictly, the fields the decision
 * reads are typed, and event names, delivery ids and refs are bounded; each case is a {@link MalformedPayloadException}
 * (400) whose message repeats no more than a short cut prefix of the input.
 */
class StrictDeliveriesTest {

    private static final String LONG_COMPONENT = "b".repeat(300);

    static Stream<ProviderCases> providers() {
        return ProviderCases.all().stream();
    }

    private static WebhookEvent classify(ProviderCases cases, WebhookRequest request) {
        return cases.webhookProvider().classify(request, SourceRepository.of(cases.source()), "main", PUSH_ONLY);
    }

    private static final WebhookEvent PUSHED = new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main",
            ProviderCases.COMMIT);

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void classify_readsTheTestkitPush(ProviderCases cases) {
        assertThat(classify(cases, cases.push())).isEqualTo(PUSHED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void classify_reads_aBodyThatStartsWithAByteOrderMark(ProviderCases cases) {
        WebhookRequest push = cases.push();
        byte[] body = push.body();
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        assertThat(classify(cases, ProviderCases.withBody(push, withBom))).isEqualTo(PUSHED);
    }

    static Stream<Arguments> malformedBodies() {
        return providers().flatMap(cases -> {
            String body = new String(cases.push().body(), StandardCharsets.UTF_8);
            String inner = body.substring(body.indexOf('{') + 1);
            return Stream.of(
                    arguments(cases, "trailing garbage", body + "garbage", "body is not valid JSON"),
                    arguments(cases, "a second value", body + "{}", "body is not valid JSON"),
                    arguments(cases, "a duplicate key", "{\"zz\": 1, \"zz\": 2, " + inner, "body is not valid JSON"),
                    arguments(cases, "1e999999", "{\"zz\": 1e999999, " + inner,
                            "body holds a number too large for a double"));
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedBodies")
    void classify_rejects_aBodyThatIsNotStrictlyOneJsonObject(ProviderCases cases, String what, String body,
            String message) {
        WebhookRequest request = ProviderCases.withBody(cases.push(), body.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> classify(cases, request))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    static Stream<Arguments> badEventNames() {
        return providers().flatMap(cases -> Stream.of(
                arguments(cases, "push\u0001", "holds a control character"),
                arguments(cases, "push\r\nX-Injected: 1", "holds a control character"),
                arguments(cases, "p".repeat(101), "is longer than 100 characters")));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badEventNames")
    void classify_rejects_aMalformedEventName(ProviderCases cases, String name, String problem) {
        WebhookRequest request = cases.pushWithEventName(name);

        assertThatThrownBy(() -> classify(cases, request))
                .isInstanceOf(MalformedPayloadException.class).hasMessage(cases.eventSource() + " " + problem);
        assertThat(cases.webhookProvider().eventName(request)).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
        assertThat(cases.webhookProvider().verifiedEventName(request)).isEqualTo(WebhookProvider.UNKNOWN_EVENT);
    }

    static Stream<Arguments> badDeliveryIds() {
        return providers().filter(cases -> !cases.provider().equals("gitflic")).flatMap(cases -> Stream.of(
                arguments(cases, "d\u0000-1", "holds a control character"),
                arguments(cases, "d-1\n", "holds a control character"),
                arguments(cases, "d".repeat(201), "is longer than 200 characters"),
                arguments(cases, "d".repeat(1000), "is longer than 200 characters")));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badDeliveryIds")
    void deliveryId_rejects_aMalformedId(ProviderCases cases, String id, String problem) {
        WebhookRequest request = cases.pushWithDeliveryId(id);

        assertThatThrownBy(() -> cases.webhookProvider().deliveryId(request))
                .isInstanceOf(MalformedPayloadException.class).hasMessage(cases.deliverySource() + " " + problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void deliveryId_accepts_anIdOf200Characters(ProviderCases cases) {
        if (cases.provider().equals("gitflic")) {
            assertThat(cases.webhookProvider().deliveryId(cases.push())).startsWith("body-");
            return;
        }
        String id = "d".repeat(200);
        WebhookRequest request = cases.pushWithDeliveryId(id);

        assertThat(cases.webhookProvider().deliveryId(request)).isEqualTo(id);
    }

    static Stream<Arguments> badRefs() {
        return providers().flatMap(cases -> Stream.of(
                arguments(cases, "main/" + LONG_COMPONENT, "has a component longer than 255 bytes, which git cannot store"),
                arguments(cases, ("main/" + "c".repeat(200) + "/").repeat(6), "is longer than 1024 bytes"),
                arguments(cases, "ma\u0001in", "holds a control character, which git refs cannot")));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badRefs")
    void classify_rejects_aRefGitCannotHold(ProviderCases cases, String branch, String problem) {
        WebhookRequest request = ProviderCases.withJson(cases.push(), p -> renameBranch(p, branch));

        assertThatThrownBy(() -> classify(cases, request))
                .isInstanceOf(MalformedPayloadException.class).hasMessageEndingWith(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ccccc").doesNotContain(LONG_COMPONENT));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                wrongType("github", p -> p.put("deleted", "yes"), "payload field deleted is not a boolean"),
                wrongType("github", p -> p.put("deleted", 0), "payload field deleted is not a boolean"),
                wrongType("github", p -> p.put("created", "no"), "payload field created is not a boolean"),
                wrongType("github", p -> p.put("forced", 1), "payload field forced is not a boolean"),
                wrongType("github", p -> p.put("after", 1), "payload lacks the string field after"),
                wrongType("github", p -> p.put("ref", 7), "payload lacks the string field ref"),
                wrongType("gitea", p -> p.put("deleted", "true"), "payload field deleted is not a boolean"),
                wrongType("gitea", p -> p.putArray("after"), "payload lacks the string field after"),
                wrongType("gogs", p -> p.put("deleted", "yes"), "payload field deleted is not a boolean"),
                wrongType("gogs", p -> p.put("after", 1.5), "payload lacks the string field after"),
                wrongType("gitlab", p -> p.put("after", true), "payload lacks the string field after"),
                wrongType("gitlab", p -> p.putObject("ref"), "payload lacks the string field ref"),
                wrongType("gitlab", p -> p.putObject("project").put("path_with_namespace", 1),
                        "payload field path_with_namespace is not a string"),
                wrongType("gitflic", p -> ((ObjectNode) p.get("push")).put("deleted", "yes"),
                        "payload field deleted is not a boolean"),
                wrongType("gitflic", p -> ((ObjectNode) p.get("push")).put("after", 17),
                        "payload lacks the string field push.after"),
                wrongType("bitbucket", p -> ((ObjectNode) p.get("push").get("changes").get(0)).put("closed", "yes"),
                        "payload field closed is not a boolean"),
                wrongType("bitbucket", p -> ((ObjectNode) p.get("repository")).put("full_name", 5),
                        "payload field full_name is not a string"),
                wrongType("bitbucket-server", p -> ((ObjectNode) p.get("changes").get(0)).put("toHash", 1),
                        "payload lacks the string field toHash"),
                wrongType("bitbucket-server", p -> ((ObjectNode) p.get("changes").get(0)).put("type", false),
                        "payload field type is not a string"),
                wrongType("azure-devops", p -> ((ObjectNode) p.get("resource").get("refUpdates").get(0))
                        .put("newObjectId", 1), "payload lacks the string field newObjectId"),
                wrongType("azure-devops", p -> ((ObjectNode) p.get("resource").get("repository"))
                        .put("remoteUrl", 1), "payload field remoteUrl is not a string"),
                wrongType("github", p -> ((ObjectNode) p.get("repository")).put("clone_url", false),
                        "payload field clone_url is not a string"));
    }

    private static Arguments wrongType(String provider, Consumer<ObjectNode> change, String message) {
        ProviderCases cases = ProviderCases.all().stream().filter(c -> c.provider().equals(provider)).findFirst()
                .orElseThrow();
        return arguments(cases, change, message);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("wrongTypes")
    void classify_rejects_aFieldOfTheWrongType(ProviderCases cases, Consumer<ObjectNode> change, String message) {
        WebhookRequest request = ProviderCases.withJson(cases.push(), change);

        assertThatThrownBy(() -> cases.webhookProvider().classify(request, SourceRepository.of(cases.source()), "main",
                BOTH)).isInstanceOf(MalformedPayloadException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void classify_cutsAnOverlongRefOfAnotherBranch_inItsReason(ProviderCases cases) {
        // 250-byte components are legal; the reason must still not echo them in full.
        String branch = ("x".repeat(250) + "/").repeat(3) + "end";
        WebhookRequest request = ProviderCases.withJson(cases.push(), p -> renameBranch(p, branch));

        WebhookEvent event = classify(cases, request);

        assertThat(((WebhookEvent.Ignored) event).reason()).contains("…").hasSizeLessThan(250);
    }

    /** Changes the pushed branch {@code main} to {@code branch} wherever the payload names it. */
    private static void renameBranch(JsonNode node, String branch) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isTextual() && value.asText().equals("refs/heads/main")) {
                    object.set(name, new TextNode("refs/heads/" + branch));
                } else if (value.isTextual() && value.asText().equals("main") && !name.equals("default_branch")) {
                    object.set(name, new TextNode(branch));
                } else {
                    renameBranch(value, branch);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(element -> renameBranch(element, branch));
        }
    }
}
