package io.gitbridge.hooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitbridge.hook.HookValidator;
import io.gitbridge.hook.ValidationException;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.HttpApi;
import io.gitbridge.json.Json;
import io.gitbridge.provider.InvalidPageException;
import io.gitbridge.provider.ListedRepository;
import io.gitbridge.provider.ListingPage;
import io.gitbridge.provider.ListingRequest;
import io.gitbridge.provider.RepositoryListing;
import io.gitbridge.provider.RepositoryListings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The repository and branch picker: {@code POST /providers/{provider}/repositories} and
 * {@code POST /providers/{provider}/branches}, whose body carries the token (so it is never in a URL or an access
 * log), used for one listing call and then forgotten. Answers {@code {"items": […], "next": cursor-or-null}}; the
 * cursor is opaque to clients and holds only the provider's page number, offset or continuation token (never a URL),
 * so the next request still goes to the {@code apiUrl} it names, which the URL policy checks every time.
 * Provider failures reach the handler's one mapping as {@code RegistrationException}s.
 */
final class ProviderRoutes {

    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_QUERY_LENGTH = 100;
    private static final int MAX_REPOSITORY_LENGTH = 512;
    private static final int MAX_PAGE_TOKEN_LENGTH = 300;
    /** The most items one answer holds, whatever the provider sent (it was asked for far fewer). */
    private static final int MAX_ITEMS = 100;
    private static final String CURSOR_VERSION = "1";
    private static final Set<String> REPOSITORY_FIELDS = Set.of("token", "apiUrl", "query", "cursor");
    private static final Set<String> BRANCH_FIELDS = Set.of("token", "apiUrl", "repository", "cursor");

    private final Supplier<HookValidator> validator;

    /** @param validator checks {@code apiUrl} against the deployment's URL policy, as it does for hooks */
    ProviderRoutes(Supplier<HookValidator> validator) {
        this.validator = validator;
    }

