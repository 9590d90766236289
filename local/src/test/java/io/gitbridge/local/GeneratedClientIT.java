package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitbridge.client.ApiClient;
import io.gitbridge.client.ApiException;
import io.gitbridge.client.api.HooksApi;
import io.gitbridge.client.model.Events;
import io.gitbridge.client.model.Hook;
import io.gitbridge.client.model.HookCreate;
import io.gitbridge.client.model.HookPage;
import io.gitbridge.client.model.HookPatch;
import io.gitbridge.client.model.MergeMode;
import io.gitbridge.client.model.Provider;
import io.gitbridge.testkit.git.GitRepos;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client that openapi-generator made from {@code openapi.yaml} (module {@code client}), used the way a
 * platform would use it, against the real local runner: proof that the document is one a client can work from.
 */
class GeneratedClientIT {

    private static final String ADMIN_TOKEN = "generated-client-admin-token";

    @TempDir
    Path tmp;

    @Test
    void generatedClient_createsReadsPatchesListsAndDeletesAHook_andSeesErrorsAsApiExceptions() throws Exception {
        Path source = GitRepos.createBare(tmp.resolve("source.git"));
        Path build = GitRepos.createBare(tmp.resolve("build.git"));
        try (LocalRunner runner = LocalRunner.start(
                new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()), ADMIN_TOKEN)) {
            HooksApi hooks = new HooksApi(client(runner, ADMIN_TOKEN));

            Hook created = hooks.createHook(new HookCreate()
                    .project("generated-client")
                    .provider(Provider.GITHUB)
                    .sourceRepo(GitRepos.fileUri(source))
                    .branch("main")
                    .events(new Events().push(true).ci(false))
                    .secret("generated-client-secret-0123")
                    .buildRepo(GitRepos.fileUri(build)));

            assertThat(created.getId()).matches("hk_[a-z2-7]{26}");
            assertThat(created.getProvider()).isEqualTo(Provider.GITHUB);
            assertThat(created.getBuildBranch()).isEqualTo("master");
            assertThat(created.getHasToken()).isFalse();
            assertThat(created.getWebhookUrl().toString()).endsWith("/webhooks/" + created.getId());
            assertThat(created.getLastSync()).isNull();

            Hook read = hooks.getHook(created.getId());
            assertThat(read.getProject()).isEqualTo("generated-client");
            assertThat(read.getCreatedAt()).isEqualTo(created.getCreatedAt());

            Hook patched = hooks.patchHook(created.getId(), new HookPatch().mergeMode(MergeMode.MIRROR));
            assertThat(patched.getMergeMode()).isEqualTo(MergeMode.MIRROR);
            assertThat(patched.getBranch()).isEqualTo("main");

            HookPage page = hooks.listHooks(10, null);
            assertThat(page.getEmbedded().getHooks()).extracting(Hook::getId).containsExactly(created.getId());
            assertThat(page.getPage().getNext()).isNull();

            // The documented errors reach the caller as ApiExceptions with the status and the JSON body.
            HookCreate invalid = new HookCreate().project("bad").provider(Provider.GITHUB)
                    .sourceRepo(GitRepos.fileUri(source)).branch("a..b").events(new Events().push(true))
                    .secret("generated-client-secret-0123").buildRepo(GitRepos.fileUri(build));
            ApiException unauthorized = catchThrowableOfType(ApiException.class,
                    () -> new HooksApi(client(runner, "not-the-admin-token")).createHook(invalid));
            ApiException unprocessable = catchThrowableOfType(ApiException.class, () -> hooks.createHook(invalid));
            assertThat(unauthorized.getCode()).isEqualTo(401);
            assertThat(unprocessable.getCode()).isEqualTo(422);
            assertThat(unprocessable.getResponseBody()).contains("\"error\":\"validation\"").contains("\"branch\"");

            hooks.deleteHook(created.getId(), "false");
            ApiException gone = catchThrowableOfType(ApiException.class, () -> hooks.getHook(created.getId()));
            assertThat(gone.getCode()).isEqualTo(404);
            assertThat(gone.getResponseBody()).contains("\"error\":\"not_found\"");
        }
    }

    /** The generated client pointed at the runner (its document's first server is the runner's default port). */
    private static ApiClient client(LocalRunner runner, String adminToken) {
        ApiClient client = new ApiClient();
        client.setScheme(runner.url().getScheme());
        client.setHost(runner.url().getHost());
        client.setPort(runner.url().getPort());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + adminToken));
        return client;
    }
}
