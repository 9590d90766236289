package io.gitbridge.provider;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A delivery as received: headers (names case-insensitive) and the exact body bytes, already decoded
 * from API Gateway's base64 but otherwise untouched, so signatures are checked over what the provider signed.
 *
 * @param headers header names in lower case
 * @param body the raw body
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue,
                        (a, b) -> a + "," + b));
        body = body.clone();
    }

    /** The header's value, looked up case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** True when the header is present, whatever its value. */
    public boolean hasHeader(String name) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The media type of the body without parameters, lower case; empty when no Content-Type was sent. */
    public String mediaType() {
        String value = header("content-type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Header names and the body's size only: headers can carry the secret itself (GitLab, GitFlic, Azure DevOps). */
    @Override
    public String toString() {
        return "WebhookRequest[headers=" + new java.util.TreeSet<>(headers.keySet()) + ", body=" + body.length + " bytes]";
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
