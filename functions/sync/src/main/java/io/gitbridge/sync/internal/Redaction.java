package io.gitbridge.sync.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
     * Masks each credential's password in every encoding listed in the class comment, and the {@code user:password}
     * pair raw and in base64.
     */
    public static Redaction of(Collection<Credential> credentials) {
        Set<String> forms = new LinkedHashSet<>();
        for (Credential credential : credentials) {
            String password = credential.password();
            if (password == null || password.isBlank()) {
                continue;
            }
            forms.addAll(encodings(password));
            if (credential.user() != null) {
                String pair = credential.user() + ":" + password;
                forms.add(pair);
                forms.addAll(base64(pair));
                forms.addAll(encodings(pair));
            }
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

    /** The secret raw, URL-encoded (form and path style, upper and lower hex) and in base64. */
    private static Set<String> encodings(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String path = form.replace("+", "%20");
        for (String encoded : List.of(form, path)) {
            forms.add(encoded);
            forms.add(lowerHex(encoded));
        }
        forms.addAll(base64(secret));
        return forms;
    }

    /** Base64 of {@code text} in the standard and URL-safe alphabets, with and without padding. */
    private static Set<String> base64(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        return forms;
    }

    private static String lowerHex(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                out.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A user name (null when none) and the password or token that goes with it. */
    public record Credential(String user, String password) {

        @Override
        public String toString() {
            return "Credential[user=" + user + ", password=***]";
        }
    }
}
