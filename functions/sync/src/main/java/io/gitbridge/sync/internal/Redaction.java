package io.gitbridge.sync.internal;

import io.gitbridge.net.SecretForms;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes text safe to store and log: removes user info from every URL in it and masks known secrets in every encoding a
 * server could echo back (raw, URL-encoded in form and path style with upper- or lower-case hex, base64 of the secret
 * and of {@code user:secret} as an HTTP Basic header carries it), as a second line of defence behind never putting
 * credentials into URLs or sending them to another host in the first place.
 */
public final class Redaction {

    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");
    private static final String MASK = "***";

    private final List<String> secrets;

    /** Masks each of {@code secrets} (nulls and blanks ignored) as given, in raw form only. */
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

    /**
     * Masks each credential's password, and the {@code user:password} pair, in every form of {@link SecretForms}.
     */
    public static Redaction of(Collection<Credential> credentials) {
        Set<String> forms = new LinkedHashSet<>();
        for (Credential credential : credentials) {
            forms.addAll(SecretForms.of(credential.user(), credential.password()));
        }
        return new Redaction(forms);
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

    /** A user name (null when none) and the password or token that goes with it. */
    public record Credential(String user, String password) {

        @Override
        public String toString() {
            return "Credential[user=" + user + ", password=***]";
        }
    }
}
