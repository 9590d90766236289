package io.gitbridge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookEvents;
import io.gitbridge.hook.HookIds;
import io.gitbridge.hook.InvalidCursorException;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.Page;
import io.gitbridge.hook.ProjectTakenException;
import io.gitbridge.hook.Registration;
import io.gitbridge.testkit.aws.AwsTestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoHookRepositoryIT {

    private final AwsTestEnvironment aws = AwsTestEnvironment.get();
    private final DynamoDbClient dynamoDb = aws.dynamoDb();
    private DynamoHookRepository hooks;

    @BeforeEach
    void createTable() {
        String table = aws.uniqueName("hooks");
        Provisioning.createHooksTable(dynamoDb, table);
        hooks = new DynamoHookRepository(dynamoDb, table);
    }

    static Hook hook(String project) {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        return Hook.builder().id(HookIds.next()).project(project).provider("github")
                .sourceRepo("https://github.com/acme/app.git").branch("main").events(new HookEvents(true, false))
                .secret("0123456789abcdef").token("ghp_token").buildRepo("https://git.example.net/b.git")
                .buildBranch("master").createdAt(now).updatedAt(now).build();
    }

    @Test
    void create_thenFind_returnsEveryField() {
        Hook hook = hook("app");

        hooks.create(hook);

        assertThat(hooks.find(hook.id())).contains(hook);
    }

    @Test
    void find_isEmpty_forUnknownIdAndForGuardItems() {
        hooks.create(hook("app"));

        assertThat(hooks.find("hk_unknown")).isEmpty();
        assertThat(hooks.find("project#app")).isEmpty();
    }

    @Test
    void create_refusesASecondHookForTheSameProject() {
        hooks.create(hook("app"));
        Hook second = hook("app");

        assertThatThrownBy(() -> hooks.create(second)).isInstanceOf(ProjectTakenException.class)
                .hasMessage("project 'app' already has a hook");
        assertThat(hooks.find(second.id())).isEmpty();
    }

    @Test
    void create_concurrentCreatesForOneProject_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(() -> {
                try {
                    hooks.create(hook("race"));
                    return true;
                } catch (ProjectTakenException e) {
                    return false;
                }
            });
        }
        int wins = 0;
        for (Future<Boolean> result : pool.invokeAll(attempts)) {
            wins += result.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(wins).isEqualTo(1);
        assertThat(hooks.list(100, null).items()).hasSize(1);
    }

    @Test
    void update_movesTheProjectGuard() {
        Hook hook = hook("old");
        hooks.create(hook);
        Hook moved = hook.toBuilder().project("new").branch("develop").token(null).buildBranch("main")
                .buildToken("build-token").apiUrl("https://github.example.com/api/v3")
                .registration(new Registration(Registration.Status.REGISTERED, "12345", null))
                .updatedAt(hook.updatedAt().plusSeconds(5)).build();

        assertThat(hooks.update(hook, moved)).isTrue();

        assertThat(hooks.find(hook.id())).contains(moved);
        hooks.create(hook("old"));
        assertThatThrownBy(() -> hooks.create(hook("new"))).isInstanceOf(ProjectTakenException.class);
    }

    @Test
    void update_refusesAProjectThatIsTaken() {
        Hook first = hook("one");
        Hook second = hook("two");
        hooks.create(first);
        hooks.create(second);
        Hook clash = second.toBuilder().project("one").build();

        assertThatThrownBy(() -> hooks.update(second, clash)).isInstanceOf(ProjectTakenException.class);
        assertThat(hooks.find(second.id())).contains(second);
    }

    @Test
    void update_keepsTheLastSync() {
        Hook hook = hook("app");
        hooks.create(hook);
        LastSync sync = new LastSync(LastSync.Status.SYNCED, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                Instant.parse("2026-11-21T10:01:00Z"), null);
        hooks.recordSync(hook.id(), sync);

        hooks.update(hook, hook.toBuilder().branch("release").build());

        assertThat(hooks.find(hook.id()).orElseThrow().lastSync()).isEqualTo(sync);
        assertThat(hooks.find(hook.id()).orElseThrow().branch()).isEqualTo("release");
    }

    @Test
    void update_returnsFalse_whenTheHookIsGone() {
        Hook hook = hook("app");

        assertThat(hooks.update(hook, hook)).isFalse();
    }

    @Test
    void delete_freesTheProject() {
        Hook hook = hook("app");
        hooks.create(hook);

        assertThat(hooks.delete(hook.id())).isTrue();
        assertThat(hooks.delete(hook.id())).isFalse();

        assertThat(hooks.find(hook.id())).isEmpty();
        hooks.create(hook("app"));
    }

    @Test
    void recordSync_storesTheOutcome_andIgnoresDeletedHooks() {
        Hook hook = hook("app");
        hooks.create(hook);
        LastSync failed = new LastSync(LastSync.Status.FAILED, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                Instant.parse("2026-11-21T10:02:00Z"), "the source repository rejected the token");

        hooks.recordSync(hook.id(), failed);
        hooks.recordSync(hook.id(), failed);
        hooks.recordSync("hk_deleted", failed);

        assertThat(hooks.find(hook.id()).orElseThrow().lastSync()).isEqualTo(failed);
        assertThat(hooks.find(hook.id()).orElseThrow().consecutiveFailures()).isEqualTo(2);
        assertThat(hooks.find("hk_deleted")).isEmpty();
    }

    @Test
    void recordSync_success_resetsConsecutiveFailures() {
        Hook hook = hook("app");
        hooks.create(hook);
        Instant at = Instant.parse("2026-11-21T10:02:00Z");
        String commit = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
        hooks.recordSync(hook.id(), new LastSync(LastSync.Status.FAILED, commit, at, "branch main not found"));

        hooks.recordSync(hook.id(), new LastSync(LastSync.Status.SYNCED, commit, at.plusSeconds(60), null));

        assertThat(hooks.find(hook.id()).orElseThrow().consecutiveFailures()).isZero();
    }

    @Test
    void list_pagesThroughEveryHookOnce_withoutGuards() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Hook hook = hook("p" + i);
            hooks.create(hook);
            created.add(hook.id());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Hook> page = hooks.list(3, cursor);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(h -> seen.add(h.id()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void list_rejectsACursorItDidNotIssue() {
        assertThatThrownBy(() -> hooks.list(3, "not-a-cursor")).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> hooks.list(3, "eyJmb28iOiJiYXIifQ")).isInstanceOf(InvalidCursorException.class);
    }
}
