package io.gitbridge.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host spellings gitbridge accepts in a URL: a DNS name (letters, digits and hyphens, labels of 1 to 63
 * characters, at most 253 in all, the last label not numeric), a canonical dotted-quad IPv4 address
 * ({@code 192.0.2.1}, no leading zeros) or a bracketed IPv6 address without a zone. Anything else is refused, in
 * particular the numeric spellings that C resolvers turn into addresses ({@code 2130706433}, {@code 0x7f.1},
 * {@code 017700000001}, {@code 127.1}), which would slip past a check that reads them as names.
 */
public final class HostNames {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+\\]");
    private static final int MAX_NAME = 253;

    private HostNames() {
    }

    /**
     * The host of {@code uri} as written (IPv6 in brackets, lower case), also when {@link URI#getHost} gives up on it,
     * as it does for {@code 127.1}; empty when the URL names none.
     */
    public static Optional<String> hostOf(URI uri) {
        if (uri.getHost() != null && !uri.getHost().isEmpty()) {
            return Optional.of(uri.getHost().toLowerCase(Locale.ROOT));
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return Optional.empty();
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (!host.startsWith("[")) {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                host = host.substring(0, colon);
            }
        } else if (host.indexOf(']') > 0) {
            host = host.substring(0, host.indexOf(']') + 1);
        }
        return host.isEmpty() ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT));
    }

    /** What is wrong with {@code host} (as {@link #hostOf} gives it), completing "the host …"; empty when accepted. */
    public static Optional<String> problem(String host) {
        if (host.startsWith("[")) {
            return literal(host).isPresent() ? Optional.empty()
                    : Optional.of("is not a valid bracketed IPv6 address (zones such as %eth0 are not accepted)");
        }
        if (DOTTED_QUAD.matcher(host).matches()) {
            return literal(host).isPresent() ? Optional.empty()
                    : Optional.of("is not a valid IPv4 address (each part is at most 255)");
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return Optional.of("is not a DNS name (1 to " + MAX_NAME + " characters)");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("is not a DNS name: each dot-separated part must be 1 to 63 letters, digits or"
                        + " hyphens, not starting or ending with a hyphen");
            }
        }
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.of("is a numeric host spelling; write an IPv4 address as four decimal numbers without"
                    + " leading zeros (e.g. 192.0.2.1), or use a DNS name");
        }
        return Optional.empty();
    }

    /** The address a literal host names (a canonical dotted quad or a bracketed IPv6 address); empty for a name. */
    public static Optional<InetAddress> literal(String host) {
        if (DOTTED_QUAD.matcher(host).matches()) {
            String[] parts = host.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int value = Integer.parseInt(parts[i]);
                if (value > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) value;
            }
            return Optional.of(Addresses.of(bytes));
        }
        if (IPV6.matcher(host).matches()) {
            byte[] bytes = ipv6(host.substring(1, host.length() - 1));
            return bytes == null ? Optional.empty() : Optional.of(Addresses.of(bytes));
        }
        return Optional.empty();
    }

    /** Parses an IPv6 address (RFC 4291 text forms, with an optional trailing dotted quad); null when invalid. */
    private static byte[] ipv6(String text) {
        String body = text;
        byte[] tail = null;
        int lastColon = body.lastIndexOf(':');
        if (lastColon >= 0 && body.indexOf('.', lastColon) > 0) {
            Optional<InetAddress> v4 = DOTTED_QUAD.matcher(body.substring(lastColon + 1)).matches()
                    ? literal(body.substring(lastColon + 1)) : Optional.empty();
            if (v4.isEmpty()) {
                return null;
            }
            tail = v4.get().getAddress();
            body = body.substring(0, lastColon + 1) + "0:0";
        }
        int gap = body.indexOf("::");
        if (gap >= 0 && body.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = gap < 0 ? body.split(":", -1) : split(body.substring(0, gap));
        String[] rest = gap < 0 ? new String[0] : split(body.substring(gap + 2));
        int groups = head.length + rest.length;
        if (gap < 0 && groups != 8 || gap >= 0 && groups > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        if (!put(head, bytes, 0) || !put(rest, bytes, 16 - 2 * rest.length)) {
            return null;
        }
        if (tail != null) {
            System.arraycopy(tail, 0, bytes, 12, 4);
        }
        return bytes;
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static boolean put(String[] groups, byte[] bytes, int offset) {
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            int value = Integer.parseInt(group, 16);
            bytes[offset + 2 * i] = (byte) (value >> 8);
            bytes[offset + 2 * i + 1] = (byte) value;
        }
        return true;
    }
}
