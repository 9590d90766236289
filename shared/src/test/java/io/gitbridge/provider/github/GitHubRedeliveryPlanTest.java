package io.gitbridge.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.provider.github.GitHubRedeliveryPlan.Choice;
import io.gitbridge.provider.github.GitHubRedeliveryPlan.Why;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GitHubRedeliveryPlanTest {

    private static final Instant SINCE = Instant.parse("2026-11-30T04:00:00Z");

    private static GitHubHookDelivery attempt(long id, String guid, int status, int minutesAfterSince,
            boolean redelivery) {
        return new GitHubHookDelivery(id, guid, "push", null, status, status == 200 ? "OK" : "failed",
                SINCE.plusSeconds(60L * minutesAfterSince), redelivery, 0.1, 1296269L, null);
    }

    private static GitHubRedeliveryPlan.ReceivedCheck received(Set<String> guids) {
        return (latest, at) -> Optional.of(guids.contains(latest.guid()));
    }

    private static List<String> summary(List<Choice> choices) {
        return choices.stream().map(choice -> choice.delivery().id() + ":" + choice.delivery().guid() + ":"
                + choice.why().wire()).toList();
    }

    @Test
    void of_asksForMissedAndFailedEvents_oldestFirst_andSkipsDelivered() {
        List<GitHubHookDelivery> attempts = List.of(
                attempt(4, "d", 200, 40, false),
                attempt(3, "c", 500, 30, false),
                attempt(2, "b", 200, 20, false),
                attempt(1, "a", 200, 10, false));

        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, SINCE, received(Set.of("a", "c", "d")), 50);

        assertThat(summary(plan.requested())).containsExactly("2:b:missed", "3:c:failed");
        assertThat(summary(plan.skipped())).containsExactly("4:d:delivered", "1:a:delivered");
    }

    @Test
    void of_asksForAnEventOnce_byItsLatestAttempt_whenSeveralAttemptsFailed() {
        List<GitHubHookDelivery> attempts = List.of(
                attempt(7, "e", 502, 50, true),
                attempt(6, "e", 0, 45, true),
                attempt(5, "e", 500, 5, false));

        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, SINCE, received(Set.of()), 50);

        assertThat(summary(plan.requested())).containsExactly("7:e:failed");
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void of_leavesAFailedEvent_thatALaterRedeliveryFixed() {
        List<GitHubHookDelivery> attempts = List.of(
                attempt(9, "f", 202, 30, true),
                attempt(8, "f", 500, 10, false));

        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, SINCE, received(Set.of("f")), 50);

        assertThat(plan.requested()).isEmpty();
        assertThat(summary(plan.skipped())).containsExactly("9:f:delivered");
    }

    @Test
    void of_asksAgain_whenTheLatestAttemptFailedAfterAnEarlierSuccess() {
        List<GitHubHookDelivery> attempts = List.of(
                attempt(11, "g", 503, 30, true),
                attempt(10, "g", 200, 10, false));

        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, SINCE, received(Set.of("g")), 50);

        assertThat(summary(plan.requested())).containsExactly("11:g:failed");
    }

    @Test
    void of_ignoresAttemptsBeforeSince() {
        List<GitHubHookDelivery> attempts = List.of(
                attempt(13, "h", 200, 1, false),
                attempt(12, "i", 500, -1, false));

        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, SINCE, received(Set.of("h")), 50);

        assertThat(plan.requested()).isEmpty();
        assertThat(summary(plan.skipped())).containsExactly("13:h:delivered");
    }

    @Test
    void of_skipsEventsPastTheLimit_keepingTheOldest() {
        List<GitHubHookDelivery> attempts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            attempts.add(attempt(i, "guid-" + i, 500, i, false));
        }

        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, SINCE, received(Set.of()), 3);

        assertThat(summary(plan.requested())).containsExactly("1:guid-1:failed", "2:guid-2:failed", "3:guid-3:failed");
        assertThat(summary(plan.skipped())).containsExactly("5:guid-5:limit", "4:guid-4:limit");
    }

    @Test
    void of_leavesSuccessfulEventsUnchecked_whenGitbridgesLogWasNotReadThatFarBack_butStillAsksForFailedOnes() {
        List<GitHubHookDelivery> attempts = List.of(
                attempt(21, "j", 200, 10, false),
                attempt(20, "k", 500, 5, false));
        Map<String, Optional<Boolean>> known = Map.of();

        GitHubRedeliveryPlan plan = GitHubRedeliveryPlan.of(attempts, SINCE,
                (latest, at) -> known.getOrDefault(latest.guid(), Optional.empty()), 50);

        assertThat(summary(plan.requested())).containsExactly("20:k:failed");
        assertThat(summary(plan.skipped())).containsExactly("21:j:unchecked");
    }

    @Test
    void of_asksTheReceivedCheckWithTheEventsFirstAttempt() {
        List<Instant> asked = new ArrayList<>();
        GitHubRedeliveryPlan.of(List.of(attempt(31, "l", 200, 20, true), attempt(30, "l", 500, 3, false)), SINCE,
                (latest, at) -> {
                    assertThat(latest.id()).isEqualTo(31);
                    asked.add(at);
                    return Optional.of(true);
                }, 50);

        assertThat(asked).containsExactly(SINCE.plusSeconds(180));
    }
}
