package io.gitbridge.hook;

import java.util.Optional;

/** Git's ref-name rules ({@code git check-ref-format --branch}) for branch names, without needing git. */
public final class RefNames {

    /**
     * The longest branch name accepted, in UTF-8 bytes: {@code refs/heads/} and the name must fit the 255 bytes that
     * file systems allow a file name (git stores a ref as a file, plus {@code .lock} while it changes) and that hosting
     * services allow a ref.
     */
    public static final int MAX_BRANCH_BYTES = 255 - "refs/heads/".length();

    private RefNames() {
    }

    /** What is wrong with {@code name} as a branch name, or empty when git would accept it. */
    public static Optional<String> branchProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("must not be empty");
        }
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_BRANCH_BYTES) {
            return Optional.of("must be at most " + MAX_BRANCH_BYTES + " bytes in UTF-8 (this one has " + bytes
                    + "): git hosts and file systems limit a ref name, refs/heads/ included, to 255");
        }
        if (name.startsWith("refs/")) {
            return Optional.of("must be a short branch name such as main, not a full ref");
        }
        if (name.startsWith("-")) {
            return Optional.of("must not start with '-'");
        }
        if (name.equals("@")) {
            return Optional.of("must not be '@'");
        }
        if (name.equals("HEAD")) {
            return Optional.of("must not be HEAD, which git reserves");
        }
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            return Optional.of("must not start or end with '/' or contain '//'");
        }
        if (name.endsWith(".")) {
            return Optional.of("must not end with '.'");
        }
        if (name.contains("..")) {
            return Optional.of("must not contain '..'");
        }
        if (name.contains("@{")) {
            return Optional.of("must not contain '@{'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ' || "~^:?*[\\".indexOf(c) >= 0) {
                return Optional.of("must not contain control characters, spaces or any of ~ ^ : ? * [ \\");
            }
        }
        if (!HookValidator.printable(name)) {
            return Optional.of("must not contain unpaired UTF-16 surrogates");
        }
        for (String component : name.split("/")) {
            if (component.startsWith(".")) {
                return Optional.of("no path component may start with '.'");
            }
            if (component.endsWith(".lock")) {
                return Optional.of("no path component may end with '.lock'");
            }
        }
        return Optional.empty();
    }
}
