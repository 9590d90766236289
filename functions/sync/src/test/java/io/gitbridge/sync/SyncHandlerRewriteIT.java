package io.gitbridge.sync;

import static io.gitbridge.sync.SyncRepos.files;
import static io.gitbridge.sync.TestHooks.event;
import static io.gitbridge.sync.TestHooks.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.gitbridge.delivery.Delivery;
import io.gitbridge.hook.LastSync;
import io.gitbridge.provider.Providers;
import io.gitbridge.testkit.git.GitRepos;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * A push whose commit a force push removed while it was queued, through the sync function: it ends superseded, is not
 * retried, and the next delivery of the hook syncs in the same batch.
 */
class SyncHandlerRewriteIT extends WithSyncRepos {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String HOOK = "hk_rewrite";

    private final InMemoryHookRepository hooks = new InMemoryHookRepository();
    private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();

    @Test
    void handleRequest_endsACommitForcePushedAwayAsSuperseded_withoutRetry_andSyncsTheNextDelivery() {
        hooks.create(TestHooks.hook(HOOK, GitRepos.fileUri(repos.source).toString(), null,
                GitRepos.fileUri(repos.build).toString(), null));
        SyncHandler handler = new SyncHandler(hooks, deliveries, Providers.standard(), tmp.resolve("work-root"), true,
                Clock.fixed(NOW, ZoneOffset.UTC));
        ObjectId a = repos.push(files("app.txt", "a\n"), "A");
        assertThat(handler.handleRequest(event(message("m-a", request("d-a", a))), null).getBatchItemFailures())
                .isEmpty();
        ObjectId b = repos.push(files("app.txt", "b\n"), "B, queued");
        repos.developer.resetHard(a);
        ObjectId c = repos.push(files("app.txt", "c\n"), "C, force-pushed over B", true);
        repos.collectGarbageOnSource();

        SQSBatchResponse response = handler.handleRequest(event(
                message("m-b", request("d-b", b)),
                message("m-c", request("d-c", c))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(repos.buildHead()).isEqualTo(c);
        assertThat(deliveries.sync(HOOK, "d-b").orElseThrow().status()).isEqualTo(LastSync.Status.SUPERSEDED);
        assertThat(hooks.lastSync(HOOK)).contains(new LastSync(LastSync.Status.SYNCED, c.name(), NOW, null));
        assertThat(hooks.find(HOOK).orElseThrow().consecutiveFailures()).isZero();
    }

    private SyncRequest request(String deliveryId, ObjectId commit) {
        deliveries.recordQueued(Delivery.queued(HOOK, deliveryId, deliveryId, NOW, "push", commit.name(),
                SyncRepos.REF));
        return new SyncRequest(HOOK, deliveryId, commit.name(), SyncRepos.REF);
    }
}
