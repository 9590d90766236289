package io.gitbridge.receive;

import io.gitbridge.http.BadRequestException;
import io.gitbridge.http.Bounds;
import io.gitbridge.http.UnsupportedMediaTypeException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a delivery's headers before anything verifies or reads it: headers that must appear once, and the body's
 * content coding.
 *
 * <p>API Gateway's HTTP API (payload format 2.0) joins a repeated header's values with commas, and so does the local
 * runner's front. A delivery id, an event name or a hex signature never holds a comma, so a comma in one of them
 * means the header was sent twice, and which value counts would be a guess: 400. Headers whose single value may
 * hold commas ({@code webhook-signature} lists signatures as {@code v1,<base64>}, {@code Authorization}, secret
 * token headers whose value the admin chose) are not checked here; repeating them fails verification instead.
 */
public final class DeliveryHeaders {

    /** Headers that carry one id, event name or hex signature, lower case. */
    static final Set<String> SINGLE = Set.of(
            "x-github-delivery", "x-github-event", "x-hub-signature-256", "x-hub-signature",
            "x-gitlab-event", "x-gitlab-event-uuid", "idempotency-key",
            "x-gitea-delivery", "x-gitea-event", "x-gitea-signature",
            "x-forgejo-delivery", "x-forgejo-event", "x-forgejo-signature",
            "x-gogs-delivery", "x-gogs-event", "x-gogs-signature",
            "x-event-key", "x-request-uuid", "x-request-id", "x-hook-uuid",
            "webhook-id", "webhook-timestamp");
    /** The longest value of a {@link #SINGLE} header: a hex SHA-256 signature with its prefix is 71. */
    static final int MAX_SINGLE_LENGTH = 200;

    private DeliveryHeaders() {
    }

    /**
     * Checks the headers of one delivery.
     *
     * @param headers the headers, names in any case
     * @throws BadRequestException when a header that must be single was repeated, is longer than
     *         {@value #MAX_SINGLE_LENGTH} characters or holds control characters
     * @throws UnsupportedMediaTypeException when the body has a content coding other than {@code identity}: the
     *         signature is over the bytes the provider sent, which the receiver does not decompress
     */
    public static void check(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = header.getValue() == null ? "" : header.getValue();
            if (SINGLE.contains(name)) {
                if (value.indexOf(',') >= 0) {
                    throw new BadRequestException("header " + name + " must appear once, got several values: \""
                            + Bounds.cut(value) + "\"", null);
                }
                Bounds.requireText("header " + name, value, MAX_SINGLE_LENGTH);
            }
            if (name.equals("content-encoding") && !value.isBlank()
                    && !value.trim().equalsIgnoreCase("identity")) {
                throw new UnsupportedMediaTypeException("Content-Encoding " + Bounds.cut(value.trim())
                        + " is not accepted: send the body uncompressed");
            }
        }
    }
}
