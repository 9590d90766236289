package io.gitbridge.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitbridge.testkit.deliveries.Deliveries;
import io.gitbridge.testkit.deliveries.TestDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Every provider's testkit push and CI deliveries, and the facts about them the cross-provider tests need: the hook
 * source the fixtures name, where the payload names its repository, and which header carries the event and id.
 *
 * @param provider the provider id
 * @param source the source repository of the fixtures ({@code acme/app} on the provider's host)
 * @param repositoryFields the top-level (or {@code resource.}) objects that name the repository
 * @param eventHeader the header naming the event, or null when the body's {@code eventField} does
 * @param eventField the body field naming the event when there is no header
 * @param deliveryHeader the header carrying the delivery id, or null (GitFlic sends none; Azure DevOps: body id)
 */
record ProviderCases(String provider, String source, List<String> repositoryFields, String eventHeader,
        String eventField, String deliveryHeader) {

    static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@code app} as a path segment of a URL or name: {@code acme/app}, {@code /scm/web/app.git}, {@code _git/app}. */
    private static final Pattern APP_SEGMENT = Pattern.compile("(?<=/)app(?=(\\.git)?(/|$))");

    static List<ProviderCases> all() {
        return List.of(
                new ProviderCases("github", "https://github.com/acme/app.git", List.of("repository"),
                        "X-GitHub-Event", null, "X-GitHub-Delivery"),
                new ProviderCases("gitlab", "https://gitlab.com/acme/app.git", List.of("project", "repository"),
                        "X-Gitlab-Event", null, "Idempotency-Key"),
                new ProviderCases("bitbucket", "https://bitbucket.org/acme/app.git", List.of("repository"),
                        "X-Event-Key", null, "X-Request-UUID"),
                new ProviderCases("bitbucket-server", "https://bitbucket.acme.example/scm/web/app.git",
                        List.of("repository"), "X-Event-Key", null, "X-Request-Id"),
                new ProviderCases("azure-devops", "https://dev.azure.com/acme/Storefront/_git/app",
                        List.of("resource.repository"), null, "eventType", null),
                new ProviderCases("gitea", "https://gitea.example.com/acme/app.git", List.of("repository"),
                        "X-Gitea-Event", null, "X-Gitea-Delivery"),
                new ProviderCases("gogs", "https://gogs.example.com/acme/app.git", List.of("repository"),
                        "X-Gogs-Event", null, "X-Gogs-Delivery"),
                new ProviderCases("gitflic", "https://gitflic.ru/project/acme/app.git", List.of("project"),
                        null, "action", null));
    }

    WebhookProvider webhookProvider() {
        return Providers.standard().find(provider).orElseThrow();
    }

    /** The testkit's push of {@link #COMMIT} to main. */
    WebhookRequest push() {
        return TestRequests.request(Deliveries.of(provider).push(TestRequests.SECRET, "main", COMMIT, "d-1"));
    }

    /** The testkit's CI success for {@link #COMMIT} on main, or null when the provider has no CI event. */
    WebhookRequest ciSuccess() {
        TestDelivery delivery = Deliveries.of(provider).ciSuccess(TestRequests.SECRET, "main", COMMIT, "d-2");
        return delivery == null ? null : TestRequests.request(delivery);
    }

    /** Where the event name is: its header, or else its body field. */
    String eventSource() {
        return eventHeader != null ? eventHeader : eventField;
    }

    /** Where the delivery id is: its header, or else the body's {@code id} (Azure DevOps). */
    String deliverySource() {
        return deliveryHeader != null ? deliveryHeader : "id";
    }

    /** The testkit push with {@code name} as its event name, where the provider carries it. */
    WebhookRequest pushWithEventName(String name) {
        return eventHeader != null ? withHeader(push(), eventHeader, name)
                : withJson(push(), p -> p.put(eventField, name));
    }

    /** The testkit push with {@code id} as its delivery id, where the provider carries it. */
    WebhookRequest pushWithDeliveryId(String id) {
        return deliveryHeader != null ? withHeader(push(), deliveryHeader, id) : withJson(push(), p -> p.put("id", id));
    }

    /** {@code request} with its JSON body changed (classify does not verify, so the signature need not follow). */
    static WebhookRequest withJson(WebhookRequest request, Consumer<ObjectNode> change) {
        ObjectNode payload = read(request.body());
        change.accept(payload);
        return withBody(request, payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    static WebhookRequest withBody(WebhookRequest request, byte[] body) {
        return new WebhookRequest(request.headers(), body);
    }

    static WebhookRequest withHeader(WebhookRequest request, String name, String value) {
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return new WebhookRequest(headers, request.body());
    }

    /** Renames the repository everywhere the payload names it: {@code acme/app} becomes {@code acme/other}. */
    static void renameRepository(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isTextual()) {
                    String text = value.asText();
                    boolean bareName = text.equals("app") && List.of("slug", "alias", "name").contains(name);
                    object.set(name, new TextNode(bareName ? "other" : APP_SEGMENT.matcher(text).replaceAll("other")));
                } else {
                    renameRepository(value);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(ProviderCases::renameRepository);
        }
    }

    /** Removes every object that names the repository. */
    void removeRepository(ObjectNode payload) {
        for (String field : repositoryFields) {
            int dot = field.indexOf('.');
            if (dot < 0) {
                payload.remove(field);
            } else {
                ((ObjectNode) payload.get(field.substring(0, dot))).remove(field.substring(dot + 1));
            }
        }
    }

    private static ObjectNode read(byte[] body) {
        try {
            return (ObjectNode) MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return provider;
    }
}
