package io.gitbridge.crypto;

import io.gitbridge.crypto.internal.AesGcm;
import io.gitbridge.crypto.internal.DataKey;
import io.gitbridge.crypto.internal.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Envelope encryption for the local runner: each token gets a fresh data key, wrapped with AES-GCM by a 256-bit
 * master key kept in a file of the data directory. The file is created owner-only on first use and reused on every
 * restart, so hooks stored earlier open again; losing it loses the tokens.
 */
public final class LocalKeyTokenCipher implements TokenCipher {

    /** The master key's file name inside the data directory. */
    public static final String KEY_FILE = "token-key";

    private static final byte[] WRAP_CONTEXT = "gitbridge local token data key".getBytes(StandardCharsets.US_ASCII);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final SecretKey masterKey;

    private LocalKeyTokenCipher(SecretKey masterKey) {
        this.masterKey = masterKey;
    }

    /**
     * The cipher whose master key is {@code directory/token-key}, creating the file with fresh random bytes and
     * owner-only permissions when it does not exist.
     *
     * @throws TokenKeyUnavailableException when the file cannot be created or read, or is not a 32-byte key
     */
    public static LocalKeyTokenCipher inDirectory(Path directory) {
        Path file = directory.resolve(KEY_FILE);
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != AesGcm.KEY_BYTES) {
                throw new TokenKeyUnavailableException("token key file " + file + " holds " + key.length
                        + " bytes, not the 32 of an AES-256 key", null);
            }
            try {
                return new LocalKeyTokenCipher(AesGcm.key(key));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (IOException e) {
            throw new TokenKeyUnavailableException("token key file " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        try {
            boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView(PosixFileAttributeView.class);
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
                file.toFile().setReadable(false, false);
                file.toFile().setWritable(false, false);
                file.toFile().setReadable(true, true);
                file.toFile().setWritable(true, true);
            }
            Files.write(file, key);
        } catch (FileAlreadyExistsException e) {
            // Another process created it first: use that one.
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public byte[] seal(String plaintext, Map<String, String> context) {
        byte[] keyBytes = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        try {
            byte[] iv = AesGcm.randomBytes(AesGcm.IV_BYTES);
            byte[] wrapped = AesGcm.encrypt(masterKey, iv, keyBytes, WRAP_CONTEXT);
            byte[] stored = new byte[iv.length + wrapped.length];
            System.arraycopy(iv, 0, stored, 0, iv.length);
            System.arraycopy(wrapped, 0, stored, iv.length, wrapped.length);
            return Envelope.seal(Envelope.LOCAL_KEY, new DataKey(AesGcm.key(keyBytes), stored), plaintext, context);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }

    @Override
    public String open(byte[] sealed, Map<String, String> context) {
        Envelope envelope = Envelope.parse(sealed, Envelope.LOCAL_KEY);
        byte[] stored = envelope.wrappedKey();
        if (stored.length != AesGcm.IV_BYTES + AesGcm.KEY_BYTES + AesGcm.TAG_BYTES) {
            throw new SealedTokenRejectedException("sealed token's wrapped data key has " + stored.length
                    + " bytes, not the 60 a local key wraps to", null);
        }
        byte[] iv = Arrays.copyOfRange(stored, 0, AesGcm.IV_BYTES);
        byte[] wrapped = Arrays.copyOfRange(stored, AesGcm.IV_BYTES, stored.length);
        byte[] keyBytes = AesGcm.decrypt(masterKey, iv, wrapped, WRAP_CONTEXT,
                "sealed token's data key does not open with this data directory's " + KEY_FILE
                        + ": it was sealed under another key, or tampered with");
        try {
            return envelope.open(AesGcm.key(keyBytes), context);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }
}
