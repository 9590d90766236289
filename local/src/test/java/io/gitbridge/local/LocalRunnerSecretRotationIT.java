package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret rotation end to end through the local runner's HTTP port: after {@code POST /hooks/{id}/secret}, pushes
 * signed with either secret are queued during the grace period, and only those signed with the new one after it.
 */
class LocalRunnerSecretRotationIT {

    private static final String ADMIN_TOKEN = "rotation-admin-token";
    private static final String OLD_SECRET = "the-secret-before-rotation-0123";
    private static final String NEW_SECRET = "the-secret-after-rotation-45678";
    /** Long enough for two deliveries on a busy machine, short enough to wait out. */
    private static final int GRACE_SECONDS = 5;

    @TempDir
    Path tmp;

    @Test
    void rotatedSecret_acceptsBothSecretsDuringTheGracePeriod_andOnlyTheNewOneAfter() throws Exception {
        try (LocalRunner runner = start()) {
            ObjectId commit = pushedCommit();
            AdminApi withOld = new AdminApi(runner.url(), ADMIN_TOKEN, OLD_SECRET);
            AdminApi withNew = new AdminApi(runner.url(), ADMIN_TOKEN, NEW_SECRET);
            String id = withOld.createHook("rotation", GitRepos.fileUri(tmp.resolve("source.git")).toString(),
                    GitRepos.fileUri(GitRepos.createBare(tmp.resolve("build.git"))).toString());

            HttpResponse<String> rotated = withOld.admin("POST", "/hooks/" + id + "/secret",
                    "{\"secret\":\"" + NEW_SECRET + "\",\"graceSeconds\":" + GRACE_SECONDS + "}");
            HttpResponse<String> oldInGrace = withOld.deliverPush(id, commit, "old-in-grace");
            HttpResponse<String> newInGrace = withNew.deliverPush(id, commit, "new-in-grace");

            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            assertThat(rotated.body()).doesNotContain(NEW_SECRET, OLD_SECRET);
            Instant validUntil = Instant.parse(Json.MAPPER.readTree(rotated.body()).get("previousSecretValidUntil")
                    .asText());
            assertThat(oldInGrace.statusCode()).as(oldInGrace.body()).isEqualTo(202);
            assertThat(newInGrace.statusCode()).as(newInGrace.body()).isEqualTo(202);
            assertThat(withOld.awaitEntry(id, "old-in-grace", e -> true).get("verifiedWith").asText())
                    .isEqualTo("previous");
            assertThat(withOld.awaitEntry(id, "new-in-grace", e -> true).get("verifiedWith").asText())
                    .isEqualTo("current");

            String refusedId = awaitRefusal(withOld, id, commit, validUntil);

            HttpResponse<String> newAfter = withNew.deliverPush(id, commit, "new-after-grace");
            assertThat(newAfter.statusCode()).as(newAfter.body()).isEqualTo(202);
            JsonNode refused = refusedEntry(withOld, id, refusedId);
            assertThat(refused.get("status").asInt()).isEqualTo(401);
            assertThat(refused.get("verified").asBoolean()).isFalse();
        }
    }

    @Test
    void generatedSecret_withoutGrace_replacesTheOldOneAtOnce() throws Exception {
        try (LocalRunner runner = start()) {
            ObjectId commit = pushedCommit();
            AdminApi withOld = new AdminApi(runner.url(), ADMIN_TOKEN, OLD_SECRET);
            String id = withOld.createHook("generated", GitRepos.fileUri(tmp.resolve("source.git")).toString(),
                    GitRepos.fileUri(GitRepos.createBare(tmp.resolve("build.git"))).toString());

            HttpResponse<String> rotated = withOld.admin("POST", "/hooks/" + id + "/secret", "{\"graceSeconds\":0}");

            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            JsonNode answer = Json.MAPPER.readTree(rotated.body());
            assertThat(answer.get("previousSecretValidUntil").isNull()).isTrue();
            String generated = answer.get("secret").asText();
            AdminApi withGenerated = new AdminApi(runner.url(), ADMIN_TOKEN, generated);
            assertThat(withOld.deliverPush(id, commit, "old-at-once").statusCode()).isEqualTo(401);
            assertThat(withGenerated.deliverPush(id, commit, "generated").statusCode()).isEqualTo(202);
            HttpResponse<String> read = withOld.admin("GET", "/hooks/" + id, null);
            assertThat(read.body()).doesNotContain(generated);
        }
    }

    /** Delivers pushes signed with the old secret until one is refused (bounded); returns the refused delivery's id. */
    private static String awaitRefusal(AdminApi withOld, String id, ObjectId commit, Instant validUntil)
            throws Exception {
        Instant deadline = validUntil.plusSeconds(20);
        for (int attempt = 0; Instant.now().isBefore(deadline); attempt++) {
            String deliveryId = "old-after-grace-" + attempt;
            Instant sent = Instant.now();
            HttpResponse<String> response = withOld.deliverPush(id, commit, deliveryId);
            if (response.statusCode() == 401) {
                assertThat(Instant.now()).as("refused only once the grace period is over").isAfterOrEqualTo(validUntil);
                assertThat(Json.MAPPER.readTree(response.body()).get("error").asText()).isEqualTo("invalid_signature");
                return deliveryId;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(sent).as("accepted only during the grace period").isBefore(validUntil);
            Thread.sleep(250);
        }
        throw new AssertionError("the old secret was still accepted 20 s after " + validUntil);
    }

    /** The refused entry, found by the provider's delivery id it keeps (its own entry id is a log_ one). */
    private static JsonNode refusedEntry(AdminApi api, String id, String providerDeliveryId) throws Exception {
        HttpResponse<String> response = api.admin("GET", "/hooks/" + id + "/deliveries?limit=100", null);
        for (JsonNode entry : Json.MAPPER.readTree(response.body()).get("_embedded").get("deliveries")) {
            if (providerDeliveryId.equals(entry.get("providerDeliveryId").asText(null))
                    && entry.get("outcome").asText().equals("rejected")) {
                return entry;
            }
        }
        throw new AssertionError("no rejected entry for " + providerDeliveryId + ": " + response.body());
    }

    /** A commit pushed to main of a new source repository, {@code tmp/source.git}. */
    private ObjectId pushedCommit() {
        try (WorkingClone developer = GitRepos.cloneOf(GitRepos.createBare(tmp.resolve("source.git")),
                tmp.resolve("work"))) {
            ObjectId commit = developer.commit(Map.of("README.md", "# app\n"), "first");
            developer.push("main");
            return commit;
        }
    }

    private LocalRunner start() throws Exception {
        return LocalRunner.start(new RunnerOptions(0, tmp.resolve("data"), Optional.empty(), Optional.empty()),
                ADMIN_TOKEN);
    }
}
