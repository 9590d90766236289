package io.gitbridge.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final ObjectId SOURCE = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
    private static final ObjectId BUILD = ObjectId.fromString("89abcdef0123456789abcdef0123456789abcdef");
    private static final Manifest.StoredPack PACK = new Manifest.StoredPack("fedcba9876543210fedcba9876543210fedcba98",
            123456, "a".repeat(64), 2345, "b".repeat(64));

    @Test
    void decode_readsWhatEncodeWrote() {
        Manifest manifest = new Manifest(Instant.ofEpochMilli(1_764_470_000_000L),
                Map.of("source", SOURCE, "build", BUILD, "synced", SOURCE), List.of(PACK, PACK));

        Manifest read = Manifest.decode(manifest.encode());

        assertThat(read).isEqualTo(manifest);
        assertThat(read.bytes()).isEqualTo(2 * (123456 + 2345));
    }

    @Test
    void decode_rejectsAnotherFormat() {
        assertThatThrownBy(() -> Manifest.decode("{\"refs\":{}}".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a work-store manifest");
    }

    @Test
    void decode_rejectsALineItDoesNotUnderstand() {
        String text = "gitbridge-work-store 1\nbase 1\nref source " + SOURCE.name() + "\npack ../../etc 1 x 1 y\n";

        assertThatThrownBy(() -> Manifest.decode(text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 4 of the manifest is not understood");
    }

    @Test
    void decode_rejectsAManifestWithoutRefs() {
        String text = "gitbridge-work-store 1\nbase 1\n";

        assertThatThrownBy(() -> Manifest.decode(text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the manifest names no refs");
    }

    @Test
    void decode_rejectsAManifestWithoutBaseTime() {
        String text = "gitbridge-work-store 1\nref source " + SOURCE.name() + "\n";

        assertThatThrownBy(() -> Manifest.decode(text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the manifest has no base time");
    }

    @Test
    void decode_rejectsAnOversizedManifest() {
        byte[] big = new byte[(int) Manifest.MAX_BYTES + 1];

        assertThatThrownBy(() -> Manifest.decode(big))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the manifest is longer than 262144 bytes");
    }
}
