package io.gitbridge.sync.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes text safe to store and log: removes user info from every URL in it and masks known secrets, as a
 * second line of defence behind never putting credentials into URLs in the first place.
 */
public final class Redaction {

    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");
    private static final String MASK = "***";

    private final List<String> secrets;

    public Redaction(Collection<String> secrets) {
        List<String> kept = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                kept.add(secret);
            }
        }
        // Longest first, so a secret that contains another is masked whole.
        kept.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.secrets = List.copyOf(kept);
    }

    /** {@code text} without URL user info and with every known secret masked; null stays null. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String result = stripUserInfo(text);
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /** {@code text} with the user info of every URL in it removed. */
    public static String stripUserInfo(String text) {
        return URL_USER_INFO.matcher(text).replaceAll("$1");
    }
}
