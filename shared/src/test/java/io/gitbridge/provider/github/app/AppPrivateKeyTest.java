package io.gitbridge.provider.github.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.provider.github.app.GitHubAppException.InvalidPrivateKey;
import io.gitbridge.provider.github.app.GitHubAppException.InvalidPrivateKey.Problem;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import org.junit.jupiter.api.Test;

class AppPrivateKeyTest {

    private final KeyPair rsa = TestKeys.rsa();

    @Test
    void parse_readsPkcs1_asGitHubDownloadsIt() {
        String pem = TestKeys.pem(rsa.getPrivate());
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        AppPrivateKey key = AppPrivateKey.parse(pem);

        assertThat(key.bits()).isEqualTo(2048);
        assertThat(((RSAPrivateCrtKey) key.key()).getModulus())
                .isEqualTo(((RSAPrivateCrtKey) rsa.getPrivate()).getModulus());
        assertThat(key.key().getPrivateExponent()).isEqualTo(((RSAPrivateCrtKey) rsa.getPrivate()).getPrivateExponent());
    }

    @Test
    void parse_readsPkcs8() {
        String pem = TestKeys.pkcs8(rsa);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");

        AppPrivateKey key = AppPrivateKey.parse(pem);

        assertThat(key.key().getPrivateExponent()).isEqualTo(((RSAPrivateCrtKey) rsa.getPrivate()).getPrivateExponent());
    }

    @Test
    void parse_acceptsWindowsLineEndsAndSurroundingBlanks() {
        String pem = "\n  " + TestKeys.pem(rsa.getPrivate()).replace("\n", "\r\n") + "\n\n";

        assertThat(AppPrivateKey.parse(pem).bits()).isEqualTo(2048);
    }

    @Test
    void toString_neverShowsTheKey() {
        String pem = TestKeys.pem(rsa.getPrivate());

        String shown = AppPrivateKey.parse(pem).toString();

        assertThat(shown).isEqualTo("AppPrivateKey[RSA 2048 bits]");
    }

    @Test
    void parse_rejectsAnEcKey_inSec1AndPkcs8() {
        KeyPair ec = TestKeys.ec();
        assertRejected(TestKeys.pem(ec.getPrivate()), Problem.NOT_RSA,
                "privateKey is not an RSA private key (GitHub App keys are RSA; this one is an EC key)");
        assertRejected(TestKeys.pkcs8(ec), Problem.NOT_RSA,
                "privateKey is not an RSA private key (GitHub App keys are RSA; this one is an EC key)");
    }

    @Test
    void parse_rejectsAnEcKey_asOpensslEcparamGenkeyWritesIt_withItsParametersBlockFirst() {
        // openssl ecparam -name prime256v1 -genkey: the curve's OID (1.2.840.10045.3.1.7), then the SEC1 key.
        String parameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        assertRejected(parameters + TestKeys.pem(TestKeys.ec().getPrivate()), Problem.NOT_RSA,
                "privateKey is not an RSA private key (GitHub App keys are RSA; this one is an EC key)");
        assertRejected(parameters, Problem.NOT_RSA,
                "privateKey is not an RSA private key (GitHub App keys are RSA; this one holds only EC parameters)");
    }

    @Test
    void parse_rejectsACertificate() {
        assertRejected(TestKeys.certificate(rsa), Problem.CERTIFICATE,
                "privateKey is a certificate, not the app's private key");
    }

    @Test
    void parse_rejectsThePublicKey() {
        assertRejected(TestKeys.pem(rsa.getPublic()), Problem.PUBLIC_KEY,
                "privateKey is a public key, not the app's private key");
    }

    @Test
    void parse_rejectsAnEncryptedKey_inPkcs8AndPkcs1() {
        assertRejected(TestKeys.encryptedPkcs8(rsa), Problem.ENCRYPTED,
                "privateKey is encrypted with a password; give the key as GitHub generated it (unencrypted)");
        String pkcs1 = TestKeys.encryptedPkcs1(rsa);
        assertThat(pkcs1).contains("Proc-Type: 4,ENCRYPTED");
        assertRejected(pkcs1, Problem.ENCRYPTED,
                "privateKey is encrypted with a password; give the key as GitHub generated it (unencrypted)");
    }

    @Test
    void parse_rejectsAShortRsaKey() {
        assertRejected(TestKeys.pem(TestKeys.rsa(1024).getPrivate()), Problem.TOO_SHORT,
                "privateKey is an RSA key of 1024 bits; RS256 needs at least 2048 (GitHub generates 2048)");
    }

    @Test
    void parse_rejectsGarbage_withoutEchoingIt() {
        assertRejected("not a key at all", Problem.NOT_PEM,
                "privateKey has no -----BEGIN ...----- block (paste the whole .pem file GitHub generated)");
        String broken = "-----BEGIN RSA PRIVATE KEY-----\nSECRETSECRET!!!notbase64\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> AppPrivateKey.parse(broken))
                .isInstanceOfSatisfying(InvalidPrivateKey.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_PEM))
                .hasMessageNotContaining("SECRETSECRET").hasNoCause();
    }

    @Test
    void parse_rejectsAKeyWhoseBodyIsCut_withoutEchoingIt() {
        String pem = TestKeys.pem(rsa.getPrivate());
        String cut = pem.substring(0, pem.length() / 2) + "\n-----END RSA PRIVATE KEY-----\n";

        assertThatThrownBy(() -> AppPrivateKey.parse(cut))
                .isInstanceOfSatisfying(InvalidPrivateKey.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.NOT_PEM);
                    TestKeys.bodyLines(cut).forEach(line -> assertThat(e.getMessage()).doesNotContain(line));
                })
                .hasNoCause();
    }

    @Test
    void parse_rejectsEmptyAndOverlongInput() {
        assertRejected("", Problem.EMPTY, "privateKey is empty");
        assertRejected(" \n ", Problem.EMPTY, "privateKey is empty");
        assertRejected(null, Problem.EMPTY, "privateKey is empty");
        assertRejected("x".repeat(AppPrivateKey.MAX_PEM_LENGTH + 1), Problem.TOO_LONG,
                "privateKey is longer than 16384 characters");
    }

    private static void assertRejected(String pem, Problem problem, String message) {
        assertThatThrownBy(() -> AppPrivateKey.parse(pem))
                .isInstanceOfSatisfying(InvalidPrivateKey.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.status()).isZero();
                })
                .hasMessage(message);
    }
}
