package io.gitbridge.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyTokenCipherTest {

    private static final String TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";
    private static final Map<String, String> CONTEXT = Map.of("hookId", "hk_one", "field", "token");

    @TempDir
    Path dataDir;

    @Test
    void seal_thenOpen_returnsTheToken_andTheSealedValueHoldsNoPlaintext() {
        LocalKeyTokenCipher cipher = LocalKeyTokenCipher.inDirectory(dataDir);

        byte[] sealed = cipher.seal(TOKEN, CONTEXT);

        assertThat(cipher.open(sealed, CONTEXT)).isEqualTo(TOKEN);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN).doesNotContain("ghp_");
        assertThat(sealed[0]).as("format version").isEqualTo((byte) 1);
        assertThat(sealed[1]).as("key source: local key file").isEqualTo((byte) 2);
    }

    @Test
    void seal_usesAFreshDataKeyAndIv_eachTime() {
        LocalKeyTokenCipher cipher = LocalKeyTokenCipher.inDirectory(dataDir);

        assertThat(cipher.seal(TOKEN, CONTEXT)).isNotEqualTo(cipher.seal(TOKEN, CONTEXT));
    }

    @Test
    void open_rejectsAnotherHookOrField_withoutRevealingTheToken() {
        LocalKeyTokenCipher cipher = LocalKeyTokenCipher.inDirectory(dataDir);
        byte[] sealed = cipher.seal(TOKEN, CONTEXT);

        assertThatThrownBy(() -> cipher.open(sealed, Map.of("hookId", "hk_two", "field", "token")))
                .isInstanceOf(SealedTokenRejectedException.class)
                .hasMessage("sealed token does not open: it was tampered with, or sealed for another hook or field")
                .hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> cipher.open(sealed, Map.of("hookId", "hk_one", "field", "buildToken")))
                .isInstanceOf(SealedTokenRejectedException.class);
        assertThatThrownBy(() -> cipher.open(sealed, Map.of()))
                .isInstanceOf(SealedTokenRejectedException.class);
    }

    @Test
    void open_rejectsATamperedCiphertext_iv_orWrappedKey() {
        LocalKeyTokenCipher cipher = LocalKeyTokenCipher.inDirectory(dataDir);
        byte[] sealed = cipher.seal(TOKEN, CONTEXT);
        int wrappedKeyStart = 4;
        int ivStart = wrappedKeyStart + 60;

        for (int position : new int[] {wrappedKeyStart + 20, ivStart + 3, ivStart + 12, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(tampered, CONTEXT)).as("byte %d flipped", position)
                    .isInstanceOf(SealedTokenRejectedException.class)
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void open_rejectsMalformedValues_withTheReason() {
        LocalKeyTokenCipher cipher = LocalKeyTokenCipher.inDirectory(dataDir);
        byte[] sealed = cipher.seal(TOKEN, CONTEXT);
        byte[] otherVersion = sealed.clone();
        otherVersion[0] = 2;
        byte[] sealedByKms = sealed.clone();
        sealedByKms[1] = 1;
        byte[] truncated = java.util.Arrays.copyOf(sealed, 40);

        assertThatThrownBy(() -> cipher.open(otherVersion, CONTEXT)).isInstanceOf(SealedTokenRejectedException.class)
                .hasMessage("sealed token has format version 2; this code reads 1");
        assertThatThrownBy(() -> cipher.open(sealedByKms, CONTEXT)).isInstanceOf(SealedTokenRejectedException.class)
                .hasMessage("sealed token's data key is wrapped by AWS KMS, not by a local key file");
        assertThatThrownBy(() -> cipher.open(truncated, CONTEXT)).isInstanceOf(SealedTokenRejectedException.class)
                .hasMessage("sealed token is truncated");
        assertThatThrownBy(() -> cipher.open(new byte[3], CONTEXT)).isInstanceOf(SealedTokenRejectedException.class)
                .hasMessage("sealed token is too short to be one (3 bytes)");
    }

    @Test
    void inDirectory_reusesTheKeyFile_soTokensOpenAfterARestart() {
        byte[] sealed = LocalKeyTokenCipher.inDirectory(dataDir).seal(TOKEN, CONTEXT);

        LocalKeyTokenCipher restarted = LocalKeyTokenCipher.inDirectory(dataDir);

        assertThat(restarted.open(sealed, CONTEXT)).isEqualTo(TOKEN);
    }

    @Test
    void open_rejectsATokenSealedUnderAnotherDataDirectorysKey(@TempDir Path otherDataDir) {
        byte[] sealed = LocalKeyTokenCipher.inDirectory(otherDataDir).seal(TOKEN, CONTEXT);

        assertThatThrownBy(() -> LocalKeyTokenCipher.inDirectory(dataDir).open(sealed, CONTEXT))
                .isInstanceOf(SealedTokenRejectedException.class)
                .hasMessage("sealed token's data key does not open with this data directory's token-key: it was "
                        + "sealed under another key, or tampered with");
    }

    @Test
    void inDirectory_createsA32ByteKeyFile_readableByTheOwnerOnly() throws IOException {
        assumeTrue(Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class),
                "the file system has POSIX permissions");

        LocalKeyTokenCipher.inDirectory(dataDir.resolve("data"));

        Path keyFile = dataDir.resolve("data").resolve(LocalKeyTokenCipher.KEY_FILE);
        assertThat(keyFile).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void inDirectory_refusesAKeyFileThatIsNotAnAes256Key() throws IOException {
        Files.write(dataDir.resolve(LocalKeyTokenCipher.KEY_FILE), new byte[16]);

        assertThatThrownBy(() -> LocalKeyTokenCipher.inDirectory(dataDir))
                .isInstanceOf(TokenKeyUnavailableException.class)
                .hasMessage("token key file " + dataDir.resolve("token-key") + " holds 16 bytes, not the 32 of an "
                        + "AES-256 key");
    }
}
