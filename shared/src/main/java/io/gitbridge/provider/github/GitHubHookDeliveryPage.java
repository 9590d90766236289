package io.gitbridge.provider.github;

import java.util.List;
import java.util.Optional;

/**
 * One page of GitHub's log of a webhook's deliveries, newest first.
 *
 * @param items the attempts on this page
 * @param next GitHub's cursor of the next page (the {@code cursor} parameter of its {@code Link: …; rel="next"}), or
 *     null on the last page; at most {@link GitHubHookDeliveries#MAX_CURSOR_LENGTH} visible ASCII characters
 */
public record GitHubHookDeliveryPage(List<GitHubHookDelivery> items, String next) {

    public GitHubHookDeliveryPage {
        items = List.copyOf(items);
    }

    /** GitHub's cursor of the next page, when there is one. */
    public Optional<String> nextCursor() {
        return Optional.ofNullable(next);
    }
}
