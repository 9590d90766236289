package io.gitbridge.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The projects a caller administers, read from one claim of its JWT as API Gateway's JWT authorizer hands it to the
 * function: every claim arrives as a string, and an array claim {@code ["demo","app"]} arrives spelled
 * {@code [demo app]} (space-separated in brackets). Also read: the JSON spelling of an array, a single name, and
 * names separated by spaces or commas. {@code *} stands for every project. Project names are compared ignoring case.
 *
 * @param all true when the claim names {@code *}
 * @param projects the named projects, lower case
 */
record ProjectGrant(boolean all, Set<String> projects) {

    /** No project at all: the claim is absent or empty. */
    static final ProjectGrant NONE = new ProjectGrant(false, Set.of());

    /** A claim longer than this is not read (a JWT never gets near it: API Gateway takes 10 KB of headers). */
    static final int MAX_CLAIM_LENGTH = 16 * 1024;

    ProjectGrant {
        projects = Set.copyOf(projects);
    }

    /** The grant a claim's value holds; {@link #NONE} for null, blank or over-long values. */
    static ProjectGrant parse(String claim) {
        if (claim == null || claim.isBlank() || claim.length() > MAX_CLAIM_LENGTH) {
            return NONE;
        }
        String value = claim.strip();
        Set<String> names = new LinkedHashSet<>();
        if (value.startsWith("[") && !addJsonArray(value, names)) {
            // API Gateway's spelling of an array claim, [a b c]: no JSON quotes, names separated by spaces.
            value = value.endsWith("]") ? value.substring(1, value.length() - 1) : value.substring(1);
            addSeparated(value, names);
        } else if (!value.startsWith("[")) {
            addSeparated(value, names);
        }
        boolean all = names.remove("*");
        return names.isEmpty() && !all ? NONE : new ProjectGrant(all, names);
    }

    /** True when this grant covers {@code project}, ignoring case. */
    boolean covers(String project) {
        return all || projects.contains(project.toLowerCase(Locale.ROOT));
    }

    /** Adds the strings of a JSON array; false (adding nothing) when {@code value} is no JSON array of strings. */
    private static boolean addJsonArray(String value, Set<String> names) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(value);
        } catch (java.io.IOException e) {
            return false;
        }
        if (node == null || !node.isArray()) {
            return false;
        }
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                return false;
            }
        }
        node.forEach(element -> addSeparated(element.asText(), names));
        return true;
    }

    private static void addSeparated(String value, Set<String> names) {
        for (String name : value.split("[\\s,]+")) {
            if (!name.isEmpty()) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
    }
}