    /**
     * One page of the repositories the token can see.
     *
     * @param requestBody the request's JSON object, read only once the provider is known
     */
    APIGatewayV2HTTPResponse repositories(String providerId, Supplier<JsonNode> requestBody) {
        Optional<RepositoryListing> listing = RepositoryListings.of(providerId);
        if (listing.isEmpty()) {
            return unknownProvider(providerId);
        }
        JsonNode body = requestBody.get();
        Map<String, String> errors = new LinkedHashMap<>();
        unknownFields(body, REPOSITORY_FIELDS, errors);
        String query = text(body, "query", false, MAX_QUERY_LENGTH, errors);
        ListingRequest request = request(providerId, "repositories", listing.get(), body, errors, query);
        ListingPage<ListedRepository> page;
        try {
            page = listing.get().repositories(request);
        } catch (InvalidPageException e) {
            throw invalidCursor();
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (ListedRepository repository : page.items()) {
            if (items.size() == MAX_ITEMS || !fits(repository.fullName(), MAX_REPOSITORY_LENGTH)) {
                continue; // a name the branch list would refuse is no use to pick
            }
            ObjectNode item = items.addObject()
                    .put("fullName", repository.fullName())
                    .put("cloneUrl", fits(repository.cloneUrl(), MAX_URL_LENGTH) ? repository.cloneUrl() : null)
                    .put("defaultBranch", fits(repository.defaultBranch(), Bounds.MAX_REF_LENGTH)
                            ? repository.defaultBranch() : null)
                    .put("private", repository.isPrivate());
            if (repository.canManageHooks() == null) {
                item.putNull("canManageHooks");
            } else {
                item.put("canManageHooks", repository.canManageHooks());
            }
        }
        return answer(items, providerId, "repositories", page.next());
    }

    /**
     * One page of a repository's branch names.
     *
     * @param requestBody the request's JSON object, read only once the provider is known
     */
    APIGatewayV2HTTPResponse branches(String providerId, Supplier<JsonNode> requestBody) {
        Optional<RepositoryListing> listing = RepositoryListings.of(providerId);
        if (listing.isEmpty()) {
            return unknownProvider(providerId);
        }
        JsonNode body = requestBody.get();
        Map<String, String> errors = new LinkedHashMap<>();
        unknownFields(body, BRANCH_FIELDS, errors);
        String repository = text(body, "repository", true, MAX_REPOSITORY_LENGTH, errors);
        ListingRequest request = request(providerId, "branches", listing.get(), body, errors, null);
        ListingPage<String> page;
        try {
            page = listing.get().branches(request, repository);
        } catch (InvalidPageException e) {
            throw invalidCursor();
        } catch (IllegalArgumentException e) {
            throw new ValidationException(Map.of("repository", e.getMessage()));
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().stream().filter(name -> fits(name, Bounds.MAX_REF_LENGTH)).limit(MAX_ITEMS)
                .forEach(name -> items.addObject().put("name", name));
        return answer(items, providerId, "branches", page.next());
    }

    private ListingRequest request(String providerId, String kind, RepositoryListing listing, JsonNode body,
            Map<String, String> errors, String query) {
        String token = text(body, "token", true, MAX_TOKEN_LENGTH, errors);
        if (token != null && token.isBlank()) {
            errors.put("token", "must not be blank");
        }
        String apiUrl = apiUrl(providerId, listing, body, errors);
        String cursor = text(body, "cursor", false, Bounds.MAX_CURSOR_LENGTH, errors);
        String page = null;
        if (cursor != null && !errors.containsKey("cursor")) {
            page = decode(cursor, providerId, kind).orElse(null);
            if (page == null) {
                errors.put("cursor", invalidCursor().fields().get("cursor"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new ListingRequest(apiUrl, token, query, page);
    }

    private String apiUrl(String providerId, RepositoryListing listing, JsonNode body, Map<String, String> errors) {
        String apiUrl = text(body, "apiUrl", false, MAX_URL_LENGTH, errors);
        if (errors.containsKey("apiUrl")) {
            return null;
        }
        if (apiUrl == null) {
            if (listing.defaultApiUrl().isEmpty()) {
                errors.put("apiUrl", "is required for provider " + providerId + ": the API base URL, e.g. "
                        + listing.apiUrlExample());
            }
            return listing.defaultApiUrl().orElse(null);
        }
        Optional<String> problem = validator.get().apiUrlProblem(apiUrl);
        problem.ifPresent(reason -> errors.put("apiUrl", reason));
        return problem.isPresent() ? null : apiUrl.replaceAll("/+$", "");
    }

    /** True for a value that is there and no longer than {@code max}: provider answers are bounded like input. */
    private static boolean fits(String value, int max) {
        return value != null && value.length() <= max;
    }

    private static void unknownFields(JsonNode body, Set<String> known, Map<String, String> errors) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.put(Bounds.cut(name), "unknown field; this route takes " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** A string field: null when absent (or JSON null, for an optional one); at most {@code max} characters. */
    private static String text(JsonNode body, String field, boolean required, int max, Map<String, String> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.put(field, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.put(field, "must be a string");
            return null;
        }
        String text = value.asText();
        if (text.length() > max) {
            errors.put(field, "must be at most " + max + " characters");
            return null;
        }
        if (text.chars().anyMatch(Character::isISOControl) || text.codePoints().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
            errors.put(field, "must not contain control characters or lone surrogates");
            return null;
        }
        return text;
    }

    private static APIGatewayV2HTTPResponse answer(ArrayNode items, String providerId, String kind, String next) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("items", items);
        if (next == null || next.length() > MAX_PAGE_TOKEN_LENGTH) {
            body.putNull("next");
        } else {
            body.put("next", encode(providerId, kind, next));
        }
        return HttpApi.json(200, body);
    }

    /** {@code base64url("1\n" + provider + "\n" + kind + "\n" + page)}: a cursor names its list, so it fits no other. */
    static String encode(String providerId, String kind, String page) {
        String plain = String.join("\n", List.of(CURSOR_VERSION, providerId, kind, page));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The page token in a cursor this route gave for the same provider and list; empty for anything else. */
    static Optional<String> decode(String cursor, String providerId, String kind) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = plain.split("\n", -1);
        if (parts.length != 4 || !parts[0].equals(CURSOR_VERSION) || !parts[1].equals(providerId)
                || !parts[2].equals(kind)) {
            return Optional.empty();
        }
        String page = parts[3];
        if (page.isEmpty() || page.length() > MAX_PAGE_TOKEN_LENGTH
                || !page.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.empty();
        }
        return Optional.of(page);
    }

    private static ValidationException invalidCursor() {
        return new ValidationException(Map.of("cursor", "is not a cursor this list gave; start again without one"));
    }

    private static APIGatewayV2HTTPResponse unknownProvider(String providerId) {
        return HttpApi.error(404, "not_found", "no provider " + Bounds.cut(providerId) + "; gitbridge lists"
                + " repositories of azure-devops, bitbucket, bitbucket-server, gitea, gitflic, github, gitlab and gogs");
    }
}
