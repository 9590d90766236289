package io.gitbridge.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where gitbridge may connect for a hook: its {@code sourceRepo}, {@code buildRepo} and {@code apiUrl}.
 *
 * <p>{@link Mode#DEPLOYED} (AWS, and the local runner's {@code --url-policy deployed}): https only; the host must be
 * a proper DNS name or canonical IP literal ({@link HostNames}) and resolve only to public unicast addresses
 * ({@link Addresses}), unless the operator's {@link AllowedNetworks} allow it. {@link Mode#LOCAL} (the local
 * runner's default): {@code file://}, http and any address, but a token goes over plain http only to a loopback
 * address, where nothing leaves the machine.
 *
 * <p>The rules are checked twice: when a hook is validated ({@link #problem}), and right before every connection
 * ({@link #addressesFor}, which HTTP clients use as their DNS resolver so that they connect to exactly the addresses
 * that were checked; see {@link PinnedHttp}). A DNS answer that changes after validation therefore cannot reach an
 * internal address. A name that does not resolve at validation is accepted there and judged at connect time.
 */
public final class UrlPolicy {

    /** Which rules apply. */
    public enum Mode {
        /** The rules of a deployment on AWS. */
        DEPLOYED,
        /** The local runner's rules for trying things out. */
        LOCAL;

        /** The mode named {@code deployed} or {@code local}. @throws IllegalArgumentException for any other name */
        public static Mode named(String name) {
            return switch (name) {
                case "deployed" -> DEPLOYED;
                case "local" -> LOCAL;
                default -> throw new IllegalArgumentException("url policy must be deployed or local, not " + name);
            };
        }
    }

    private static final String ALLOW_ADVICE = "gitbridge connects only to public addresses (an operator can allow a"
            + " private network with the AllowedPrivateNetworks parameter)";

    private final Mode mode;
    private final AllowedNetworks allowed;
    private final HostResolver resolver;

    private UrlPolicy(Mode mode, AllowedNetworks allowed, HostResolver resolver) {
        this.mode = mode;
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The deployed rules with the operator's exceptions, resolving names with {@code resolver}. */
    public static UrlPolicy deployed(AllowedNetworks allowed, HostResolver resolver) {
        return new UrlPolicy(Mode.DEPLOYED, allowed, resolver);
    }

    /** The local runner's default rules, resolving names with {@code resolver}. */
    public static UrlPolicy local(HostResolver resolver) {
        return new UrlPolicy(Mode.LOCAL, AllowedNetworks.NONE, resolver);
    }

    /** The rules of {@code mode}; {@code allowed} matters only for {@link Mode#DEPLOYED}. */
    public static UrlPolicy of(Mode mode, AllowedNetworks allowed, HostResolver resolver) {
        return new UrlPolicy(mode, mode == Mode.DEPLOYED ? allowed : AllowedNetworks.NONE, resolver);
    }

    /** Which rules apply. */
    public Mode mode() {
        return mode;
    }

    /** Whether {@code file://} URLs and local paths are accepted: only under {@link Mode#LOCAL}. */
    public boolean allowsFileUrls() {
        return mode == Mode.LOCAL;
    }

    /** The resolver this policy checks names with. */
    public HostResolver resolver() {
        return resolver;
    }

    /**
     * What is wrong with the network part of an http(s) URL: its scheme, host spelling and the addresses its host
     * resolves to; empty when it is accepted. Other schemes and URL shapes are the caller's to judge.
     *
     * @param carriesToken whether a token will be sent to this URL (plain http then needs a loopback address)
     * @return a reason completing "the URL …", e.g. {@code must be an https URL}
     */
    public Optional<String> problem(URI url, boolean carriesToken) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an https URL");
        }
        Optional<String> host = HostNames.hostOf(url);
        if (host.isEmpty()) {
            return Optional.of("must name a host");
        }
        Optional<String> spelling = HostNames.problem(host.get());
        if (spelling.isPresent()) {
            return Optional.of("has a host that " + spelling.get());
        }
        if (scheme.equals("http") && mode == Mode.DEPLOYED) {
            return Optional.of("must be an https URL (plain http is accepted only by the local runner)");
        }
        if (scheme.equals("http") && carriesToken && !onlyLoopback(host.get())) {
            return Optional.of("must be an https URL: over plain http the token would travel in clear text (the local"
                    + " runner accepts http with a token only for loopback addresses)");
        }
        try {
            addressesFor(host.get());
        } catch (HostRefusedException e) {
            return Optional.of("has a host that " + e.reason());
        } catch (UnknownHostException e) {
            // Judged again at connect time, when it may resolve.
        }
        return Optional.empty();
    }

    /** Like {@link #problem(URI, boolean)} for a URL in text; an unparseable URL is reported as such. */
    public Optional<String> problem(String url, boolean carriesToken) {
        try {
            return problem(new URI(url), carriesToken);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
    }

    /**
     * The addresses a connection to {@code host} may use, every one of them checked: the connect-time check. Connect
     * to these and to nothing else.
     *
     * @param host a host as {@link HostNames#hostOf} gives it (IPv6 in brackets) or as {@link java.net.URL#getHost}
     * @throws HostRefusedException when the host's spelling or any address it resolves to is refused
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetAddress> addressesFor(String host) throws UnknownHostException {
        String spelled = host.toLowerCase(Locale.ROOT);
        if (spelled.indexOf(':') >= 0 && !spelled.startsWith("[")) {
            spelled = "[" + spelled + "]";
        }
        Optional<String> spelling = HostNames.problem(spelled);
        if (spelling.isPresent()) {
            throw new HostRefusedException(host, spelling.get());
        }
        Optional<InetAddress> literal = HostNames.literal(spelled);
        if (mode == Mode.DEPLOYED && isLocalhostName(spelled) && !allowed.names(spelled)) {
            throw new HostRefusedException(host, "is a loopback name (RFC 6761: localhost names always mean this"
                    + " machine); " + ALLOW_ADVICE);
        }
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolve(spelled);
        if (mode == Mode.LOCAL) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = refusal(spelled, address, literal.isEmpty());
            if (kind.isPresent()) {
                String what = literal.isPresent() ? "is " + kind.get()
                        : "resolves to " + Addresses.text(address) + ", " + kind.get();
                throw new HostRefusedException(host, what + "; " + ALLOW_ADVICE);
            }
        }
        return addresses;
    }

    /** True when {@code host} is a loopback literal or resolves only to loopback addresses. */
    public boolean onlyLoopback(String host) {
        if (isLocalhostName(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            Optional<InetAddress> literal = HostNames.literal(host);
            List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolve(host);
            return addresses.stream().allMatch(Addresses::isLoopback);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLocalhostName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return name.equals("localhost") || name.endsWith(".localhost");
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        List<InetAddress> addresses = resolver.resolve(name);
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(name + " has no addresses");
        }
        return List.copyOf(addresses);
    }

    /** Why {@code address} is refused for {@code host}; empty when it is public or the operator allows it. */
    private Optional<String> refusal(String host, InetAddress address, boolean named) {
        Optional<String> kind = Addresses.nonPublic(address);
        if (kind.isEmpty() || allowed.contains(address)) {
            return Optional.empty();
        }
        if (named && allowed.names(host) && privateNetwork(address)) {
            return Optional.empty();
        }
        return kind;
    }

    /** Private (RFC 1918), carrier-grade NAT and unique-local addresses: what a named allow-list entry may reach. */
    private static boolean privateNetwork(InetAddress address) {
        String kind = Addresses.nonPublic(address).orElse("");
        return kind.startsWith("a private address") || kind.startsWith("a carrier-grade NAT")
                || kind.startsWith("a unique-local");
    }

    @Override
    public String toString() {
        return "UrlPolicy[" + mode.name().toLowerCase(Locale.ROOT) + (allowed.isEmpty() ? "" : ", allowed=" + allowed)
                + "]";
    }
}
