package io.gitbridge.net;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every form in which a server could echo a credential back into an error message: raw, URL-encoded (form style with
 * {@code +} and path style with {@code %20}, upper- and lower-case hex) and base64 (standard and URL-safe alphabets,
 * with and without padding), and for a user name with a password also {@code user:password} raw and in base64, as an
 * HTTP Basic {@code Authorization} header carries it (RFC 7617). Text masked of all these forms holds no usable copy.
 */
public final class SecretForms {

    private SecretForms() {
    }

    /** The forms of {@code secret}; empty for null or blank. */
    public static Set<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        if (secret == null || secret.isBlank()) {
            return forms;
        }
        forms.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        for (String encoded : List.of(form, form.replace("+", "%20"))) {
            forms.add(encoded);
            forms.add(lowerHex(encoded));
        }
        forms.addAll(base64(secret));
        return forms;
    }

    /** The forms of {@code password}, and of {@code user:password} when there is a user. */
    public static Set<String> of(String user, String password) {
        Set<String> forms = of(password);
        if (!forms.isEmpty() && user != null) {
            forms.addAll(of(user + ":" + password));
        }
        return forms;
    }

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
}
