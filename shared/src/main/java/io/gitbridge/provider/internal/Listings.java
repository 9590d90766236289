package io.gitbridge.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.InvalidPageException;
import io.gitbridge.provider.ListingPage;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What every provider's repository listing needs: page numbers, query strings, Link headers, local pages. */
public final class Listings {

    /** The most a page number may be: a cursor names no page past what any provider pages through. */
    private static final int MAX_PAGE = 1_000_000;
    /** {@code <url>; rel="next"} in an RFC 8288 {@code Link} header, as GitHub, GitLab and Gitea send it. */
    private static final Pattern NEXT_LINK = Pattern.compile("<[^>]*>\\s*;[^,]*\\brel=\"?([^\",;]*\\s)?next[\\s\"]");

    private Listings() {
    }

    /**
     * The page number a page token names, {@code first} when there is none.
     *
     * @throws InvalidPageException when the token is not a page number from {@code first} on
     */
    public static int pageNumber(String page, int first) {
        if (page == null) {
            return first;
        }
        if (page.isEmpty() || page.length() > 7 || !page.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidPageException("does not name a page of this list");
        }
        int number = Integer.parseInt(page);
        if (number < first || number > MAX_PAGE) {
            throw new InvalidPageException("does not name a page of this list");
        }
        return number;
    }

    /** {@code ?name=value&…} with every name and value form-encoded; pairs whose value is null are left out. */
    public static String query(Object... namesAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                continue;
            }
            query.append(query.length() == 0 ? '?' : '&')
                    .append(URLEncoder.encode(namesAndValues[i].toString(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1].toString(), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** True when an RFC 8288 {@code Link} header has a {@code rel="next"} link. */
    public static boolean hasNextLink(Optional<String> link) {
        return link.map(value -> NEXT_LINK.matcher(value + " ").find()).orElse(false);
    }

    /**
     * The page of {@code all} a page token names, for providers that answer everything at once: the token is the
     * offset of the page's first item.
     *
     * @throws InvalidPageException when the token is not an offset inside the list
     */
    public static <T> ListingPage<T> slice(List<T> all, String page, int size) {
        int from = pageNumber(page, 0);
        if (from > 0 && from >= all.size()) {
            throw new InvalidPageException("does not name a page of this list (it has " + all.size() + " items)");
        }
        int to = Math.min(all.size(), from + size);
        return new ListingPage<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    /** True when there is no search, or {@code fullName} contains it, ignoring case. */
    public static boolean matches(String fullName, Optional<String> search) {
        return search.isEmpty() || fullName != null
                && fullName.toLowerCase(Locale.ROOT).contains(search.get().toLowerCase(Locale.ROOT));
    }

    /** The text at {@code field}, or null when it is missing or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** The boolean at {@code field}, or null when it is missing or not a boolean. */
    public static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isBoolean() ? value.asBoolean() : null;
    }

    /** The elements of an array node; none when it is not an array. */
    public static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(elements::add);
        }
        return elements;
    }

    /** {@code name} without a leading {@code refs/heads/}. */
    public static String branchName(String name) {
        return name != null && name.startsWith("refs/heads/") ? name.substring("refs/heads/".length()) : name;
    }

    /**
     * A clone URL without the user name some providers put in it ({@code https://user@bitbucket.org/…}), so that the
     * URL is the same for every admin and carries no identity.
     */
    public static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url;
        }
    }

    /**
     * The {@code /}-separated parts of a repository's full name as the listing gave it.
     *
     * @param min the fewest parts the provider's names have
     * @param max the most
     * @param shape what the name looks like, for the message, e.g. {@code owner/name}
     * @throws IllegalArgumentException when the name does not have that shape
     */
    public static List<String> parts(String repository, int min, int max, String shape) {
        List<String> parts = List.of(repository.split("/", -1));
        if (parts.size() < min || parts.size() > max || parts.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("must be " + shape + ", as the repository list names it");
        }
        return parts;
    }
}
