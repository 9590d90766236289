package io.gitbridge.provider.github.app;

import io.gitbridge.provider.github.app.GitHubAppException.InvalidPrivateKey;
import io.gitbridge.provider.github.app.GitHubAppException.InvalidPrivateKey.Problem;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A GitHub App's RSA private key, read from the PEM GitHub generates for the app ("Managing private keys for GitHub
 * Apps"): PKCS#1 ({@code -----BEGIN RSA PRIVATE KEY-----}, what GitHub downloads) or PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl pkcs8 -topk8 -nocrypt} makes of it), read by
 * BouncyCastle's PEM parser. {@link #toString()} never shows the key.
 */
public final class AppPrivateKey {

    /** The longest PEM accepted, in characters: a 4096-bit PKCS#1 key is about 3,300. */
    public static final int MAX_PEM_LENGTH = 16_384;
    /** The shortest RSA modulus accepted, in bits (RFC 7518 section 3.3: RS256 keys are 2048 bits or more). */
    public static final int MIN_BITS = 2048;

    private final RSAPrivateKey key;

    private AppPrivateKey(RSAPrivateKey key) {
        this.key = key;
    }

    /**
     * Reads the first PEM block of {@code pem} (after an {@code EC PARAMETERS} block, the one that follows it, as
     * {@code openssl ecparam -genkey} writes them).
     *
     * @throws InvalidPrivateKey naming the {@link Problem} (never echoing the key) when it is not an unencrypted RSA
     *     private key of at least {@value #MIN_BITS} bits
     */
    public static AppPrivateKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw invalid(Problem.EMPTY, "is empty");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw invalid(Problem.TOO_LONG, "is longer than " + MAX_PEM_LENGTH + " characters");
        }
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem.strip()))) {
            object = parser.readObject();
            if (object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters) {
                // openssl ecparam -genkey writes the curve (EC PARAMETERS) before the EC PRIVATE KEY: the key decides.
                Object next = parser.readObject();
                object = next != null ? next : object;
            }
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the key's lines, so it is not kept (neither is the cause).
            throw invalid(Problem.NOT_PEM, "is not a PEM block that decodes (it should start with -----BEGIN RSA"
                    + " PRIVATE KEY----- as GitHub generates it)");
        }
        PrivateKeyInfo info;
        if (object == null) {
            throw invalid(Problem.NOT_PEM, "has no -----BEGIN ...----- block (paste the whole .pem file GitHub"
                    + " generated)");
        } else if (object instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (object instanceof PrivateKeyInfo privateKeyInfo) {
            info = privateKeyInfo;
        } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw invalid(Problem.ENCRYPTED, "is encrypted with a password; give the key as GitHub generated it"
                    + " (unencrypted)");
        } else if (object instanceof X509CertificateHolder) {
            throw invalid(Problem.CERTIFICATE, "is a certificate, not the app's private key");
        } else if (object instanceof SubjectPublicKeyInfo) {
            throw invalid(Problem.PUBLIC_KEY, "is a public key, not the app's private key");
        } else if (object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters) {
            throw invalid(Problem.NOT_RSA, "is not an RSA private key (GitHub App keys are RSA; this one holds only EC"
                    + " parameters)");
        } else {
            throw invalid(Problem.OTHER, "is a PEM block of another kind, not the app's private key");
        }
        if (info == null || !PKCSObjectIdentifiers.rsaEncryption.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw invalid(Problem.NOT_RSA, "is not an RSA private key (GitHub App keys are RSA; this one is "
                    + algorithmName(info) + ")");
        }
        PrivateKey key;
        try {
            key = new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw invalid(Problem.NOT_PEM, "is an RSA private key that does not decode");
        }
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw invalid(Problem.NOT_RSA, "is not an RSA private key");
        }
        if (rsa.getModulus().bitLength() < MIN_BITS) {
            throw invalid(Problem.TOO_SHORT, "is an RSA key of " + rsa.getModulus().bitLength() + " bits; RS256 needs"
                    + " at least " + MIN_BITS + " (GitHub generates 2048)");
        }
        return new AppPrivateKey(rsa);
    }

    /** The key's size in bits. */
    public int bits() {
        return key.getModulus().bitLength();
    }

    /** The key, for signing; package-private so it does not travel further than the JWT. */
    RSAPrivateKey key() {
        return key;
    }

    /** {@code AppPrivateKey[RSA 2048 bits]}: never the key. */
    @Override
    public String toString() {
        return "AppPrivateKey[RSA " + bits() + " bits]";
    }

    private static String algorithmName(PrivateKeyInfo info) {
        if (info == null) {
            return "unreadable";
        }
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        return switch (oid) {
            case "1.2.840.10045.2.1" -> "an EC key";
            case "1.3.101.112" -> "an Ed25519 key";
            case "1.3.101.113" -> "an Ed448 key";
            case "1.2.840.10040.4.1" -> "a DSA key";
            case "1.2.840.113549.1.1.10" -> "an RSASSA-PSS key";
            default -> "algorithm " + oid;
        };
    }

    private static InvalidPrivateKey invalid(Problem problem, String what) {
        return new InvalidPrivateKey(problem, "privateKey " + what, null);
    }
}
