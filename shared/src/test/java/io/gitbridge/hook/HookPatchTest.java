package io.gitbridge.hook;

import io.gitbridge.provider.HookEvents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.json.Json;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A JSON Merge Patch (RFC 7396) of a stored hook, as the PUT body it stands for. */
class HookPatchTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Hook STORED = Hook.builder().id("hk_abcdefghijklmnopqrstuvwxyz").project("app")
            .provider("github").sourceRepo("https://github.com/acme/app.git").branch("main")
            .events(new HookEvents(true, false)).secret("a-very-secret-secret").token("ghp_token")
            .buildRepo("https://git.example.net/b.git").buildBranch("deploy").buildToken("build-token")
            .apiUrl("https://ghe.example.com/api/v3").mergeMode(MergeMode.MIRROR).createdAt(T0).updatedAt(T0).build();

    @Test
    void apply_emptyPatch_isTheStoredSettings_withoutReadOnlyOrWriteOnlyFields() throws IOException {
        assertThat(HookPatch.apply(STORED, json("{}"))).isEqualTo(json("""
                {"project": "app", "provider": "github", "sourceRepo": "https://github.com/acme/app.git",
                 "branch": "main", "events": {"push": true, "ci": false}, "buildRepo": "https://git.example.net/b.git",
                 "buildBranch": "deploy", "mergeMode": "mirror", "apiUrl": "https://ghe.example.com/api/v3"}
                """));
    }

    @Test
    void apply_setsAMember_mergesEventsMemberByMember_andNullRemovesAMember() throws IOException {
        JsonNode put = HookPatch.apply(STORED, json("{\"branch\":\"release\",\"events\":{\"ci\":true},\"apiUrl\":null}"));

        assertThat(put.get("branch").asText()).isEqualTo("release");
        assertThat(put.get("events")).isEqualTo(json("{\"push\":true,\"ci\":true}"));
        assertThat(put.has("apiUrl")).isFalse();
        assertThat(put.get("project").asText()).isEqualTo("app");
    }

    @Test
    void apply_passesWriteOnlyRegisterAndUnknownFieldsThrough_nullIncluded() throws IOException {
        JsonNode put = HookPatch.apply(STORED, json(
                "{\"token\":null,\"secret\":\"another-secret-value\",\"register\":true,\"id\":null,\"extra\":1}"));

        assertThat(put.get("token").isNull()).isTrue();
        assertThat(put.get("secret").asText()).isEqualTo("another-secret-value");
        assertThat(put.get("register").asBoolean()).isTrue();
        assertThat(put.get("id").isNull()).isTrue();
        assertThat(put.get("extra").asInt()).isEqualTo(1);
        assertThat(put.has("buildToken")).isFalse();
    }

    @Test
    void apply_aNonObjectEventsReplacesTheStoredOnes_forTheValidatorToRefuse() throws IOException {
        assertThat(HookPatch.apply(STORED, json("{\"events\":\"push\"}")).get("events").asText()).isEqualTo("push");
    }

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }
}
