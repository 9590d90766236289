package io.gitbridge.provider;

import static io.gitbridge.provider.TestRequests.BOTH;
import static io.gitbridge.provider.TestRequests.PUSH_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PushRulesTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final PushRules.Move MOVED = new PushRules.Move(false, () -> COMMIT);
    private static final PushRules.Move DELETED = new PushRules.Move(true, () -> {
        throw new AssertionError("a deletion has no commit to read");
    });

    private final PushRules rules = PushRules.waitingFor("pipeline");

    @Test
    void classify_syncsAMoveOfTheHooksBranch() {
        assertThat(rules.classify("refs/heads/main", MOVED, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", COMMIT));
    }

    @Test
    void classify_waitsForCi_onlyWhenTheProviderHasCi() {
        assertThat(rules.classify("refs/heads/main", MOVED, "main", BOTH))
                .isEqualTo(new WebhookEvent.Ignored("this hook syncs on CI success; the push waits for its pipeline"));
        assertThat(PushRules.pushOnly().classify("refs/heads/main", MOVED, "main", BOTH))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", COMMIT));
    }

    @Test
    void classify_ignoresADeletion_withoutReadingACommit() {
        assertThat(rules.classify("refs/heads/main", DELETED, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.Ignored("branch deletion refs/heads/main does not sync"));
    }

    @Test
    void classify_readsTheCommit_onlyForTheHooksBranch() {
        PushRules.Move malformed = new PushRules.Move(false, () -> GitRefs.requireCommit("abc", "after"));

        assertThat(rules.classify("refs/heads/feature", malformed, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.Ignored("push to refs/heads/feature; this hook follows refs/heads/main"));
        assertThatThrownBy(() -> rules.classify("refs/heads/main", malformed, "main", PUSH_ONLY))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("after is not a 40-hex commit id");
    }

    @Test
    void classify_namesEveryOtherRef_andCallsATagOnlyPushATagPush() {
        assertThat(rules.classify(List.of("refs/tags/v1", "refs/tags/v2"), r -> r, r -> MOVED, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.Ignored("tag push refs/tags/v1, refs/tags/v2 does not sync"));
        assertThat(rules.classify(List.of("refs/tags/v1", "refs/heads/dev"), r -> r, r -> MOVED, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.Ignored("push to refs/tags/v1, refs/heads/dev; this hook follows refs/heads/main"));
        assertThat(rules.classify(List.<String>of(), r -> r, r -> MOVED, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.Ignored("push changed no refs"));
    }

    @Test
    void classify_decidesByTheHooksBranch_whereverItIsInThePush() {
        assertThat(rules.classify(List.of("refs/tags/v1", "refs/heads/main"), r -> r, r -> MOVED, "main", PUSH_ONLY))
                .isEqualTo(new WebhookEvent.SyncTrigger(EventKind.PUSH, "refs/heads/main", COMMIT));
    }
}
