package io.gitbridge.provider.github.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.provider.MalformedPayloadException;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstallationEventTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-30T08:00:00Z");
    private static final Installation.Repository APP = new Installation.Repository(186853002, "acme/app");
    private static final Installation.Repository DOCS = new Installation.Repository(7, "acme/docs");

    private static InstallationEvent read(String event, String json) {
        return InstallationEvent.read(event, Payloads.json(new WebhookRequest(Map.of(),
                json.getBytes(StandardCharsets.UTF_8))), RECEIVED);
    }

    private static String installation(String action, String selection, String updatedAt, String suspendedAt,
            String more) {
        return "{\"action\":\"" + action + "\",\"installation\":{\"id\":42,\"account\":{\"login\":\"acme\","
                + "\"type\":\"Organization\"},\"repository_selection\":\"" + selection + "\",\"suspended_at\":"
                + suspendedAt + ",\"updated_at\":" + updatedAt + "}" + more + "}";
    }

    private static String repositories(String action, String selection, String added, String removed) {
        return "{\"action\":\"" + action + "\",\"installation\":{\"id\":42,\"account\":{\"login\":\"acme\","
                + "\"type\":\"Organization\"},\"repository_selection\":\"all\",\"updated_at\":"
                + "\"2026-11-30T06:00:00Z\"},\"repository_selection\":\"" + selection + "\",\"repositories_added\":"
                + added + ",\"repositories_removed\":" + removed + "}";
    }

    @Test
    void created_withSelectedRepositories_isRecordedWithThem_atGitHubsUpdatedAt() {
        InstallationEvent event = read("installation", installation("created", "selected",
                "\"2026-11-30T07:00:00.000+01:00\"", "null", ",\"repositories\":[{\"id\":186853002,\"full_name\":"
                        + "\"acme/app\",\"private\":true},{\"id\":7,\"full_name\":\"acme/docs\"}]"));

        Installation recorded = event.applyTo(Optional.empty()).orElseThrow();

        assertThat(recorded).isEqualTo(new Installation(42, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(APP, DOCS), false, false, Instant.parse("2026-11-30T06:00:00Z")));
    }

    @Test
    void created_withMoreSelectedRepositoriesThanKept_keepsNone_soTheLastOnesDoNotReadAsRemoved() {
        StringBuilder listed = new StringBuilder();
        for (int i = 1; i <= Installation.MAX_REPOSITORIES + 1; i++) {
            listed.append(i == 1 ? "" : ",").append("{\"id\":").append(i).append(",\"full_name\":\"acme/r")
                    .append(i).append("\"}");
        }
        InstallationEvent event = read("installation", installation("created", "selected", "\"2026-11-30T06:00:00Z\"",
                "null", ",\"repositories\":[" + listed + "]"));

        Installation recorded = event.applyTo(Optional.empty()).orElseThrow();

        assertThat(recorded.selection()).isEqualTo(Installation.Selection.SELECTED);
        assertThat(recorded.repositories()).isEmpty();
    }

    @Test
    void created_forAllRepositories_keepsNoRepositoryList_andReadsEpochSeconds() {
        InstallationEvent event = read("installation", installation("created", "all", "1764482400", "null",
                ",\"repositories\":[{\"id\":7,\"full_name\":\"acme/docs\"}]"));

        Installation recorded = event.applyTo(Optional.empty()).orElseThrow();

        assertThat(recorded.selection()).isEqualTo(Installation.Selection.ALL);
        assertThat(recorded.repositories()).isEmpty();
        assertThat(recorded.updatedAt()).isEqualTo(Instant.ofEpochSecond(1764482400));
    }

    @Test
    void suspend_unsuspend_andDeleted_setTheState_andKeepTheStoredRepositories() {
        Installation stored = new Installation(42, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(APP), false, false, Instant.parse("2026-11-30T05:00:00Z"));

        Installation suspended = read("installation", installation("suspend", "selected", "\"2026-11-30T06:00:00Z\"",
                "\"2026-11-30T06:00:00Z\"", "")).applyTo(Optional.of(stored)).orElseThrow();
        Installation unsuspended = read("installation", installation("unsuspend", "selected",
                "\"2026-11-30T06:01:00Z\"", "\"2026-11-30T06:00:00Z\"", "")).applyTo(Optional.of(suspended))
                .orElseThrow();
        Installation deleted = read("installation", installation("deleted", "selected", "\"2026-11-30T06:02:00Z\"",
                "null", "")).applyTo(Optional.of(unsuspended)).orElseThrow();

        assertThat(suspended.suspended()).isTrue();
        assertThat(suspended.repositories()).containsExactly(APP);
        assertThat(unsuspended.suspended()).isFalse();
        assertThat(unsuspended.active()).isTrue();
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.active()).isFalse();
        assertThat(deleted.updatedAt()).isEqualTo(Instant.parse("2026-11-30T06:02:00Z"));
    }

    @Test
    void repositoriesAddedAndRemoved_changeTheStoredSelection_andAreNeverOlderThanIt() {
        Installation stored = new Installation(42, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(DOCS), false, false, Instant.parse("2026-11-30T07:00:00Z"));

        Installation added = read("installation_repositories", repositories("added", "selected",
                "[{\"id\":186853002,\"full_name\":\"acme/app\"}]", "[]")).applyTo(Optional.of(stored)).orElseThrow();
        Installation removed = read("installation_repositories", repositories("removed", "selected", "[]",
                "[{\"id\":7,\"full_name\":\"acme/docs\"}]")).applyTo(Optional.of(added)).orElseThrow();

        assertThat(added.repositories()).containsExactly(DOCS, APP);
        assertThat(added.updatedAt()).isEqualTo(stored.updatedAt());
        assertThat(removed.repositories()).containsExactly(APP);
    }

    @Test
    void repositoriesEvent_withoutAStoredInstallation_startsFromThePayloads() {
        Installation recorded = read("installation_repositories", repositories("added", "selected",
                "[{\"id\":7,\"full_name\":\"acme/docs\"}]", "[]")).applyTo(Optional.empty()).orElseThrow();

        assertThat(recorded.id()).isEqualTo(42);
        assertThat(recorded.selection()).isEqualTo(Installation.Selection.SELECTED);
        assertThat(recorded.repositories()).containsExactly(DOCS);
    }

    @Test
    void selectionChangedToAll_dropsTheRepositoryList() {
        Installation stored = new Installation(42, "acme", "Organization", Installation.Selection.SELECTED,
                List.of(DOCS), false, false, Instant.parse("2026-11-30T05:00:00Z"));

        Installation recorded = read("installation_repositories", repositories("added", "all", "[]", "[]"))
                .applyTo(Optional.of(stored)).orElseThrow();

        assertThat(recorded.selection()).isEqualTo(Installation.Selection.ALL);
        assertThat(recorded.repositories()).isEmpty();
    }

    @Test
    void anActionGitbridgeDoesNotRecord_leadsToNoRecord() {
        assertThat(read("installation", installation("transferred", "all", "null", "null", ""))
                .applyTo(Optional.empty())).isEmpty();
        assertThat(read("installation_repositories", repositories("renamed", "all", "[]", "[]"))
                .applyTo(Optional.empty())).isEmpty();
    }

    @Test
    void withoutUpdatedAt_theTimeReceivedCounts() {
        assertThat(read("installation", installation("created", "all", "null", "null", ""))
                .applyTo(Optional.empty()).orElseThrow().updatedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void read_refusesAnIdThatIsNotAPositiveInteger() {
        for (String id : List.of("\"42\"", "0", "-1", "4.2", "1e3", "99999999999999999999")) {
            assertThatThrownBy(() -> read("installation", installation("created", "all", "null", "null", "")
                    .replace("\"id\":42", "\"id\":" + id)))
                    .as(id).isInstanceOf(MalformedPayloadException.class)
                    .hasMessage("payload field installation.id must be a positive integer");
        }
    }

    @Test
    void read_refusesAnUnknownSelection_aMissingAccount_aBadRepository_andABadTime() {
        assertThatThrownBy(() -> read("installation", installation("created", "some", "null", "null", "")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload field repository_selection must be all or selected, not 'some'");
        assertThatThrownBy(() -> read("installation", "{\"action\":\"created\",\"installation\":{\"id\":42}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload lacks the object installation.account");
        assertThatThrownBy(() -> read("installation_repositories", repositories("added", "selected",
                "[{\"id\":7,\"full_name\":\"no-slash\"}]", "[]")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload field repositories_added[0] is not a repository: fullName must be owner/name");
        assertThatThrownBy(() -> read("installation", installation("created", "all", "\"yesterday\"", "null", "")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload field installation.updated_at is not an ISO 8601 time: 'yesterday'");
        assertThatThrownBy(() -> read("installation", installation("created", "all", "null", "null", "")
                .replace("\"login\":\"acme\"", "\"login\":\"" + "a".repeat(129) + "\"")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload field installation.account.login must be 1 to 128 characters");
    }
}
