package io.gitbridge.sync.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What the store holds for one work repository: its cache refs (the source tip fetched last, the build head, the last
 * synced source commit) and the packs that together hold every object those refs reach. Written after the packs it
 * lists, so a reader never sees a manifest whose packs are not uploaded yet. A small line-based text:
 * <pre>
 * gitbridge-work-store 1
 * base 1764470000000
 * ref source 0123…
 * pack 89ab… 123456 sha256-hex 2345 sha256-hex
 * </pre>
 *
 * @param base when the oldest listed pack was written
 * @param refs cache ref names (under {@code refs/gitbridge/}) and their commits
 * @param packs the packs, oldest first
 */
record Manifest(Instant base, Map<String, ObjectId> refs, List<StoredPack> packs) {

    static final long MAX_BYTES = 256 * 1024;
    static final int MAX_PACKS = 1000;
    private static final String HEADER = "gitbridge-work-store 1";
    private static final Pattern REF = Pattern.compile("ref ([a-z]{1,32}) ([0-9a-f]{40})");
    private static final Pattern PACK = Pattern.compile(
            "pack ([0-9a-f]{40}) ([0-9]{1,15}) ([0-9a-f]{64}) ([0-9]{1,15}) ([0-9a-f]{64})");
    private static final Pattern BASE = Pattern.compile("base ([0-9]{1,15})");

    Manifest {
        refs = Map.copyOf(refs);
        packs = List.copyOf(packs);
    }

    /**
     * One pack file and its index as stored.
     *
     * @param name the pack's name (JGit's {@code PackWriter.computeName()}, 40 hex digits)
     * @param packBytes the pack file's size
     * @param packSha256 the pack file's SHA-256, hex
     * @param idxBytes the index file's size
     * @param idxSha256 the index file's SHA-256, hex
     */
    record StoredPack(String name, long packBytes, String packSha256, long idxBytes, String idxSha256) {

        long bytes() {
            return packBytes + idxBytes;
        }
    }

    long bytes() {
        return packs.stream().mapToLong(StoredPack::bytes).sum();
    }

    byte[] encode() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("base ").append(base.toEpochMilli()).append('\n');
        refs.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(ref -> text.append("ref ").append(ref.getKey()).append(' ').append(ref.getValue().name())
                        .append('\n'));
        for (StoredPack pack : packs) {
            text.append("pack ").append(pack.name()).append(' ').append(pack.packBytes()).append(' ')
                    .append(pack.packSha256()).append(' ').append(pack.idxBytes()).append(' ')
                    .append(pack.idxSha256()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a manifest {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when {@code bytes} is not one (the store's object is damaged)
     */
    static Manifest decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("the manifest is longer than " + MAX_BYTES + " bytes");
        }
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
        if (lines.length < 2 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a work-store manifest");
        }
        Matcher base = BASE.matcher(lines[1]);
        if (!base.matches()) {
            throw new IllegalArgumentException("the manifest has no base time");
        }
        Map<String, ObjectId> refs = new LinkedHashMap<>();
        List<StoredPack> packs = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            Matcher ref = REF.matcher(lines[i]);
            Matcher pack = PACK.matcher(lines[i]);
            if (ref.matches() && refs.size() < 16) {
                refs.put(ref.group(1), ObjectId.fromString(ref.group(2)));
            } else if (pack.matches() && packs.size() < MAX_PACKS) {
                packs.add(new StoredPack(pack.group(1), Long.parseLong(pack.group(2)), pack.group(3),
                        Long.parseLong(pack.group(4)), pack.group(5)));
            } else {
                throw new IllegalArgumentException("line " + (i + 1) + " of the manifest is not understood");
            }
        }
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("the manifest names no refs");
        }
        return new Manifest(Instant.ofEpochMilli(Long.parseLong(base.group(1))), refs, packs);
    }
}
