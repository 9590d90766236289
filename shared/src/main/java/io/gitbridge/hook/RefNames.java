package io.gitbridge.hook;

import java.util.Optional;

/** Git's ref-name rules ({@code git check-ref-format --branch}) for branch names, without needing git. */
public final class RefNames {

    private RefNames() {
    }

    /** What is wrong with {@code name} as a branch name, or empty when git would accept it. */
    public static Optional<String> branchProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("must not be empty");
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
