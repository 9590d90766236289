package io.gitbridge.provider;

import java.util.Optional;

/**
 * Bounds on the names a delivery gives itself, its event name and its delivery id, which reach the delivery log's key
 * and records: at most {@value #MAX_EVENT_NAME} and {@value #MAX_DELIVERY_ID} characters, no control characters.
 * Real values are far shorter: event names such as {@code Push Hook} or {@code repo:refs_changed}, delivery ids that
 * are UUIDs or {@code body-<sha256 hex>}.
 */
public final class DeliveryNames {

    /** The longest event name accepted. */
    public static final int MAX_EVENT_NAME = 100;
    /** The longest delivery id accepted. */
    public static final int MAX_DELIVERY_ID = 200;

    private DeliveryNames() {
    }

    /**
     * The first of {@code headers} present with a non-blank, well-formed value, for {@link WebhookProvider#eventName};
     * {@link WebhookProvider#UNKNOWN_EVENT} when none is. Never throws: it is read for refused deliveries too.
     */
    public static String eventName(WebhookRequest request, String... headers) {
        for (String header : headers) {
            Optional<String> value = request.header(header).filter(name -> !name.isBlank());
            if (value.isPresent()) {
                return problem(value.get(), MAX_EVENT_NAME).isEmpty() ? value.get() : WebhookProvider.UNKNOWN_EVENT;
            }
        }
        return WebhookProvider.UNKNOWN_EVENT;
    }

    /**
     * Requires a well-formed event name.
     *
     * @param source where it came from, e.g. {@code X-GitHub-Event} or {@code eventType}, for the reason
     * @throws MalformedPayloadException when it is longer than {@value #MAX_EVENT_NAME} characters or holds a control
     *         character
     */
    public static String requireEventName(String name, String source) {
        problem(name, MAX_EVENT_NAME).ifPresent(problem -> {
            throw new MalformedPayloadException(source + " " + problem);
        });
        return name;
    }

    /**
     * Requires a well-formed delivery id.
     *
     * @param source where it came from, e.g. {@code X-GitHub-Delivery}, for the reason
     * @throws MalformedPayloadException when it is longer than {@value #MAX_DELIVERY_ID} characters or holds a
     *         control character
     */
    public static String requireDeliveryId(String id, String source) {
        problem(id, MAX_DELIVERY_ID).ifPresent(problem -> {
            throw new MalformedPayloadException(source + " " + problem);
        });
        return id;
    }

    private static Optional<String> problem(String value, int maxLength) {
        if (value.length() > maxLength) {
            return Optional.of("is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("holds a control character");
        }
        return Optional.empty();
    }
}
