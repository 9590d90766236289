package io.gitbridge.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which IP addresses are public unicast addresses, the only ones a deployed gitbridge connects to. Sources: the IANA
 * IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), RFC 1918 (private), RFC 6598 (CGNAT),
 * RFC 4193 (unique-local), RFC 4291 (IPv4-mapped and -compatible forms), RFC 6052 (NAT64 well-known prefix), RFC 3056
 * (6to4) and RFC 4380 (Teredo). An IPv6 address that embeds an IPv4 address (mapped, compatible, NAT64, 6to4) is judged
 * by the embedded address; outside 2000::/3 nothing in IPv6 is global unicast.
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * What kind of non-public address {@code address} is, completing "… is …", e.g. {@code a loopback address}; empty
     * for a public unicast address.
     */
    public static Optional<String> nonPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return ipv4(bytes);
        }
        return ipv6(bytes);
    }

    /** True for loopback addresses, in IPv4, IPv6 and every IPv6 form that embeds an IPv4 loopback address. */
    public static boolean isLoopback(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) == 127;
        }
        if (Arrays.equals(bytes, loopback6())) {
            return true;
        }
        byte[] embedded = embeddedIpv4(bytes);
        return embedded != null && (embedded[0] & 0xff) == 127;
    }

    private static Optional<String> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return Optional.of("an unspecified (\"this network\") address");
        }
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return Optional.of("a private address (RFC 1918)");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address (100.64.0.0/10)");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address (169.254.0.0/16, where cloud instance metadata lives)");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && (b[3] & 0xff) == 255) {
            return Optional.of("the broadcast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved address (240.0.0.0/4)");
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) || a0 == 198 && (a1 & 0xfe) == 18
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113
                || a0 == 192 && a1 == 88 && a2 == 99) {
            return Optional.of("a reserved special-purpose address (IANA registry)");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        byte[] embedded = embeddedIpv4(b);
        if (embedded != null) {
            return ipv4(embedded).map(kind -> kind + " in an IPv6 form");
        }
        if (Arrays.equals(b, new byte[16])) {
            return Optional.of("the unspecified address (::)");
        }
        if (Arrays.equals(b, loopback6())) {
            return Optional.of("a loopback address");
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return Optional.of("a multicast address");
        }
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a unique-local address (fc00::/7)");
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return Optional.of("a local-use NAT64 address (64:ff9b:1::/48)");
        }
        if ((first & 0xe0) != 0x20) {
            return Optional.of("a reserved address (outside 2000::/3, the global unicast range)");
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("a documentation address (2001:db8::/32)");
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
            return Optional.of("a Teredo tunnelling address (2001::/32)");
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xfe) == 0) {
            return Optional.of("a reserved special-purpose address (2001::/23, IANA registry)");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address an IPv6 address embeds: IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible
     * ({@code ::a.b.c.d}, but not {@code ::} or {@code ::1}), NAT64 well-known ({@code 64:ff9b::a.b.c.d}) or 6to4
     * ({@code 2002:aabb:ccdd::}); null for any other address.
     */
    static byte[] embeddedIpv4(byte[] b) {
        boolean zeroTen = true;
        for (int i = 0; i < 10; i++) {
            zeroTen &= b[i] == 0;
        }
        if (zeroTen && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (zeroTen && b[10] == 0 && b[11] == 0) {
            boolean upperZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            return upperZero && (b[15] == 0 || b[15] == 1) ? null : Arrays.copyOfRange(b, 12, 16);
        }
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        if (nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    /** The address {@code bytes} (4 or 16 of them) as an {@link InetAddress}, without any name lookup. */
    static InetAddress of(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + bytes.length + " bytes", e);
        }
    }

    /** The address in the form people read, IPv4 for IPv4-mapped IPv6 (Java converts those itself). */
    static String text(InetAddress address) {
        return address instanceof Inet4Address ? address.getHostAddress() : "[" + address.getHostAddress() + "]";
    }

    private static byte[] loopback6() {
        byte[] one = new byte[16];
        one[15] = 1;
        return one;
    }
}
