package io.gitbridge.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's exceptions to the deployed URL rules, for self-hosted Git servers on private networks: CIDR blocks
 * (an address inside one is allowed whatever its class) and host names (a listed name may resolve to private,
 * carrier-grade NAT or unique-local addresses; loopback, link-local and the like still need a CIDR). Written as one
 * comma-separated list, e.g. {@code 10.20.0.0/16, git.corp.example, fd12:3456::/32}; the template's
 * {@code AllowedPrivateNetworks} parameter.
 */
public final class AllowedNetworks {

    /** Nothing allowed beyond the public internet. */
    public static final AllowedNetworks NONE = new AllowedNetworks(List.of(), Set.of());

    private final List<Block> blocks;
    private final Set<String> hosts;

    private AllowedNetworks(List<Block> blocks, Set<String> hosts) {
        this.blocks = List.copyOf(blocks);
        this.hosts = Set.copyOf(hosts);
    }

    /**
     * Parses a comma-separated list of CIDR blocks, single IP addresses and host names; blank gives {@link #NONE}.
     *
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static AllowedNetworks parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            String literalForm = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
            Optional<InetAddress> literal = HostNames.literal(literalForm);
            if (literal.isPresent()) {
                int bits = literal.get().getAddress().length * 8;
                int prefix = slash < 0 ? bits : prefix(entry.substring(slash + 1), bits, raw);
                blocks.add(new Block(literal.get().getAddress(), prefix));
            } else if (slash < 0 && HostNames.problem(entry).isEmpty()) {
                hosts.add(entry.endsWith(".") ? entry.substring(0, entry.length() - 1) : entry);
            } else {
                throw new IllegalArgumentException("'" + raw.trim() + "' is neither a CIDR block (10.0.0.0/8,"
                        + " fd00::/8), an IP address nor a host name");
            }
        }
        return new AllowedNetworks(blocks, hosts);
    }

    /** True when the list names nothing. */
    public boolean isEmpty() {
        return blocks.isEmpty() && hosts.isEmpty();
    }

    /** True when {@code address} lies in one of the listed blocks. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return blocks.stream().anyMatch(block -> block.contains(bytes));
    }

    /** True when {@code host} (lower case, without a trailing dot) is one of the listed host names. */
    public boolean names(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return hosts.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        List<String> entries = new ArrayList<>(hosts);
        blocks.forEach(block -> entries.add(Addresses.of(block.network()).getHostAddress() + "/" + block.prefix()));
        return String.join(",", entries);
    }

    private static int prefix(String text, int bits, String raw) {
        try {
            int prefix = Integer.parseInt(text);
            if (prefix >= 0 && prefix <= bits) {
                return prefix;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + raw.trim() + "' has a prefix length that is not 0 to " + bits);
    }

    /** A CIDR block: the first {@code prefix} bits of {@code network}. */
    private record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
