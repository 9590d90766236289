package io.gitbridge.provider;

import java.util.regex.Pattern;

/** Facts about git refs and object ids that every provider's payload uses. */
public final class GitRefs {

    /** The object id providers send for "no commit": the old side of a creation, the new side of a deletion. */
    public static final String ZERO_ID = "0000000000000000000000000000000000000000";

    /** The prefix of branch refs. */
    public static final String HEADS = "refs/heads/";

    /** The prefix of tag refs. */
    public static final String TAGS = "refs/tags/";

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
}
