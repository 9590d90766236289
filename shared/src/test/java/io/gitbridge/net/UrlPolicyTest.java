package io.gitbridge.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

    /** Test DNS: the names below, nothing else. */
    private static final HostResolver DNS = host -> {
        Map<String, String> answers = Map.of(
                "git.example.com", "93.184.216.34",
                "internal.example.com", "127.0.0.1",
                "metadata.example.com", "169.254.169.254",
                "mixed.example.com", "93.184.216.34,10.1.2.3",
                "corp-git.example.com", "10.20.30.40",
                "corp-loop.example.com", "127.0.0.2",
                "v6.example.com", "2606:2800:220:1:248:1893:25c8:1946");
        String answer = answers.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> addresses = new java.util.ArrayList<>();
        for (String a : answer.split(",")) {
            addresses.add(InetAddress.getByName(a));
        }
        return addresses;
    };

    private final UrlPolicy deployed = UrlPolicy.deployed(AllowedNetworks.NONE, DNS);
    private final UrlPolicy local = UrlPolicy.local(DNS);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1|a loopback address",
        "127.255.0.9|a loopback address",
        "0.0.0.0|an unspecified",
        "10.0.0.1|a private address (RFC 1918)",
        "172.16.0.1|a private address (RFC 1918)",
        "172.31.255.254|a private address (RFC 1918)",
        "192.168.1.1|a private address (RFC 1918)",
        "100.64.0.1|a carrier-grade NAT address",
        "100.127.255.254|a carrier-grade NAT address",
        "169.254.169.254|a link-local address",
        "224.0.0.1|a multicast address",
        "239.255.255.250|a multicast address",
        "255.255.255.255|the broadcast address",
        "240.0.0.1|a reserved address",
        "192.0.2.10|a reserved special-purpose address",
        "198.18.0.1|a reserved special-purpose address",
        "[::1]|a loopback address",
        "[::]|the unspecified address",
        "[fe80::1]|a link-local address (fe80::/10)",
        "[fc00::1]|a unique-local address",
        "[fd12:3456::1]|a unique-local address",
        "[ff02::1]|a multicast address",
        "[fec0::1]|a site-local address",
        "[2001:db8::1]|a documentation address",
        "[2001::1]|a Teredo tunnelling address",
        "[100::1]|a reserved address (outside 2000::/3",
        "[::ffff:127.0.0.1]|a loopback address",
        "[::ffff:169.254.169.254]|a link-local address",
        "[::ffff:7f00:1]|a loopback address",
        "[::127.0.0.1]|a loopback address in an IPv6 form",
        "[::10.0.0.1]|a private address (RFC 1918) in an IPv6 form",
        "[64:ff9b::a9fe:a9fe]|a link-local address (169.254.0.0/16, where cloud instance metadata lives) in an IPv6",
        "[64:ff9b::127.0.0.1]|a loopback address in an IPv6 form",
        "[64:ff9b:1::1]|a local-use NAT64 address",
        "[2002:7f00:1::]|a loopback address in an IPv6 form",
        "[2002:c0a8:101::1]|a private address (RFC 1918) in an IPv6 form",
    })
    void problem_refusesEveryNonPublicAddressClass_deployed(String host, String kind) {
        assertThat(deployed.problem("https://" + host + "/acme/app.git", true))
                .hasValueSatisfying(p -> assertThat(p).startsWith("has a host that is " + kind.substring(0, Math.min(kind.length(), 20)))
                        .contains(kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "[2606:2800:220:1:248:1893:25c8:1946]", "[2a00:1450::1]",
            "git.example.com", "v6.example.com", "100.128.0.1", "172.32.0.1", "11.0.0.1", "does-not-resolve.example.org"})
    void problem_acceptsPublicHostsAndNamesThatDoNotResolveYet_deployed(String host) {
        assertThat(deployed.problem("https://" + host + "/acme/app.git", true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f.1", "017700000001", "127.1", "0x7f000001", "127.000.000.001",
            "0177.0.0.1", "127.0.1", "1.2.3.4.5", "256.1.1.1", "exa_mple.com", "-bad.example.com"})
    void problem_refusesNumericAndMalformedHostSpellings_inBothModes(String host) {
        assertThat(deployed.problem("https://" + host + "/app.git", false)).hasValueSatisfying(
                p -> assertThat(p).startsWith("has a host that is"));
        assertThat(local.problem("http://" + host + "/app.git", false)).hasValueSatisfying(
                p -> assertThat(p).startsWith("has a host that is"));
    }

    @Test
    void problem_refusesNameThatResolvesToLoopback_deployed() {
        assertThat(deployed.problem("https://internal.example.com/acme/app.git", false)).contains(
                "has a host that resolves to 127.0.0.1, a loopback address; gitbridge connects only to public"
                        + " addresses (an operator can allow a private network with the AllowedPrivateNetworks"
                        + " parameter)");
        assertThat(deployed.problem("https://metadata.example.com/", false)).hasValueSatisfying(
                p -> assertThat(p).startsWith("has a host that resolves to 169.254.169.254, a link-local address"));
    }

    @Test
    void problem_refusesNameWithAnyInternalAddress_deployed() {
        assertThat(deployed.problem("https://mixed.example.com/app.git", false)).hasValueSatisfying(
                p -> assertThat(p).startsWith("has a host that resolves to 10.1.2.3, a private address (RFC 1918)"));
    }

    @Test
    void problem_refusesHttp_deployedEvenWithoutToken() {
        assertThat(deployed.problem("http://git.example.com/app.git", false))
                .contains("must be an https URL (plain http is accepted only by the local runner)");
    }

    @Test
    void problem_refusesHttpWithToken_locally_unlessLoopback() {
        assertThat(local.problem("http://git.example.com/app.git", true)).hasValueSatisfying(
                p -> assertThat(p).startsWith("must be an https URL: over plain http the token would travel in clear"));
        assertThat(local.problem("http://git.example.com/app.git", false)).isEmpty();
        assertThat(local.problem("http://127.0.0.1:8080/app.git", true)).isEmpty();
        assertThat(local.problem("http://[::1]:8080/app.git", true)).isEmpty();
        assertThat(local.problem("http://internal.example.com/app.git", true)).isEmpty();
        assertThat(local.problem("http://10.0.0.1/app.git", true)).isPresent();
    }

    @Test
    void problem_acceptsInternalAddresses_locally() {
        assertThat(local.problem("https://10.0.0.1/app.git", true)).isEmpty();
        assertThat(local.problem("https://169.254.169.254/", true)).isEmpty();
    }

    @Test
    void allowList_admitsListedBlocksAndNames() {
        UrlPolicy allowing = UrlPolicy.deployed(
                AllowedNetworks.parse(" 10.20.0.0/16 , corp-git.example.com, corp-loop.example.com,fd12:3456::/32"), DNS);
        assertThat(allowing.problem("https://10.20.1.1/app.git", true)).isEmpty();
        assertThat(allowing.problem("https://[fd12:3456::5]/app.git", true)).isEmpty();
        assertThat(allowing.problem("https://corp-git.example.com/app.git", true)).isEmpty();
        assertThat(allowing.problem("https://10.21.0.1/app.git", true)).isPresent();
        // A listed name still may not reach loopback or link-local addresses: those need a CIDR entry.
        assertThat(allowing.problem("https://corp-loop.example.com/app.git", true)).hasValueSatisfying(
                p -> assertThat(p).contains("resolves to 127.0.0.2, a loopback address"));
    }

    @Test
    void allowList_rejectsEntriesThatAreNeitherBlocksNorNames() {
        assertThatThrownBy(() -> AllowedNetworks.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> AllowedNetworks.parse("10.0.0.0/8, not a host"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not a host'");
        assertThat(AllowedNetworks.parse("  ").isEmpty()).isTrue();
    }

    @Test
    void addressesFor_checksEveryAnswerAtConnectTime_soAChangedAnswerIsRefused() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1"));
        UrlPolicy policy = UrlPolicy.deployed(AllowedNetworks.NONE, rebinding);
        assertThat(policy.problem("https://rebind.example.com/app.git", true)).isEmpty();
        assertThatThrownBy(() -> policy.addressesFor("rebind.example.com"))
                .isInstanceOfSatisfying(HostRefusedException.class, e -> {
                    assertThat(e.host()).isEqualTo("rebind.example.com");
                    assertThat(e.reason()).startsWith("resolves to 127.0.0.1, a loopback address");
                });
    }

    @Test
    void addressesFor_returnsTheCheckedAddresses() throws Exception {
        assertThat(deployed.addressesFor("git.example.com")).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(deployed.addressesFor("2606:2800:220:1:248:1893:25c8:1946")).hasSize(1);
        assertThat(local.addressesFor("internal.example.com")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> deployed.addressesFor("::1")).isInstanceOf(HostRefusedException.class);
        assertThatThrownBy(() -> deployed.addressesFor("nowhere.example.com"))
                .isInstanceOf(UnknownHostException.class).isNotInstanceOf(HostRefusedException.class);
    }

    @Test
    void problem_refusesOtherSchemes() {
        assertThat(deployed.problem("ftp://git.example.com/app.git", false)).contains("must be an https URL");
        assertThat(deployed.problem("https:///app.git", false)).contains("must name a host");
    }
}
