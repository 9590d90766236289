package io.gitbridge.provider;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Facts about git refs and object ids that every provider's payload uses. */
public final class GitRefs {

    /** The object id providers send for "no commit": the old side of a creation, the new side of a deletion. */
    public static final String ZERO_ID = "0000000000000000000000000000000000000000";

    /** The prefix of branch refs. */
    public static final String HEADS = "refs/heads/";

    /** The prefix of tag refs. */
    public static final String TAGS = "refs/tags/";

    /**
     * The longest ref name component, in UTF-8 bytes: git stores a ref as a file named after each component, and file
     * systems allow 255 bytes per name (NAME_MAX).
     */
    public static final int MAX_COMPONENT_BYTES = 255;

    /** The longest ref name gitbridge reads from a payload, in UTF-8 bytes. */
    public static final int MAX_REF_BYTES = 1024;

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");

    private GitRefs() {
    }

    /** The full ref of a branch. */
    public static String branchRef(String branch) {
        return HEADS + branch;
    }

    /** True for a full-length lower-case SHA-1 object id. */
    public static boolean isObjectId(String value) {
        return value != null && OBJECT_ID.matcher(value).matches();
    }

    /** True for the all-zero object id. */
    public static boolean isZero(String value) {
        return ZERO_ID.equals(value);
    }

    /**
     * Requires a commit id from a payload field.
     *
     * @throws MalformedPayloadException when it is not a 40-hex object id
     */
    public static String requireCommit(String value, String field) {
        if (!isObjectId(value)) {
            throw new MalformedPayloadException(field + " is not a 40-hex commit id");
        }
        return value;
    }

    /**
     * Requires a ref name (full, {@code refs/heads/x}, or a short branch name) from a payload field to be one git can
     * hold: not empty, no control characters (git's {@code check-ref-format} refuses them), at most
     * {@value #MAX_REF_BYTES} UTF-8 bytes and {@value #MAX_COMPONENT_BYTES} per slash-separated component.
     *
     * @throws MalformedPayloadException when it is not; the reason names the field, never the value
     */
    public static String requireRef(String value, String field) {
        if (value.isEmpty()) {
            throw new MalformedPayloadException(field + " is empty");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new MalformedPayloadException(field + " holds a control character, which git refs cannot");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_REF_BYTES) {
            throw new MalformedPayloadException(field + " is longer than " + MAX_REF_BYTES + " bytes");
        }
        for (String component : value.split("/")) {
            if (component.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                throw new MalformedPayloadException(field + " has a component longer than " + MAX_COMPONENT_BYTES
                        + " bytes, which git cannot store");
            }
        }
        return value;
    }
}
