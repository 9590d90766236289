package io.gitbridge.sync;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs one {@link SyncCommand} in a JVM of its own, so a test can choose that JVM's locale. Arguments are URL-encoded
 * (a POSIX locale would mangle non-ASCII arguments): work directory, source URL, source ref, build URL, build branch.
 * Prints the status and exits 0, or prints the failure and exits 1.
 */
public final class NonAsciiSyncMain {

    private NonAsciiSyncMain() {
    }

    public static void main(String[] args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = URLDecoder.decode(args[i], StandardCharsets.UTF_8);
        }
        try {
            SyncResult result = new SyncCommand(Path.of(a[0])).setSource(a[1], null).setSourceRef(a[2])
                    .setBuild(a[3], null).setBuildBranch(a[4]).setAllowFileUrls(true).call();
            System.out.println("status " + result.status() + " " + result.sourceCommit().name()
                    + " jnu " + System.getProperty("sun.jnu.encoding"));
            System.exit(0);
        } catch (RuntimeException e) {
            System.out.println("failed " + e);
            System.exit(1);
        }
    }
}
