package io.gitbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncRequestCodecTest {

    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    @Test
    void encode_decode_keepsEveryField() {
        SyncRequest request = new SyncRequest("hk_a", "d1", COMMIT, "refs/heads/main");

        String body = SyncRequestCodec.encode(request);

        assertThat(body).isEqualTo("{\"hookId\":\"hk_a\",\"deliveryId\":\"d1\",\"commit\":\"" + COMMIT
                + "\",\"ref\":\"refs/heads/main\"}");
        assertThat(SyncRequestCodec.decode(body)).isEqualTo(request);
    }

    @Test
    void aRequestForTheHeadOfItsRef_hasNoCommit_andDecodesAsSuch() {
        SyncRequest head = SyncRequest.headOf("hk_a", "sync_1", "refs/heads/main");

        String body = SyncRequestCodec.encode(head);

        assertThat(body).isEqualTo("{\"hookId\":\"hk_a\",\"deliveryId\":\"sync_1\",\"ref\":\"refs/heads/main\"}");
        assertThat(SyncRequestCodec.decode(body)).isEqualTo(head);
        assertThat(SyncRequestCodec.decode(body).commitIfSet()).isEmpty();
        assertThat(SyncRequestCodec.decode("{\"hookId\":\"hk_a\",\"deliveryId\":\"s\",\"commit\":null,\"ref\":\"r\"}")
                .commit()).isNull();
    }

    @Test
    void decode_rejectsAnEmptyOrNonTextCommit_andMissingFields() {
        assertThatThrownBy(() -> SyncRequestCodec.decode(
                "{\"hookId\":\"hk_a\",\"deliveryId\":\"d1\",\"commit\":\"\",\"ref\":\"refs/heads/main\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sync request lacks commit");
        assertThatThrownBy(() -> SyncRequestCodec.decode(
                "{\"hookId\":\"hk_a\",\"deliveryId\":\"d1\",\"commit\":7,\"ref\":\"refs/heads/main\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sync request lacks commit");
        assertThatThrownBy(() -> SyncRequestCodec.decode("{\"hookId\":\"hk_a\",\"deliveryId\":\"d1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sync request lacks ref");
        assertThatThrownBy(() -> SyncRequestCodec.decode("[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sync request is not a JSON object");
    }
}
