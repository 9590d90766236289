package io.gitbridge.provider.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which of GitHub's deliveries a catch-up asks GitHub to deliver again, and which it leaves. Attempts are grouped by
 * GUID (every redelivery of an event shares it), so each event is asked for at most once, by its latest attempt.
 * An event is asked for when GitHub's latest attempt of it failed (any status but 2xx: a later attempt that succeeded
 * fixed the earlier ones) or when gitbridge never logged its GUID as received. Oldest events go first, so a build
 * repository synced from redelivered pushes ends at the newest one.
 *
 * @param requested the events to redeliver, oldest first, each with its latest attempt and {@link Why#MISSED} or
 *     {@link Why#FAILED}
 * @param skipped the events left alone, newest first, each with its latest attempt and why
 */
public record GitHubRedeliveryPlan(List<Choice> requested, List<Choice> skipped) {

    public GitHubRedeliveryPlan {
        requested = List.copyOf(requested);
        skipped = List.copyOf(skipped);
    }

    /** Why an event is redelivered or left alone. */
    public enum Why {
        /** GitHub's latest attempt succeeded, but gitbridge's log has no entry for its GUID. */
        MISSED,
        /** GitHub's latest attempt did not get a 2xx answer. */
        FAILED,
        /** GitHub's latest attempt succeeded and gitbridge logged the GUID as received. */
        DELIVERED,
        /** GitHub's latest attempt succeeded; gitbridge cannot tell whether its log has it. */
        UNCHECKED,
        /** It would be redelivered, but this catch-up already asked for as many as it may. */
        LIMIT;

        /** The value on the wire: the name in lower case. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One event: its latest attempt in GitHub's log and why it is (not) redelivered. */
    public record Choice(GitHubHookDelivery delivery, Why why) {
    }

    /** Whether gitbridge logged an event as received. */
    @FunctionalInterface
    public interface ReceivedCheck {

        /**
         * @param latest the event's latest attempt (its GUID, its repository)
         * @param firstAttemptAt GitHub's earliest attempt of it in the window
         * @return true or false, or empty when gitbridge cannot tell (its log was not read back that far, or no log
         *     is known to be the event's)
         */
        Optional<Boolean> received(GitHubHookDelivery latest, Instant firstAttemptAt);
    }

    /**
     * The plan for the attempts GitHub listed (any order, any pages), considering those made at or after
     * {@code since}.
     *
     * @param maxRedeliveries the most events to ask for; the rest are skipped with {@link Why#LIMIT}
     */
    public static GitHubRedeliveryPlan of(List<GitHubHookDelivery> attempts, Instant since, ReceivedCheck received,
            int maxRedeliveries) {
        Map<String, List<GitHubHookDelivery>> byGuid = new LinkedHashMap<>();
        attempts.stream().filter(attempt -> !attempt.deliveredAt().isBefore(since))
                .forEach(attempt -> byGuid.computeIfAbsent(attempt.guid(), guid -> new ArrayList<>()).add(attempt));
        Comparator<GitHubHookDelivery> byTime = Comparator.comparing(GitHubHookDelivery::deliveredAt)
                .thenComparingLong(GitHubHookDelivery::id);
        List<Choice> wanted = new ArrayList<>();
        List<Choice> skipped = new ArrayList<>();
        for (List<GitHubHookDelivery> event : byGuid.values()) {
            GitHubHookDelivery latest = event.stream().max(byTime).orElseThrow();
            Instant first = event.stream().min(byTime).orElseThrow().deliveredAt();
            if (!latest.succeeded()) {
                wanted.add(new Choice(latest, Why.FAILED));
                continue;
            }
            Optional<Boolean> logged = received.received(latest, first);
            if (logged.isEmpty()) {
                skipped.add(new Choice(latest, Why.UNCHECKED));
            } else if (logged.get()) {
                skipped.add(new Choice(latest, Why.DELIVERED));
            } else {
                wanted.add(new Choice(latest, Why.MISSED));
            }
        }
        wanted.sort(Comparator.comparing(Choice::delivery, byTime));
        List<Choice> requested = new ArrayList<>();
        for (Choice choice : wanted) {
            if (requested.size() < maxRedeliveries) {
                requested.add(choice);
            } else {
                skipped.add(new Choice(choice.delivery(), Why.LIMIT));
            }
        }
        skipped.sort(Comparator.comparing(Choice::delivery, byTime).reversed());
        return new GitHubRedeliveryPlan(requested, skipped);
    }
}
